package io.agentdeck.engine.turn;

/** Receives a streamed reply piece by piece, on the agent's lane thread: hand slow work off. */
@FunctionalInterface
public interface TokenListener {
    void onToken(int seq, String delta);
}
