package io.agentdeck.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.RecordedRequest;
import io.agentdeck.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Agents call the built-in tools through a real turn against the fake model, over REST, SSE and WebSocket. */
@AppTest
class ToolCallingTest {
    private static final long GENERATOR = CoreAgents.GENERATOR_ID;

    @FromApp
    private TestApp app;

    @FromApp
    private FakeOpenAiServer model;

    @FromApp
    private HttpJson http;

    private Path workspace() throws Exception {
        return Files.createDirectories(app.context().dataDirectory().workspaceDir());
    }

    private List<JsonNode> history(long agentId) {
        return StreamSupport.stream(
                        http.get("/api/agents/" + agentId + "/messages?limit=50")
                                .json()
                                .get("messages")
                                .spliterator(),
                        false)
                .toList();
    }

    @Test
    void theToolsAreListedWithTheirPoliciesAndTheCoreAgentsHaveTheirs() {
        JsonNode tools = http.get("/api/tools").json().get("tools");
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        assertThat(names)
                .contains("knowledge_search", "workspace_list", "workspace_read", "workspace_write", "current_time");
        JsonNode write = find(tools, "workspace_write");
        assertThat(write.get("source").asText()).isEqualTo("builtin");
        assertThat(write.get("read_only").asBoolean()).isFalse();
        assertThat(write.get("policy").asText()).isEqualTo("ask");
        assertThat(write.get("parameters").get("required").toString()).isEqualTo("[\"path\",\"content\"]");
        assertThat(find(tools, "workspace_read").get("policy").asText()).isEqualTo("allow");

        assertThat(http.get("/api/agents/3").json().get("tools").toString()).contains("workspace_write");
        assertThat(http.get("/api/agents/2").json().get("tools").toString()).isEqualTo("[]");
    }

