package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.event.EngineEvent;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@AppTest(shared = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreatorTest {
    private static final String PROMPT = "You are Pipeline Pilot, a DevOps engineer who sets up CI/CD step by step.";

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private Engine engine;

    @FromApp
    private HttpJson http;

    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        engine.events().subscribe(events::add);
    }

    @BeforeEach
    void reset() {
        events.clear();
    }

    @Test
    void theCreatorDesignsAStoredAgentWithLineageThroughAJsonSchema() {
        model.enqueue(FakeReply.jsonOf(spec("Pipeline Pilot")));

        var response = http.post("/api/agents/create", """
                {"role": "DevOps Engineer", "capabilities": ["deployment", "CI/CD"],
                 "reason": "Need to set up deployment pipeline"}""");

        assertThat(response.status()).isEqualTo(201);
        JsonNode agent = response.json();
        assertThat(agent.get("name").asText()).isEqualTo("Pipeline Pilot");
        assertThat(agent.get("type").asText()).isEqualTo("dynamic");
        assertThat(agent.get("created_by").asLong()).isEqualTo(2);
        assertThat(agent.get("reason").asText()).isEqualTo("Need to set up deployment pipeline");
        assertThat(agent.get("capabilities"))
                .extracting(JsonNode::asText)
                .contains("deployment", "CI/CD", "monitoring");
        assertThat(http.get("/api/agents/" + agent.get("id").asLong())
                        .json()
                        .get("system_prompt")
                        .asText())
                .isEqualTo(PROMPT);

        var request = model.lastRequest();
        assertThat(request.responseFormat().get("type").asText()).isEqualTo("json_schema");
        assertThat(request.responseFormat().toString()).contains("system_prompt", "capabilities");
        assertThat(request.messages().getFirst().content()).contains("You are the Creator");
        assertThat(request.lastQuestion()).contains("DevOps Engineer", "Need to set up deployment pipeline");
        assertThat(events)
                .anySatisfy(event -> assertThat(event)
                        .isInstanceOfSatisfying(
                                EngineEvent.AgentCreated.class,
                                created -> assertThat(created.agent().name()).isEqualTo("Pipeline Pilot")));

        model.reset();
        var chat = http.post("/api/agents/" + agent.get("id").asLong() + "/message", "{\"message\": \"hello\"}");
        assertThat(chat.json().get("agent_name").asText()).isEqualTo("Pipeline Pilot");
        assertThat(model.lastRequest().messages().getFirst().content()).startsWith(PROMPT);
    }

    @Test
    void aMalformedDesignIsA502AndCreatesNothing() {
        int before = http.get("/api/agents").json().get("agents").size();
        model.enqueue(FakeReply.json("{\"name\": \"Half\"}"));

        var response =
                http.post("/api/agents/create", "{\"role\": \"Tester\", \"capabilities\": [], \"reason\": \"x\"}");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().get("code").asText()).isEqualTo("model_provider_error");
        assertThat(response.json().get("error").asText()).contains("No agent was created");
        assertThat(http.get("/api/agents").json().get("agents")).hasSize(before);
        assertThat(events).noneMatch(event -> event instanceof EngineEvent.AgentCreated);
        assertThat(http.get("/api/agents/2/status").json().get("status").asText())
                .isEqualTo("idle");
    }

    @Test
    void aClashingNameGetsANumberAndDynamicAgentsCanBeDeleted() {
        model.enqueue(FakeReply.jsonOf(spec("Twin")), FakeReply.jsonOf(spec("twin")));
        long first = http.post("/api/agents/create", "{\"role\": \"A\"}")
                .json()
                .get("id")
                .asLong();
        JsonNode second = http.post("/api/agents/create", "{\"role\": \"B\"}").json();
        assertThat(second.get("name").asText()).isEqualTo("twin 2");

        assertThat(http.delete("/api/agents/" + first).status()).isEqualTo(204);
        assertThat(http.get("/api/agents/" + first).status()).isEqualTo(404);
        assertThat(events).anySatisfy(event -> assertThat(event).isInstanceOf(EngineEvent.AgentDeleted.class));
    }

    private static Map<String, Object> spec(String name) {
        return Map.of(
                "name",
                name,
                "role",
                "Sets up deployment pipelines",
                "system_prompt",
                PROMPT,
                "capabilities",
                List.of("CI/CD", "monitoring"));
    }
}
