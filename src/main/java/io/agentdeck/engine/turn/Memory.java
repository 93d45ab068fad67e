package io.agentdeck.engine.turn;

import java.util.List;

/**
 * The port that tells a turn what the agent remembers of the conversation before the question: user and assistant
 * turns, oldest first. For a stored thread it is a view of the thread's messages; for a stateless completion it is the
 * turns the caller sent.
 */
@FunctionalInterface
public interface Memory {
    List<ChatTurn> recall();

    /** Nothing remembered: the question starts the conversation. */
    static Memory none() {
        return List::of;
    }

    /** Exactly these turns. */
    static Memory of(List<ChatTurn> turns) {
        List<ChatTurn> copy = List.copyOf(turns);
        return () -> copy;
    }
}
