package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.AppContext;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.engine.event.EventBus;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API built while the engine starts (as the headless server does), then started, over real HTTP. */
class PreparedApiTest {
    @TempDir
    Path dataDir;

    private static HttpJson client(AppContext context) {
        return new HttpJson(
                context.apiUrl().orElseThrow(),
                Optional.of(context.apiToken().orElseThrow().reveal()));
    }

    @Test
    void aPreparedApiListensOnlyWhenStartedAndThenAnswersWithItsLiveConnections() throws Exception {
        try (TestApp app = TestApp.engineOnly(dataDir)) {
            AppContext context = app.context();
            context.prepareApi();
            assertThat(context.apiUrl()).as("prepared, not listening").isEmpty();
            context.initialize();
            context.startApiOn("127.0.0.1", 0);

            HttpJson http = client(context);
            assertThat(http.get("/api/status").json().get("agents_initialized").asBoolean())
                    .isTrue();
            app.model().enqueue(FakeReply.text("ready"));
            String ws = "ws://127.0.0.1:" + context.apiPort().orElseThrow() + "/ws?token="
                    + context.apiToken().orElseThrow().reveal();
            try (WsTestClient client = WsTestClient.connect(ws)) {
                client.send("send_message", "{\"agent_id\": 3, \"message\": \"hi\"}");
                List<JsonNode> frames =
                        client.until(f -> f.get("event").asText().equals("agent_response"));
                assertThat(frames.getLast().at("/data/message").asText()).isEqualTo("ready");
            }
        }
    }

    /** The engine's listeners once the API runs: as many with a build ahead that was dropped as without one. */
    @Test
    void aPreparedApiThatIsDroppedLeavesNothingListeningToTheEngine() {
        int withoutPrepare;
        try (TestApp app = TestApp.engineOnly(dataDir.resolve("plain"))) {
            EventBus events = app.context().engine().events();
            int before = events.subscriberCount();
            app.context().startApiOn("127.0.0.1", 0, new RateLimit(2, 0.01));
            withoutPrepare = events.subscriberCount() - before;
        }
        try (TestApp app = TestApp.engineOnly(dataDir.resolve("prepared"))) {
            EventBus events = app.context().engine().events();
            int before = events.subscriberCount();
            app.context().prepareApi();
            assertThat(events.subscriberCount()).as("the prepared hub listens").isGreaterThan(before);
            app.context().startApiOn("127.0.0.1", 0, new RateLimit(2, 0.01));
            assertThat(events.subscriberCount() - before).isEqualTo(withoutPrepare);
        }
    }

    @Test
    void startingWithAnotherRateLimitThanPreparedUsesTheOneAskedFor() {
        try (TestApp app = TestApp.engineOnly(dataDir)) {
            AppContext context = app.context();
            context.prepareApi();
            context.startApiOn("127.0.0.1", 0, new RateLimit(2, 0.01));

            HttpJson http = client(context);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(http.get("/api/status").status());
            }
            assertThat(statuses).containsExactly(200, 200, 429);
        }
    }
}
