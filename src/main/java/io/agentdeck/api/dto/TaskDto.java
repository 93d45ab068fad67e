package io.agentdeck.api.dto;

import io.agentdeck.engine.task.Task;
import java.time.Instant;

public record TaskDto(
        long taskId,
        String type,
        long agentId,
        String input,
        String status,
        String result,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public static TaskDto of(Task task) {
        return new TaskDto(
                task.id(),
                task.type(),
                task.agentId(),
                task.input(),
                task.status().wireName(),
                task.result().orElse(null),
                task.error().orElse(null),
                task.createdAt(),
                task.startedAt().orElse(null),
                task.finishedAt().orElse(null));
    }
}
