package io.agentdeck.engine.knowledge.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {
    @Test
    void anItemFoundByBothRankingsBeatsTheTopOfOne() {
        List<ReciprocalRankFusion.Fused<String>> fused =
                ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("c", "d")), 10);

        assertThat(fused).extracting(ReciprocalRankFusion.Fused::item).containsExactly("c", "a", "b", "d");
        assertThat(fused.getFirst().score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
    }

    @Test
    void equalScoresGoToTheBetterSingleRankThenToTheFirstRanking() {
        // w is second in both (2/62); v and k are first in one each (1/61), so v, seen first, comes before k.
        List<ReciprocalRankFusion.Fused<String>> fused =
                ReciprocalRankFusion.fuse(List.of(List.of("v", "w"), List.of("k", "w")), 10);

        assertThat(fused).extracting(ReciprocalRankFusion.Fused::item).containsExactly("w", "v", "k");
        assertThat(fused.get(1).bestRank()).isEqualTo(1);

        // a: 1/62 + 1/70 = 0.030 beats b: 1/61 + 1/120 = 0.025 though b has the better single rank.
        List<String> first = new java.util.ArrayList<>(List.of("b", "a"));
        List<String> second = new java.util.ArrayList<>();
        for (int i = 0; i < 59; i++) {
            second.add("filler" + i);
        }
        second.add(9, "a");
        second.add("b");
        assertThat(ReciprocalRankFusion.fuse(List.of(first, second), 2))
                .extracting(ReciprocalRankFusion.Fused::item)
                .containsExactly("a", "b");
    }

    @Test
    void theLimitCutsAndNoRankingGivesNothing() {
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of(1, 2, 3)), 2))
                .extracting(ReciprocalRankFusion.Fused::item)
                .containsExactly(1, 2);
        assertThat(ReciprocalRankFusion.fuse(List.<List<Integer>>of(), 5)).isEmpty();
    }
}
