package io.agentdeck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {
    private static Samples ofMs(long... millis) {
        Samples samples = new Samples();
        for (long ms : millis) {
            samples.add(ms * 1_000_000);
        }
        return samples;
    }

    @Test
    void theMedianOfTwoIsTheirMeanWhereTheNearestRankIsTheLower() {
        Samples two = ofMs(1_195, 1_033);

        assertThat(two.medianMs()).isEqualTo(1_114.0);
        assertThat(two.p50()).isEqualTo(1_033.0);
    }

    @Test
    void theMedianOfAnOddCountIsItsMiddleValue() {
        assertThat(ofMs(30, 10, 20).medianMs()).isEqualTo(20.0);
        assertThat(ofMs(7).medianMs()).isEqualTo(7.0);
    }

    @Test
    void noSamplesHaveNoMedian() {
        assertThat(new Samples().medianMs()).isNaN();
    }
}
