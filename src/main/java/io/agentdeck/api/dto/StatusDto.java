package io.agentdeck.api.dto;

import io.agentdeck.engine.SystemStatus;

public record StatusDto(String api, boolean agentsInitialized, String database, ModelDto model, String version) {

    public record ModelDto(String provider, String name, boolean ready, String missing) {}

    public static StatusDto of(SystemStatus status, String version) {
        var model = status.model();
        return new StatusDto(
                "running",
                status.initialized(),
                status.databaseConnected() ? "connected" : "error",
                new ModelDto(
                        model.provider(),
                        model.name(),
                        model.ready(),
                        model.missing().orElse(null)),
                version);
    }
}
