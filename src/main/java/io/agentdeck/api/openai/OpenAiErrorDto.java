package io.agentdeck.api.openai;

import io.agentdeck.engine.EngineException;

/** OpenAI's error shape, which the official SDKs parse: {@code {"error": {"message", "type", "param", "code"}}}. */
record OpenAiErrorDto(Body error) {

    record Body(String message, String type, String param, String code) {}

    /** Our hint goes into the message, the one field every OpenAI client shows. */
    static OpenAiErrorDto of(int status, String message, String code, String hint) {
        String text = hint == null || hint.isBlank() ? message : message + " " + hint;
        return new OpenAiErrorDto(new Body(text, typeFor(status), null, code));
    }

    /** For a failure after a stream has begun, when there is no status code left to send. */
    static OpenAiErrorDto of(EngineException failure) {
        String type = switch (failure.kind()) {
            case INVALID_INPUT, NOT_FOUND, CONFLICT, CANCELLED -> "invalid_request_error";
            case FORBIDDEN -> "permission_error";
            default -> "server_error";
        };
        String text = failure.getMessage() + " " + failure.hint();
        return new OpenAiErrorDto(new Body(text, type, null, failure.kind().code()));
    }

    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
