package io.agentdeck.bench;

import io.agentdeck.testing.FakeOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the benchmarks against the real headless server, forked into its own JVM, with a fake model that answers at
 * once on loopback. Not a test: run it with {@code ./mvnw -q -Pbench test-compile exec:exec}, optionally with
 * {@code -Dbench.only=latency,throughput,...} (see docs/benchmarks.md). Prints the table as it goes and writes it to
 * {@code target/benchmarks.md}.
 */
public final class Benchmarks {
    static final String COMMAND = "./mvnw -q -Pbench test-compile exec:exec";

    /** In the order they run. */
    private static final List<String> ALL = List.of(
            "startup", "floors", "latency", "throughput", "tokens", "fanout", "history", "knowledge", "index", "local");

    private Benchmarks() {}

    public static void main(String[] args) throws IOException {
        // The fake model runs on the JDK's HTTP server, which leaves Nagle's algorithm on: its small streamed chunks
        // would then wait for the client's delayed ACK (about 40 ms on Linux). A model that answers at once must not.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Set<String> selected = selected(System.getProperty("bench.only", ""));
        double scale = Double.parseDouble(System.getProperty("bench.scale", "1").strip());
        Path output = Path.of(System.getProperty("bench.output", "target/benchmarks.md"));
        Budget budget = new Budget(scale);
        MachineInfo machine = MachineInfo.current();
        Report report = new Report();
        System.out.println("AgentDeck benchmarks: " + String.join(", ", selected));
        System.out.println(machine.describe() + "; load average " + machine.loadBefore());
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("agentdeck-bench");
        int exitCode = 0;
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            fake.recordRequests(false);
            fake.defaultResponder(ServerBenchmarks::reply);
            if (selected.contains("startup")) {
                StartupBenchmark.run(report, budget, fake, work.resolve("startup"));
            }
            if (selected.stream().anyMatch(ServerBenchmarks.names()::contains)) {
                try (ServerBenchmarks server = new ServerBenchmarks(report, budget, fake, work.resolve("server"))) {
                    server.run(selected);
                }
            }
            if (selected.contains("history")) {
                HistoryBenchmark.run(report, budget, fake, work.resolve("history"));
            }
            if (selected.contains("knowledge")) {
                KnowledgeBenchmark.run(report, budget, work.resolve("knowledge"));
            }
            if (selected.contains("index")) {
                IndexBenchmark.run(report, budget, work.resolve("index"));
            }
            if (selected.contains("local")) {
                LocalModelBenchmark.run(report, budget, work.resolve("local"));
            }
        } catch (RuntimeException e) {
            System.err.println("Benchmark failed: " + e);
            e.printStackTrace();
            report.note("The run stopped early: " + e.getMessage());
            exitCode = 1;
        } finally {
            deleteRecursively(work);
        }
        String took = String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - started) / 1e9);
        String markdown = report.markdown(machine, COMMAND, scale, took);
        Report.write(output, markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written to " + output.toAbsolutePath());
        // Client libraries (Socket.IO's OkHttp) keep non-daemon threads for a while; the run is over.
        System.exit(exitCode);
    }

    private static Set<String> selected(String only) {
        if (only.isBlank()) {
            return new LinkedHashSet<>(ALL);
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String name : only.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            if (!name.isEmpty() && !ALL.contains(name)) {
                System.err.println("Unknown benchmark '" + name + "'; choose from " + String.join(",", ALL));
                System.exit(2);
            }
            asked.add(name);
        }
        Set<String> ordered = new LinkedHashSet<>();
        ALL.stream().filter(asked::contains).forEach(ordered::add);
        return ordered;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e.getMessage());
        }
    }
}
