package io.agentdeck.api.speed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The speed of every streamed reply, whatever the provider: time to first token and tokens per second, measured by
 * the engine against a model that takes 300 ms to start and 50 ms per word, stored with the reply and shown in its
 * event, the history and the agent's figures.
 */
@AppTest
class ReplySpeedTest {
    private static final String ANSWER = "one two three four five six seven eight nine ten";

    @FromApp
    private TestApp app;

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    @Test
    void aStreamedReplyCarriesItsSpeedEverywhereAndAPlainOneNone() throws Exception {
        model.enqueue(FakeReply.text(ANSWER).after(Duration.ofMillis(300)).tokenDelay(Duration.ofMillis(50)));
        JsonNode usage;
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token())) {
            client.send("send_message", "{\"agent_id\": 3, \"message\": \"Count to ten\", \"request_id\": \"s1\"}");
            List<JsonNode> frames =
                    client.until(frame -> frame.get("event").asText().equals("agent_response"));
            usage = frames.getLast().at("/data/usage");
        }
        long ttft = usage.get("ttft_ms").asLong();
        double rate = usage.get("tokens_per_second").asDouble();
        assertThat(ttft).as(usage.toString()).isGreaterThanOrEqualTo(300);
        // Ten words 50 ms apart: nine tokens after the first in at least 450 ms, so at most 20 a second.
        assertThat(rate).as(usage.toString()).isPositive().isLessThanOrEqualTo(20.5);
        assertThat(usage.get("completion_tokens").asInt()).isPositive();

        JsonNode stored = http.get("/api/agents/3/messages?limit=1").json().at("/messages/0/usage");
        assertThat(stored.get("ttft_ms").asLong()).isEqualTo(ttft);
        assertThat(stored.get("tokens_per_second").asDouble()).isEqualTo(rate);

        JsonNode stats = http.get("/api/agents/3").json().get("stats");
        assertThat(stats.get("average_ttft_ms").asLong()).isEqualTo(ttft);
        assertThat(stats.get("average_tokens_per_second").asDouble()).isEqualTo(rate);

        // Answered in one piece, a reply has no first token to time: its usage has tokens only.
        model.enqueue(FakeReply.text("All at once."));
        JsonNode plain = http.post("/api/agents/3/message", "{\"message\": \"Say it at once\"}")
                .json()
                .get("usage");
        assertThat(plain.has("total_tokens")).isTrue();
        assertThat(plain.has("ttft_ms")).isFalse();
        assertThat(plain.has("tokens_per_second")).isFalse();
        assertThat(http.get("/api/agents/3").json().at("/stats/average_ttft_ms").asLong())
                .as("the plain reply does not count in the speed averages")
                .isEqualTo(ttft);
    }
}
