package io.agentdeck.bench;

import io.agentdeck.testing.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * 7. Fork to listening, and resident memory once the idle server has settled: from the build's class path, and from
 * the installed layout (the app image of {@code ./mvnw -Ppackage -DskipTests package}: its jlinked runtime, launcher
 * options and AOT cache) when it has been built.
 */
final class StartupBenchmark {
    private static final int STARTS = 3;
    private static final int SETTLE_SECONDS = 10;

    private StartupBenchmark() {}

    static void run(Report report, Budget budget, FakeOpenAiServer fake, Path dataDir) {
        runHeadless(report, budget, fake, dataDir);
        WindowStartBenchmark.run(
                report,
                budget,
                fake.baseUrl(),
                ServerProcess.INSTALLED_LAUNCHER,
                dataDir.resolveSibling(dataDir.getFileName() + "-window"));
    }

    private static void runHeadless(Report report, Budget budget, FakeOpenAiServer fake, Path dataDir) {
        System.out.println("7. Start-up and idle memory");
        measure(
                report,
                budget,
                "7. Start-up",
                "7. Idle memory",
                data -> ServerProcess.start(data, fake.baseUrl()),
                dataDir);
        if (Files.isExecutable(ServerProcess.INSTALLED_LAUNCHER)) {
            measure(
                    report,
                    budget,
                    "7. Start-up, installed layout",
                    "7. Idle memory, installed layout",
                    data -> ServerProcess.startInstalled(
                            ServerProcess.INSTALLED_LAUNCHER.toAbsolutePath(), data, fake.baseUrl()),
                    dataDir.resolveSibling(dataDir.getFileName() + "-installed"));
        } else {
            report.note("Start-up of the installed layout not measured: no app image at "
                    + ServerProcess.INSTALLED_LAUNCHER + " (build it with ./mvnw -Ppackage -DskipTests package).");
        }
    }

    private static void measure(
            Report report,
            Budget budget,
            String startSection,
            String memorySection,
            Function<Path, ServerProcess> starter,
            Path dataDir) {
        Samples accepting = new Samples();
        Samples restarts = new Samples();
        long[] rss = new long[STARTS];
        double firstStart = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < STARTS; i++) {
            try (ServerProcess server = starter.apply(dataDir)) {
                accepting.add(Math.round(server.msToAccepting() * 1e6));
                if (i == 0) {
                    firstStart = server.msToListening();
                } else {
                    restarts.add(Math.round(server.msToListening() * 1e6));
                }
                ServerProcess.sleep(budget.seconds(SETTLE_SECONDS).toMillis());
                rss[i] = server.rssKib();
                each.append(String.format(
                        Locale.ROOT,
                        "%s start %d: accepting %.0f ms, listening %.0f ms, idle RSS %s",
                        i == 0 ? "" : ";",
                        i + 1,
                        server.msToAccepting(),
                        server.msToListening(),
                        Report.mib(rss[i])));
            }
        }
        java.util.Arrays.sort(rss);
        report.row(
                startSection,
                "fork to listening, first start on an empty data directory",
                Report.ms(firstStart),
                "",
                "");
        report.row(
                startSection,
                "fork to listening, restart (median of " + restarts.count() + ")",
                Report.ms(restarts.medianMs()),
                "",
                "");
        report.row(
                startSection,
                "fork to port accepting (median of " + STARTS + ")",
                Report.ms(accepting.medianMs()),
                "",
                "");
        report.row(
                memorySection,
                "RSS " + budget.seconds(SETTLE_SECONDS).toSeconds() + " s after listening (median of " + STARTS + ")",
                Report.mib(rss[STARTS / 2]),
                "",
                "");
        report.note(startSection + ":" + each);
    }
}
