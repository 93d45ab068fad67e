package io.agentdeck.engine.knowledge.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, 2009): each ranking gives an item {@code 1 / (k + rank)}, rank
 * from 1, and the sums decide. Only ranks count, so a cosine similarity and a BM25 score, which live on unrelated
 * scales, need no calibration against each other; the constant {@code k} (60 in the paper, and here) damps the weight
 * of the very top ranks so that an item found by both rankings beats one found high by only one.
 */
public final class ReciprocalRankFusion {
    /** The paper's constant, which also works well for hybrid retrieval without tuning. */
    public static final int K = 60;

    /** An item with its fused score and its best rank in any ranking (1 is best). */
    public record Fused<T>(T item, double score, int bestRank) {}

    private ReciprocalRankFusion() {}

    /**
     * Fuses rankings (each best first, without repeats) with {@link #K}; best first, at most {@code limit}. Equal
     * scores go to the item with the better single rank, then to the one seen first (the first ranking's order).
     */
    public static <T> List<Fused<T>> fuse(List<List<T>> rankings, int limit) {
        Map<T, double[]> scores = new LinkedHashMap<>();
        for (List<T> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                int rank = i + 1;
                double[] entry = scores.computeIfAbsent(ranking.get(i), item -> new double[] {0, Integer.MAX_VALUE});
                entry[0] += 1.0 / (K + rank);
                entry[1] = Math.min(entry[1], rank);
            }
        }
        List<Fused<T>> fused = new ArrayList<>(scores.size());
        scores.forEach((item, entry) -> fused.add(new Fused<>(item, entry[0], (int) entry[1])));
        // A stable sort keeps first-seen order for complete ties.
        fused.sort(
                Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed().thenComparingInt(Fused::bestRank));
        return List.copyOf(fused.subList(0, Math.min(limit, fused.size())));
    }
}
