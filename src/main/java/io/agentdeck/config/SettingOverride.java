package io.agentdeck.config;

import java.util.Objects;

/**
 * Something outside the settings file that decides a setting: an environment variable such as {@code OPENAI_BASE_URL}
 * deciding the "server URL", or a command-line flag such as {@code --port}.
 */
public record SettingOverride(String source, String setting) {
    public SettingOverride {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(setting, "setting");
    }

    /** E.g. "OPENAI_BASE_URL (server URL)". */
    public String describe() {
        return source + " (" + setting + ")";
    }
}
