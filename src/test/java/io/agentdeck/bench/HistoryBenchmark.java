package io.agentdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.AppContext;
import io.agentdeck.LongThreads;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.FakeOpenAiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * 5. One page of 50 from a thread of a million messages. Embedded H2 admits one process at a time, so the thread is
 * filled first by a short-lived application context in this JVM, which is closed before the server is forked.
 */
final class HistoryBenchmark {
    private static final int CHUNK = 100_000;

    private HistoryBenchmark() {}

    static void run(Report report, Budget budget, FakeOpenAiServer fake, Path dataDir) {
        System.out.println("5. History page from a long thread");
        int total = Math.max(CHUNK, (int) Math.round(budget.count(1_000_000) / (double) CHUNK) * CHUNK);
        long filling = System.nanoTime();
        long thread = fill(dataDir, total);
        double fillSeconds = (System.nanoTime() - filling) / 1e9;

        try (ServerProcess server = ServerProcess.start(dataDir, fake.baseUrl());
                Rest rest = new Rest(server.baseUrl(), Optional.of(server.token()))) {
            String newest =
                    "/api/agents/" + ServerBenchmarks.DRIVER + "/messages?conversation_id=" + thread + "&limit=50";
            JsonNode first = rest.getJson(newest);
            if (first.path("messages").size() != 50 || !first.path("has_more").asBoolean()) {
                throw new IllegalStateException(
                        "Unexpected first page: " + first.toString().substring(0, 200));
            }
            long newestId = first.path("messages").get(49).path("id").asLong();
            ClosedLoop.Result latest = ClosedLoop.run(
                    List.of(i -> page(rest, newest)), budget.seconds(3), budget.count(2_000), budget.seconds(20));
            // Pages further back, as scrolling up or a search reaches them: before= a random message of the thread.
            ClosedLoop.Result deep = ClosedLoop.run(
                    List.of(i -> page(
                            rest,
                            newest + "&before="
                                    + (newestId - ThreadLocalRandom.current().nextLong(50, total)))),
                    budget.seconds(2),
                    budget.count(1_000),
                    budget.seconds(15));
            String label = String.format(Locale.ROOT, "5. History (thread of %,d)", total);
            report.row(
                    label,
                    "newest page of 50, p50 / p99 (" + latest.latency().count() + " requests)",
                    Report.msPair(latest.latency().p50(), latest.latency().p99()),
                    "",
                    "p99 ≤ 5 ms");
            report.row(
                    label,
                    "a page of 50 at a random depth (before=), p50 / p99",
                    Report.msPair(deep.latency().p50(), deep.latency().p99()),
                    "",
                    "");
            report.row(
                    label,
                    "server start-up to listening with this database",
                    Report.ms(server.msToListening()),
                    "",
                    "");
            report.note(String.format(
                    Locale.ROOT,
                    "History: filling the thread with %,d messages in-process took %.1f s (not part of any figure).",
                    total,
                    fillSeconds));
        }
    }

    private static long page(Rest rest, String path) {
        String body = rest.get(path);
        if (!body.startsWith("{\"messages\":[{")) {
            throw new IllegalStateException("Not a page: " + body.substring(0, Math.min(200, body.length())));
        }
        return 0;
    }

    /** Seeds the agents, makes a thread for the Driver and fills it; returns the thread's id. */
    private static long fill(Path dataDir, int total) {
        DataDirectory directory;
        try {
            directory = DataDirectory.open(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EffectiveSettings settings = new EffectiveSettings(
                ModelSettings.none(), new ServerSettings("127.0.0.1", 5000, true), UiSettings.defaults());
        try (AppContext context = AppContext.create(new AppInfo("AgentDeck", "bench"), directory, settings, Map.of())) {
            context.initialize();
            long thread = context.engine()
                    .createConversation(ServerBenchmarks.DRIVER, "A million messages")
                    .id();
            for (int filled = 0; filled < total; filled += CHUNK) {
                LongThreads.fill(context, ServerBenchmarks.DRIVER, thread, CHUNK);
            }
            return thread;
        }
    }
}
