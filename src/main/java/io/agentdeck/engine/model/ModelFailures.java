package io.agentdeck.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/** Reads a provider failure: is it worth another try, and how to explain it without leaking internals. */
final class ModelFailures {
    private ModelFailures() {}

    static boolean isTransient(Throwable failure) {
        if (isTimeout(failure)) {
            return false;
        }
        Optional<Integer> status = httpStatus(failure);
        if (status.isPresent()) {
            int code = status.get();
            return code == 429 || code >= 500;
        }
        return failure instanceof RateLimitException
                || failure instanceof dev.langchain4j.exception.InternalServerException
                || isBrokenConnection(failure);
    }

    static boolean isTimeout(Throwable failure) {
        return failure instanceof dev.langchain4j.exception.TimeoutException
                || causeOf(failure, HttpTimeoutException.class).isPresent()
                || causeOf(failure, SocketTimeoutException.class).isPresent()
                || causeOf(failure, java.util.concurrent.TimeoutException.class).isPresent();
    }

    static EngineException explain(Throwable failure, ModelSettings settings) {
        if (failure instanceof EngineException engineException) {
            return engineException;
        }
        if (isTimeout(failure)) {
            return new EngineException(
                    ErrorKind.MODEL_TIMEOUT,
                    "The model provider did not answer within "
                            + settings.timeout().toSeconds() + " s.",
                    ErrorKind.MODEL_TIMEOUT.defaultHint(),
                    failure);
        }
        Optional<Integer> status = httpStatus(failure);
        if (failure instanceof AuthenticationException
                || status.filter(s -> s == 401 || s == 403).isPresent()) {
            return provider(
                    "The model provider rejected the API key.", "Check the API key in the model settings.", failure);
        }
        if (failure instanceof ModelNotFoundException
                || status.filter(s -> s == 404).isPresent()) {
            return provider(
                    "The model provider does not know model '" + settings.modelName() + "'.",
                    "Check the model name and the base URL (" + settings.baseUrl() + ").",
                    failure);
        }
        if (status.filter(s -> s == 429).isPresent() || failure instanceof RateLimitException) {
            return provider("The model provider is rate limiting requests.", "Wait a moment and retry.", failure);
        }
        if (status.isPresent()) {
            return provider(
                    "The model provider answered with HTTP " + status.get() + ".",
                    ErrorKind.PROVIDER_ERROR.defaultHint(),
                    failure);
        }
        if (causeOf(failure, ConnectException.class).isPresent()) {
            return provider(
                    "Could not connect to the model provider at " + settings.baseUrl() + ".",
                    "Is the model server running and is the base URL right?",
                    failure);
        }
        if (isBrokenConnection(failure)) {
            return provider(
                    "The connection to the model provider broke off.", ErrorKind.PROVIDER_ERROR.defaultHint(), failure);
        }
        return provider(
                "The model provider sent a reply AgentDeck could not read.",
                "Check that the base URL points at an OpenAI-compatible API.",
                failure);
    }

    /** An I/O failure, but not an unreadable body: Jackson's parse errors are IOExceptions too. */
    private static boolean isBrokenConnection(Throwable failure) {
        return causeOf(failure, IOException.class).isPresent()
                && causeOf(failure, JsonProcessingException.class).isEmpty();
    }

    private static EngineException provider(String message, String hint, Throwable cause) {
        return new EngineException(ErrorKind.PROVIDER_ERROR, message, hint, cause);
    }

    private static Optional<Integer> httpStatus(Throwable failure) {
        return causeOf(failure, HttpException.class).map(HttpException::statusCode);
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
