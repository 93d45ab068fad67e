package io.agentdeck.engine.chat;

/** Token counts the model provider reported for one reply. */
public record Usage(int inputTokens, int outputTokens) {
    public static final Usage NONE = new Usage(0, 0);

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
