package io.agentdeck.api;

import io.agentdeck.api.dto.ErrorDto;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns any failure into the API's error JSON and status code; never a stack trace. */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    static int statusOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> 400;
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT, CANCELLED -> 409;
            case NOT_INITIALIZED, NO_MODEL_CONFIGURED, STORAGE_UNAVAILABLE -> 503;
            case PROVIDER_ERROR -> 502;
            case MODEL_TIMEOUT -> 504;
            case INTERNAL -> 500;
        };
    }

    static ErrorDto toDto(EngineException e) {
        return new ErrorDto(e.getMessage(), e.kind().code(), e.hint());
    }

    static void engine(EngineException e, Context ctx) {
        ctx.status(statusOf(e.kind())).json(toDto(e));
    }

    static void api(ApiException e, Context ctx) {
        ctx.status(e.status()).json(new ErrorDto(e.getMessage(), e.code(), e.hint()));
    }

    static void http(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        ctx.status(status)
                .json(
                        switch (status) {
                            case 404 -> notFound(ctx);
                            case 405 ->
                                new ErrorDto(
                                        ctx.method() + " is not allowed on " + ctx.path() + ".",
                                        "method_not_allowed",
                                        "See /docs.");
                            case 413 -> tooLarge();
                            default ->
                                new ErrorDto(
                                        e.getMessage() == null || e.getMessage().isBlank()
                                                ? "The request failed."
                                                : e.getMessage(),
                                        "http_" + status,
                                        "See /docs.");
                        });
    }

    static ErrorDto notFound(Context ctx) {
        return new ErrorDto(
                "No route " + ctx.method() + " " + ctx.path() + ".", "not_found", "See /docs for the routes.");
    }

    static ErrorDto tooLarge() {
        return new ErrorDto("The request body is larger than 1 MiB.", "payload_too_large", "Send a smaller body.");
    }

    static void unexpected(Exception e, Context ctx) {
        LOG.error("Unexpected failure handling {} {}", ctx.method(), ctx.path(), e);
        ctx.status(500)
                .json(new ErrorDto(
                        "Something unexpected went wrong inside AgentDeck.",
                        ErrorKind.INTERNAL.code(),
                        ErrorKind.INTERNAL.defaultHint()));
    }
}
