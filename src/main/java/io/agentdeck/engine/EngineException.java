package io.agentdeck.engine;

/**
 * A failure the engine explains: its message is safe to show to a user (no stack traces, no secrets), and its
 * kind decides how the API and UI present it.
 */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String hint;

    public EngineException(ErrorKind kind, String message) {
        this(kind, message, kind.defaultHint(), null);
    }

    public EngineException(ErrorKind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public static EngineException invalid(String message) {
        return new EngineException(ErrorKind.INVALID_INPUT, message);
    }

    public static EngineException notFound(String message) {
        return new EngineException(ErrorKind.NOT_FOUND, message);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String hint() {
        return hint;
    }
}
