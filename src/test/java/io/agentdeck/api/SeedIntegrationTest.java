package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The seed's eight integration tests, in the seed's order, over real HTTP against the started server. */
@AppTest(shared = true, initialized = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedIntegrationTest {
    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    @Test
    @Order(1)
    void healthCheckAnswers() {
        var response = http.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("name").asText()).isEqualTo("AgentDeck");
        assertThat(response.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    @Order(2)
    void statusBeforeInitSaysNotInitializedAndAgentRoutesAskForInit() {
        JsonNode status = http.get("/api/status").json();
        assertThat(status.get("api").asText()).isEqualTo("running");
        assertThat(status.get("agents_initialized").asBoolean()).isFalse();
        assertThat(status.get("database").asText()).isEqualTo("connected");
        assertThat(status.at("/model/provider").asText()).isEqualTo("openai");
        assertThat(status.at("/model/ready").asBoolean()).isTrue();

        var agents = http.get("/api/agents");
        assertThat(agents.status()).isEqualTo(503);
        assertThat(agents.json().get("hint").asText()).isEqualTo("Call POST /api/init first");
        assertThat(agents.json().get("code").asText()).isEqualTo("not_initialized");
    }

    @Test
    @Order(3)
    void initSeedsTheCoreAgentsAndKnowledgeAndIsIdempotent() {
        var first = http.postEmpty("/api/init");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asText()).isEqualTo("initialized");
        assertThat(names(first.json().get("agents"))).containsExactly("Driver", "Creator", "Generator");
        assertThat(first.json().at("/knowledge/documents").asInt()).isGreaterThan(0);
        assertThat(first.json().at("/knowledge/chunks").asInt())
                .isGreaterThanOrEqualTo(first.json().at("/knowledge/documents").asInt());

        var second = http.postEmpty("/api/init");
        assertThat(second.status()).isEqualTo(200);
        assertThat(names(second.json().get("agents"))).containsExactly("Driver", "Creator", "Generator");
        assertThat(second.json().get("knowledge")).isEqualTo(first.json().get("knowledge"));
        assertThat(http.get("/api/status").json().get("agents_initialized").asBoolean())
                .isTrue();
    }

    @Test
    @Order(4)
    void listsTheThreeCoreAgentsIdle() {
        JsonNode agents = http.get("/api/agents").json().get("agents");
        assertThat(agents).hasSize(3);
        assertThat(agents.get(0).get("id").asLong()).isEqualTo(1);
        assertThat(agents.get(0).get("type").asText()).isEqualTo("driver");
        assertThat(agents.get(1).get("type").asText()).isEqualTo("creator");
        assertThat(agents.get(2).get("type").asText()).isEqualTo("generator");
        for (JsonNode agent : agents) {
            assertThat(agent.get("status").asText()).isEqualTo("idle");
            assertThat(agent.get("capabilities")).isNotEmpty();
            assertThat(agent.get("created_at").asText()).endsWith("Z");
        }
    }

    @Test
    @Order(5)
    void messagingTheDriverReturnsTheModelsAnswer() {
        var response = http.post("/api/agents/1/message", "{\"message\": \"Create a Python web API\"}");
        assertThat(response.status()).isEqualTo(200);
        JsonNode reply = response.json();
        assertThat(reply.get("agent_id").asLong()).isEqualTo(1);
        assertThat(reply.get("agent_name").asText()).isEqualTo("Driver");
        assertThat(reply.get("response").asText()).isEqualTo("Echo: Create a Python web API");
        assertThat(reply.get("message_id").asLong()).isPositive();
        assertThat(reply.get("conversation_id").asLong()).isPositive();
        assertThat(reply.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(reply.get("duration_ms").asLong()).isNotNegative();

        String systemPrompt = model.requests().getLast().messages().getFirst().content();
        assertThat(systemPrompt).contains("You are the Driver");
    }

    @Test
    @Order(6)
    void aTaskForTheDriverIsQueuedAndSucceeds() {
        var response =
                http.post("/api/agents/task", "{\"task\": \"Research Python web frameworks\", \"mode\": \"direct\"}");
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("status").asText()).isEqualTo("queued");
        assertThat(response.json().get("agent_id").asLong()).isEqualTo(1);
        long taskId = response.json().get("task_id").asLong();

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> http.get("/api/tasks/" + taskId)
                                .json()
                                .get("status")
                                .asText(),
                        s -> s.equals("succeeded"));
        JsonNode task = http.get("/api/tasks/" + taskId).json();
        assertThat(task.get("result").asText()).isEqualTo("Echo: Research Python web frameworks");
        assertThat(task.get("started_at").isNull()).isFalse();
        assertThat(task.get("finished_at").isNull()).isFalse();
    }

    @Test
    @Order(7)
    void historyHoldsBothExchangesOldestFirst() {
        JsonNode page = http.get("/api/agents/1/messages?limit=10").json();
        List<String> lines = new ArrayList<>();
        page.get("messages")
                .forEach(m -> lines.add(
                        m.get("role").asText() + ": " + m.get("content").asText()));
        assertThat(lines)
                .containsExactly(
                        "user: Create a Python web API",
                        "agent: Echo: Create a Python web API",
                        "user: Research Python web frameworks",
                        "agent: Echo: Research Python web frameworks");
        assertThat(page.get("has_more").asBoolean()).isFalse();
    }

    @Test
    @Order(8)
    void agentStatusShowsIdleWithNothingQueued() {
        JsonNode status = http.get("/api/agents/1/status").json();
        assertThat(status.get("agent_id").asLong()).isEqualTo(1);
        assertThat(status.get("agent_name").asText()).isEqualTo("Driver");
        assertThat(status.get("status").asText()).isEqualTo("idle");
        assertThat(status.get("queue_length").asInt()).isZero();
        assertThat(status.get("current_task_id").isNull()).isTrue();
        assertThat(status.get("last_active_at").asText()).endsWith("Z");
    }

    private static List<String> names(JsonNode agents) {
        List<String> names = new ArrayList<>();
        agents.forEach(agent -> names.add(agent.get("name").asText()));
        return names;
    }
}
