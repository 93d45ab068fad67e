package io.agentdeck.engine;

import io.agentdeck.engine.model.ModelStatus;

public record SystemStatus(boolean initialized, boolean databaseConnected, ModelStatus model) {}
