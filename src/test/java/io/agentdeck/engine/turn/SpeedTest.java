package io.agentdeck.engine.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeedTest {
    private static final long MS = 1_000_000;

    @Test
    void theFirstTokenIsTimedFromTheRequestAndTheRateFromTheFirstTokenOn() {
        Speed speed = Speed.measured(0, 400 * MS, 1400 * MS, 51);
        assertThat(speed.ttftMs()).isEqualTo(400);
        assertThat(speed.tokensPerSecond()).isEqualTo(50.0);
    }

    @Test
    void aOneTokenReplyTakesItsWholeTimeAsTheWindow() {
        assertThat(Speed.measured(0, 250 * MS, 250 * MS, 1)).isEqualTo(new Speed(250, 4.0));
        assertThat(Speed.measured(5, 5, 5, 1)).isEqualTo(new Speed(0, 0));
    }

    @Test
    void aSpeedIsNeverNegative() {
        assertThatThrownBy(() -> new Speed(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Speed(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addedUsageKeepsTheSpeedOfTheCallThatAnswered() {
        Usage toolRound = new Usage(100, 10, Optional.of(new Speed(900, 12)));
        Usage answer = new Usage(150, 40, Optional.of(new Speed(300, 45)));
        assertThat(toolRound.plus(answer)).isEqualTo(new Usage(250, 50, Optional.of(new Speed(300, 45))));
        assertThat(answer.plus(new Usage(1, 1))).isEqualTo(new Usage(151, 41, Optional.of(new Speed(300, 45))));
    }
}