    @Test
    void settingAnAgentsToolsAndPoliciesIsCheckedAndKept() {
        var set = http.put("/api/agents/2/tools", "{\"tools\": [\"current_time\", \"current_time\"]}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("tools").toString()).isEqualTo("[\"current_time\"]");
        assertThat(http.get("/api/agents")
                        .json()
                        .get("agents")
                        .get(1)
                        .get("tools")
                        .toString())
                .isEqualTo("[\"current_time\"]");

        var unknown = http.put("/api/agents/2/tools", "{\"tools\": [\"rm_rf\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).contains("Unknown tools: rm_rf");
        assertThat(http.put("/api/agents/2/tools", "{}").status()).isEqualTo(400);
        assertThat(http.put("/api/agents/99/tools", "{\"tools\": []}").status()).isEqualTo(404);

        var policy = http.put("/api/tools/workspace_write/policy", "{\"policy\": \"deny\"}");
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.json().get("policy").asText()).isEqualTo("deny");
        assertThat(http.get("/api/tool-policies").json().get("policies").toString())
                .isEqualTo("[{\"tool\":\"workspace_write\",\"agent_id\":null,\"policy\":\"deny\"}]");
        assertThat(http.put("/api/tools/workspace_write/policy", "{\"policy\": \"maybe\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.put("/api/tools/nope/policy", "{\"policy\": \"allow\"}").status())
                .isEqualTo(404);

        assertThat(http.delete("/api/tool-policies?tool=workspace_write").status())
                .isEqualTo(204);
        assertThat(http.delete("/api/tool-policies?tool=workspace_write").status())
                .isEqualTo(404);
        assertThat(http.delete("/api/tool-policies").status()).isEqualTo(400);
        assertThat(find(http.get("/api/tools").json().get("tools"), "workspace_write")
                        .get("policy")
                        .asText())
                .isEqualTo("ask");
    }

    @Test
    void anAgentReadsTheWorkspaceThroughAToolAndAnswersFromWhatItFound() throws Exception {
        Files.writeString(workspace().resolve("plan.md"), "Ship the tools on Friday.");
        model.enqueue(
                FakeReply.toolCall("workspace_list", "{}"),
                FakeReply.toolCall("workspace_read", "{\"path\": \"plan.md\"}"),
                FakeReply.text("The plan says: ship the tools on Friday."));

        var reply = http.post("/api/agents/3/message", "{\"message\": \"What does the plan say?\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("response").asText()).isEqualTo("The plan says: ship the tools on Friday.");
        List<RecordedRequest> requests = model.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.getFirst().tools())
                .extracting(tool -> tool.get("function").get("name").asText())
                .contains("workspace_list", "workspace_read");
        assertThat(requests.get(2).rawBody()).contains("Ship the tools on Friday.");

        List<JsonNode> messages = history(GENERATOR);
        List<String> roles = messages.stream().map(m -> m.get("role").asText()).toList();
        assertThat(roles).containsExactly("user", "tool", "tool", "agent");
        JsonNode read = messages.get(2);
        assertThat(read.get("content").asText()).isEqualTo("Ship the tools on Friday.");
        assertThat(read.get("tool").get("name").asText()).isEqualTo("workspace_read");
        assertThat(read.get("tool").get("arguments").get("path").asText()).isEqualTo("plan.md");
        assertThat(read.get("tool").get("status").asText()).isEqualTo("ok");
        assertThat(read.get("tool").get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(messages.get(0).has("tool"))
                .as("other messages keep their shape")
                .isFalse();
    }

    @Test
    void aFailingToolGivesTheModelAnErrorAndTheTurnGoesOn() throws Exception {
        model.enqueue(
                FakeReply.toolCall("workspace_read", "{\"path\": \"../../etc/passwd\"}"),
                FakeReply.toolCall("no_such_tool", "{}"),
                FakeReply.toolCall("workspace_read", "{not json"),
                FakeReply.text("I could not read that."));

        var reply = http.post("/api/agents/3/message", "{\"message\": \"read the passwords\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("response").asText()).isEqualTo("I could not read that.");
        List<JsonNode> tools = history(GENERATOR).stream()
                .filter(m -> m.get("role").asText().equals("tool"))
                .toList();
        assertThat(tools).hasSize(3);
        assertThat(tools.get(0).get("content").asText()).contains("outside the workspace");
        assertThat(tools.get(1).get("content").asText()).contains("has no tool named \"no_such_tool\"");
        assertThat(tools.get(2).get("content").asText()).contains("not valid JSON");
        assertThat(tools.get(2).get("tool").get("arguments").get("raw").asText())
                .isEqualTo("{not json");
        assertThat(tools)
                .allSatisfy(
                        m -> assertThat(m.get("tool").get("status").asText()).isEqualTo("error"));
        assertThat(http.get("/api/agents/3/status").json().get("status").asText())
                .isEqualTo("idle");
    }

    @Test
    void aStreamedReplyWithToolCallsReportsThemToTheRequesterOverWebSocket() throws Exception {
        Files.writeString(workspace().resolve("a.txt"), "alpha");
        model.enqueue(FakeReply.toolCall("workspace_list", "{}"), FakeReply.text("There is a.txt."));
        String url = "ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token();
        try (WsTestClient client = WsTestClient.connect(url)) {
            client.send("send_message", "{\"agent_id\": 3, \"message\": \"what is there?\", \"request_id\": \"r-1\"}");
            List<JsonNode> frames =
                    client.until(frame -> frame.get("event").asText().equals("agent_response"));
            List<String> events = frames.stream()
                    .map(frame -> frame.get("event").asText())
                    .filter(event -> !event.equals("agent_status") && !event.equals("agent_token"))
                    .toList();
            assertThat(events).containsSubsequence("tool_call", "tool_result", "agent_response");
            JsonNode call = data(frames, "tool_call");
            assertThat(call.get("name").asText()).isEqualTo("workspace_list");
            assertThat(call.get("request_id").asText()).isEqualTo("r-1");
            JsonNode result = data(frames, "tool_result");
            assertThat(result.get("status").asText()).isEqualTo("ok");
            assertThat(result.get("content").asText()).isEqualTo("a.txt (5 bytes)");
            assertThat(result.get("call_id").asText())
                    .isEqualTo(call.get("call_id").asText());
            assertThat(data(frames, "agent_response").get("message").asText()).isEqualTo("There is a.txt.");
        }
        assertThat(model.requests().getFirst().stream()).isTrue();
    }

    @Test
    void aServerSentEventStreamCarriesTheToolCallsBeforeTheAnswer() throws Exception {
        Files.writeString(workspace().resolve("c.txt"), "gamma");
        model.enqueue(FakeReply.toolCall("workspace_read", "{\"path\": \"c.txt\"}"), FakeReply.text("It says gamma."));

        var stream = http.post("/api/agents/3/message", "{\"message\": \"read c.txt\", \"stream\": true}");

        assertThat(stream.status()).isEqualTo(200);
        String body = stream.body();
        assertThat(body).contains("event: tool_call\ndata: {\"agent_id\":3");
        assertThat(body).contains("\"name\":\"workspace_read\",\"status\":\"ok\",\"content\":\"gamma\"");
        assertThat(body.indexOf("event: tool_result")).isLessThan(body.indexOf("event: done"));
        assertThat(body).as("a client that sent none gets none back").doesNotContain("request_id");
    }

    @Test
    void theOpenAiEndpointKeepsToolUseInsideTheAgent() throws Exception {
        Files.writeString(workspace().resolve("b.txt"), "beta");
        model.enqueue(FakeReply.toolCall("workspace_read", "{\"path\": \"b.txt\"}"), FakeReply.text("It says beta."));
        var completion = http.post(
                "/v1/chat/completions",
                "{\"model\": \"generator\", \"messages\": [{\"role\": \"user\", \"content\": \"read b.txt\"}]}");
        assertThat(completion.status()).isEqualTo(200);
        JsonNode message = completion.json().get("choices").get(0).get("message");
        assertThat(message.get("content").asText()).isEqualTo("It says beta.");
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(model.requests()).hasSize(2);
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name);
    }

    private static JsonNode data(List<JsonNode> frames, String event) {
        return frames.stream()
                .filter(frame -> frame.get("event").asText().equals(event))
                .findFirst()
                .orElseThrow()
                .get("data");
    }
}
