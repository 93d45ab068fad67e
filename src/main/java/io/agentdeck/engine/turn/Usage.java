package io.agentdeck.engine.turn;

import java.util.Optional;

/**
 * Token counts the model provider reported for one reply (for a turn with tool rounds, for all its calls), and the
 * speed of the streamed call that gave the answer, when it was streamed.
 */
public record Usage(int inputTokens, int outputTokens, Optional<Speed> speed) {
    public static final Usage NONE = new Usage(0, 0);

    public Usage(int inputTokens, int outputTokens) {
        this(inputTokens, outputTokens, Optional.empty());
    }

    public int totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Both calls' tokens; the speed is the later call's when it has one (it made the answer). */
    public Usage plus(Usage other) {
        return new Usage(
                inputTokens + other.inputTokens, outputTokens + other.outputTokens, other.speed.or(() -> speed));
    }

    public Usage withSpeed(Speed measured) {
        return new Usage(inputTokens, outputTokens, Optional.of(measured));
    }
}
