package io.agentdeck.api;

/** A request the API refuses before it reaches the engine: bad JSON, a wrong type, a missing field. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String hint;

    public ApiException(int status, String code, String message, String hint) {
        super(message);
        this.status = status;
        this.code = code;
        this.hint = hint;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_input", message, "Check the request against the API reference at /docs.");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String hint() {
        return hint;
    }
}
