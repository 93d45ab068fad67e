package io.agentdeck.engine;

/** Every way an engine call can fail, each with a stable code and a hint for the person who called it. */
public enum ErrorKind {
    INVALID_INPUT("invalid_input", "Check the request against the API reference."),
    NOT_FOUND("not_found", "List what exists first, e.g. GET /api/agents."),
    FORBIDDEN("forbidden", "Ask an admin of this server: only admins may do this."),
    CONFLICT("conflict", "The resource is in a state that does not allow this."),
    NOT_INITIALIZED("not_initialized", "Call POST /api/init first"),
    NO_MODEL_CONFIGURED(
            "no_model_configured",
            "Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL and AGENTDECK_MODEL) before starting AgentDeck, or choose"
                    + " a provider on the Settings page, which applies at once; a local OpenAI-compatible server such as"
                    + " Ollama or LM Studio works too."),
    PROVIDER_ERROR("model_provider_error", "The model provider failed; check its URL, key and model name, then retry."),
    MODEL_TIMEOUT("model_timeout", "The model provider did not answer in time; retry, or raise the model timeout."),
    CANCELLED("cancelled", "The request was cancelled before it finished."),
    STORAGE_UNAVAILABLE(
            "storage_unavailable",
            "The database could not store this safely; check free disk space and the data directory, then retry."),
    INTERNAL("internal_error", "Something unexpected went wrong inside AgentDeck; the log file has the details.");

    private final String code;
    private final String defaultHint;

    ErrorKind(String code, String defaultHint) {
        this.code = code;
        this.defaultHint = defaultHint;
    }

    public String code() {
        return code;
    }

    public String defaultHint() {
        return defaultHint;
    }
}
