package io.agentdeck.bench;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.agentdeck.engine.knowledge.KnowledgeBase;
import io.agentdeck.engine.knowledge.SampleKnowledgePack;
import java.util.List;

/**
 * 6. What knowledge retrieval costs each message, in this JVM: the knowledge base as {@code AppContext} builds it
 * (the quantized all-MiniLM-L6-v2 embedding model, 3 passages, minimum score 0.55) with the built-in pack loaded.
 */
final class KnowledgeBenchmark {
    /** As in AppContext. */
    private static final int PASSAGES = 3;

    private static final double MIN_SCORE = 0.55;
    static final String MATCHING = "How do I page through the message history of an agent over the local API?";
    static final String NOT_MATCHING = "What is a good recipe for banana bread with walnuts?";

    private KnowledgeBenchmark() {}

    /** This JVM's CPU time: the embedding model runs on threads of its own as well as the caller's. */
    private static double processCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e6;
    }

    static void run(Report report, Budget budget) {
        System.out.println("6. Knowledge retrieval per message");
        long started = System.nanoTime();
        KnowledgeBase knowledge = new KnowledgeBase(AllMiniLmL6V2QuantizedEmbeddingModel::new, PASSAGES, MIN_SCORE);
        new SampleKnowledgePack().loadInto(knowledge);
        double loadMs = (System.nanoTime() - started) / 1e6;
        int matched = knowledge.retrieve(MATCHING).size();
        int unmatched = knowledge.retrieve(NOT_MATCHING).size();
        if (matched == 0 || unmatched != 0) {
            throw new IllegalStateException(
                    "The questions no longer (mis)match the pack: " + matched + " and " + unmatched + " passages");
        }
        for (String question : List.of(MATCHING, NOT_MATCHING)) {
            ClosedLoop.Result result = ClosedLoop.run(
                    List.of(i -> {
                        knowledge.retrieve(question);
                        return 0;
                    }),
                    budget.seconds(3),
                    budget.count(1_000),
                    budget.seconds(15),
                    KnowledgeBenchmark::processCpuMs);
            boolean matching = question.equals(MATCHING);
            report.row(
                    "6. Knowledge retrieval (in-process)",
                    (matching ? "question matching the pack (" + matched + " passages)" : "question matching nothing")
                            + ", p50 / p99 (CPU time per retrieval, all threads)",
                    Report.msPair(result.latency().p50(), result.latency().p99()) + " ("
                            + Report.ms(result.meterPerOperation()) + ")",
                    "",
                    "");
        }
        report.row(
                "6. Knowledge retrieval (in-process)",
                "loading the embedding model and the pack (" + knowledge.stats().chunks() + " passages), once",
                Report.ms(loadMs),
                "",
                "");
    }
}
