package io.agentdeck.engine.workflow;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import java.util.concurrent.CompletableFuture;

/**
 * One call of the {@code delegate} tool on its way: the calling step, whom it asks and what, and the answer the tool
 * call waits for (the delegated step's output, or an error the calling agent reads).
 */
record Delegation(int caller, String agent, String instruction, CompletableFuture<String> answer) {

    Delegation(int caller, String agent, String instruction) {
        this(caller, agent, instruction, new CompletableFuture<>());
    }

    /** The delegated step answered. */
    void answer(String output) {
        answer.complete(output);
    }

    /** No step is run, or it did not succeed: the calling agent reads why and goes on. */
    void refuse(String why) {
        answer.completeExceptionally(EngineException.invalid(why));
    }

    /** The run or the calling step is being stopped: the tool call ends as cancelled. */
    void cancel(String why) {
        answer.completeExceptionally(new EngineException(ErrorKind.CANCELLED, why));
    }

    /** Nobody waits for the answer any more (the calling turn was cancelled first). */
    boolean abandoned() {
        return answer.isDone();
    }
}
