package io.agentdeck.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on the real server: what a Prometheus scrape sees after real requests and replies. */
class MetricsApiTest {
    @TempDir
    Path dataDir;

    private TestApp app;
    private HttpJson http;

    @BeforeEach
    void start() {
        app = TestApp.withFakeModel(dataDir).initialized();
        http = app.http();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void needsTheTokenAndSpeaksPrometheusTextFormat() {
        assertThat(new HttpJson(app.baseUrl()).get("/metrics").status()).isEqualTo(401);
        assertThat(new HttpJson(app.baseUrl(), Optional.of("wrong"))
                        .get("/metrics")
                        .status())
                .isEqualTo(401);

        HttpJson.Response scrape = http.get("/metrics");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(scrape.body())
                .contains("# TYPE agentdeck_http_requests_total counter")
                .contains("# TYPE agentdeck_tasks gauge")
                .contains("# TYPE agentdeck_task_queue_lag_seconds gauge")
                .contains("agentdeck_database_up 1.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void countsRequestsByRouteTemplateRepliesAndTokens() {
        assertThat(http.post("/api/agents/1/message", "{\"message\": \"hello\"}")
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/api/agents/1/message", "{\"message\": \"again\"}")
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/api/agents/999").status()).isEqualTo(404);
        app.model().enqueue(FakeReply.badRequest("no such model"));
        assertThat(http.post("/api/agents/3/message", "{\"message\": \"fails\"}")
                        .status())
                .isGreaterThanOrEqualTo(400);

        String metrics = http.get("/metrics").body();

        assertThat(
                        value(
                                metrics,
                                "agentdeck_http_requests_total{method=\"POST\",route=\"/api/agents/{id}/message\",status=\"200\"}"))
                .isEqualTo(2.0);
        assertThat(value(
                        metrics,
                        "agentdeck_http_requests_total{method=\"GET\",route=\"/api/agents/{id}\",status=\"404\"}"))
                .as("one series per route, not per id")
                .isEqualTo(1.0);
        assertThat(value(metrics, "agentdeck_generations_total{agent_id=\"1\",outcome=\"completed\"}"))
                .isEqualTo(2.0);
        assertThat(value(metrics, "agentdeck_generations_total{agent_id=\"3\",outcome=\"failed\"}"))
                .isEqualTo(1.0);
        assertThat(value(metrics, "agentdeck_tokens_total{agent_id=\"1\",direction=\"output\"}"))
                .isGreaterThan(0.0);
        assertThat(value(metrics, "agentdeck_tokens_total{agent_id=\"1\",direction=\"input\"}"))
                .isGreaterThan(0.0);
    }

    @Test
    void showsTheQueueDepthAndHowLongItsOldestTaskWaited() {
        // The Driver answers a few tasks at once; with every answer hanging, the ones past that wait in the queue.
        int tasks = 8;
        for (int i = 0; i < tasks; i++) {
            app.model().enqueue(FakeReply.hang());
            assertThat(http.post("/api/agents/task", "{\"task\": \"hangs %d\", \"mode\": \"direct\"}".formatted(i))
                            .status())
                    .isEqualTo(202);
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = http.get("/metrics").body();
            double running = value(metrics, "agentdeck_tasks{status=\"running\"}");
            double queued = value(metrics, "agentdeck_tasks{status=\"queued\"}");
            assertThat(running).isGreaterThanOrEqualTo(1.0);
            assertThat(queued).isGreaterThanOrEqualTo(1.0);
            assertThat(running + queued).isEqualTo(tasks);
            assertThat(value(metrics, "agentdeck_task_queue_lag_seconds")).isGreaterThan(0.0);
        });
    }

    /** The sample's value in a Prometheus text exposition; fails when the series is missing. */
    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(line.find()).as("series %s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
