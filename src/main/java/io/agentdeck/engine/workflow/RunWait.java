package io.agentdeck.engine.workflow;

import java.util.concurrent.CompletableFuture;

/**
 * How the run's thread waits for the Driver, the Creator or a person while steps may be running. Steps' requests to
 * delegate are served meanwhile: a step that waits on a delegation holds its agent's thread, and the Driver's or the
 * Creator's turn may be queued behind it, so the run's thread must never wait for such a turn without serving them.
 */
interface RunWait {
    /**
     * Waits for {@code work} until the run's deadline and returns its value as {@link CompletableFuture#join} does;
     * work still unfinished when the wait ends otherwise (a bound reached while serving a delegation, the deadline)
     * is cancelled.
     *
     * @throws RunEnded when the time is up, the run is cancelled, or a delegation served meanwhile ends the run
     */
    <T> T await(CompletableFuture<T> work);
}
