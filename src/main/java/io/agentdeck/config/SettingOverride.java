package io.agentdeck.config;

import java.util.Objects;

/** An environment variable that decides a setting, e.g. {@code OPENAI_BASE_URL} deciding the "server URL". */
public record SettingOverride(String variable, String setting) {
    public SettingOverride {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(setting, "setting");
    }

    /** E.g. "OPENAI_BASE_URL (server URL)". */
    public String describe() {
        return variable + " (" + setting + ")";
    }
}
