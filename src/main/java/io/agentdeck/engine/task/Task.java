package io.agentdeck.engine.task;

import java.time.Instant;
import java.util.Optional;

/** A unit of background work and its life: queued, running, then succeeded, failed or cancelled. */
public record Task(
        long id,
        String type,
        long agentId,
        String input,
        TaskStatus status,
        Optional<String> result,
        Optional<String> error,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt) {

    public Task running(Instant at) {
        return new Task(
                id, type, agentId, input, TaskStatus.RUNNING, result, error, createdAt, Optional.of(at), finishedAt);
    }

    /** Back in the queue: the node running it stopped, and another node runs it from the start. */
    public Task handedOver() {
        return new Task(
                id,
                type,
                agentId,
                input,
                TaskStatus.QUEUED,
                Optional.empty(),
                Optional.empty(),
                createdAt,
                Optional.empty(),
                Optional.empty());
    }

    public Task succeeded(String output, Instant at) {
        return new Task(
                id,
                type,
                agentId,
                input,
                TaskStatus.SUCCEEDED,
                Optional.ofNullable(output),
                Optional.empty(),
                createdAt,
                startedAt,
                Optional.of(at));
    }

    public Task failed(String message, Instant at) {
        return new Task(
                id,
                type,
                agentId,
                input,
                TaskStatus.FAILED,
                Optional.empty(),
                Optional.of(message),
                createdAt,
                startedAt,
                Optional.of(at));
    }

    public Task cancelled(Instant at) {
        return new Task(
                id,
                type,
                agentId,
                input,
                TaskStatus.CANCELLED,
                Optional.empty(),
                Optional.of("cancelled"),
                createdAt,
                startedAt,
                Optional.of(at));
    }
}
