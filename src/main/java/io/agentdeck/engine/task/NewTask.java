package io.agentdeck.engine.task;

public record NewTask(String type, long agentId, String input) {}
