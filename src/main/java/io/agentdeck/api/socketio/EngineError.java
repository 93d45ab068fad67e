package io.agentdeck.api.socketio;

/** engine.io's own error bodies ({@code {"code": n, "message": "..."}}), which its clients know. */
enum EngineError {
    BAD_REQUEST(3, "Bad request"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    private final int code;
    private final String message;

    EngineError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
