package io.agentdeck.ui.viewmodel;

import io.agentdeck.engine.model.ModelStatus;
import io.agentdeck.ui.LocalApiStatus;
import java.util.Optional;

/** The sentences the dashboard's API and system panels show. */
final class StatusTexts {
    /** How much of the token the panel shows: enough to tell tokens apart, too little to use one. */
    static final int VISIBLE_TOKEN_CHARS = 4;

    private StatusTexts() {}

    static String apiState(LocalApiStatus api) {
        return switch (api.state()) {
            case STARTING -> "Starting…";
            case RUNNING -> "Running at " + api.url().orElse("an unknown address");
            case STOPPED -> "Stopped: " + api.problem().orElse("the API is not running");
        };
    }

    static String apiClients(LocalApiStatus api) {
        return switch (api.connectedClients()) {
            case 0 -> "No real-time clients connected";
            case 1 -> "1 real-time client connected";
            default -> api.connectedClients() + " real-time clients connected";
        };
    }

    static String apiAuth(LocalApiStatus api) {
        return api.authEnabled() ? "Authentication on" : "Authentication off";
    }

    static String maskedToken(Optional<String> token) {
        return token.map(value ->
                        value.length() <= VISIBLE_TOKEN_CHARS ? "…" : value.substring(0, VISIBLE_TOKEN_CHARS) + "…")
                .orElse("No token");
    }

    /** E.g. "gpt-4o-mini via openai – ready" on the dashboard. */
    static String model(ModelStatus model) {
        return model.ready() ? modelSummary(model) + " – ready" : modelSummary(model);
    }

    /** E.g. "gpt-4o-mini via openai" under the sidebar, or what is missing. */
    static String modelSummary(ModelStatus model) {
        return model.ready()
                ? model.name() + " via " + model.provider()
                : "No model: " + model.missing().orElse("not configured");
    }

    static String database(String location, boolean connected) {
        return location + (connected ? " – connected" : " – not connected");
    }
}
