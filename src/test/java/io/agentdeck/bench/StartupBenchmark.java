package io.agentdeck.bench;

import io.agentdeck.testing.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.Locale;

/** 7. Fork to listening, and resident memory once the idle server has settled. */
final class StartupBenchmark {
    private static final int STARTS = 3;
    private static final int SETTLE_SECONDS = 10;

    private StartupBenchmark() {}

    static void run(Report report, Budget budget, FakeOpenAiServer fake, Path dataDir) {
        System.out.println("7. Start-up and idle memory");
        Samples accepting = new Samples();
        Samples restarts = new Samples();
        long[] rss = new long[STARTS];
        double firstStart = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < STARTS; i++) {
            try (ServerProcess server = ServerProcess.start(dataDir, fake.baseUrl())) {
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
                "7. Start-up",
                "fork to listening, first start on an empty data directory",
                Report.ms(firstStart),
                "",
                "");
        report.row(
                "7. Start-up",
                "fork to listening, restart (median of " + restarts.count() + ")",
                Report.ms(restarts.p50()),
                "",
                "");
        report.row(
                "7. Start-up", "fork to port accepting (median of " + STARTS + ")", Report.ms(accepting.p50()), "", "");
        report.row(
                "7. Idle memory",
                "RSS " + budget.seconds(SETTLE_SECONDS).toSeconds() + " s after listening (median of " + STARTS + ")",
                Report.mib(rss[STARTS / 2]),
                "",
                "");
        report.note("Start-up:" + each);
    }
}
