package io.agentdeck.api.tools;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TempDirectory;
import io.agentdeck.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A tool whose policy is "ask" pauses the turn until a person decides over the API; remembered decisions become
 * policies; nothing a person denied runs; a pending approval outlives a restart.
 */
@AppTest
class ApprovalFlowTest {
    private static final String WRITE = "{\"path\": \"out.txt\", \"content\": \"written by the agent\"}";

    @FromApp
    private TestApp app;

    @FromApp
    private HttpJson http;

    private Path written() {
        return app.context().dataDirectory().workspaceDir().resolve("out.txt");
    }

    /** Asks the Generator something that makes it write a file; the reply comes when the turn ends. */
    private CompletableFuture<HttpJson.Response> askToWrite(HttpJson client, FakeOpenAiServer fake) {
        fake.enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Done."));
        return CompletableFuture.supplyAsync(
                () -> client.post("/api/agents/3/message", "{\"message\": \"write the file\"}"));
    }

    private JsonNode pendingApproval(HttpJson client) {
        await().atMost(WAIT)
                .until(() -> client.get("/api/approvals?status=pending")
                                .json()
                                .get("approvals")
                                .size()
                        == 1);
        return client.get("/api/approvals?status=pending")
                .json()
                .get("approvals")
                .get(0);
    }

    private List<JsonNode> toolMessages(HttpJson client) {
        List<JsonNode> tools = new ArrayList<>();
        client.get("/api/agents/3/messages?limit=50").json().get("messages").forEach(message -> {
            if (message.get("role").asText().equals("tool")) {
                tools.add(message);
            }
        });
        return tools;
    }

    @Test
    void anAskPausesTheTurnUntilAPersonApprovesOnce() throws Exception {
        CompletableFuture<HttpJson.Response> reply = askToWrite(http, app.model());

        JsonNode approval = pendingApproval(http);
        assertThat(approval.get("kind").asText()).isEqualTo("tool_call");
        assertThat(approval.get("agent_id").asLong()).isEqualTo(3);
        assertThat(approval.get("tool").asText()).isEqualTo("workspace_write");
        assertThat(approval.get("arguments").get("content").asText()).isEqualTo("written by the agent");
        assertThat(approval.get("status").asText()).isEqualTo("pending");
        assertThat(reply).isNotDone();
        assertThat(written()).doesNotExist();
        assertThat(http.get("/api/agents/3/status").json().get("status").asText())
                .isEqualTo("busy");

        var decided = http.post("/api/approvals/" + approval.get("id").asLong(), "{\"decision\": \"approve\"}");
        assertThat(decided.status()).isEqualTo(200);
        assertThat(decided.json().get("status").asText()).isEqualTo("approved");
        assertThat(decided.json().has("decided_at")).isTrue();

        assertThat(reply.get().json().get("response").asText()).isEqualTo("Done.");
        assertThat(written()).hasContent("written by the agent");
        assertThat(toolMessages(http).getFirst().get("tool").get("status").asText())
                .isEqualTo("ok");

        // Once means once: the next write asks again.
        CompletableFuture<HttpJson.Response> again = askToWrite(http, app.model());
        JsonNode second = pendingApproval(http);
        assertThat(second.get("id").asLong()).isNotEqualTo(approval.get("id").asLong());
        http.post("/api/approvals/" + second.get("id").asLong(), "{\"decision\": \"approve\"}");
        assertThat(again.get().status()).isEqualTo(200);
    }

    @Test
    void aDeniedCallDoesNotRunAndTheModelIsToldWhy() throws Exception {
        CompletableFuture<HttpJson.Response> reply = askToWrite(http, app.model());
        JsonNode approval = pendingApproval(http);

        var decided = http.post(
                "/api/approvals/" + approval.get("id").asLong(),
                "{\"decision\": \"deny\", \"reason\": \"not in my workspace\"}");

        assertThat(decided.json().get("status").asText()).isEqualTo("denied");
        assertThat(decided.json().get("reason").asText()).isEqualTo("not in my workspace");
        assertThat(reply.get().status()).isEqualTo(200);
        assertThat(written()).doesNotExist();
        JsonNode tool = toolMessages(http).getFirst();
        assertThat(tool.get("tool").get("status").asText()).isEqualTo("denied");
        assertThat(tool.get("content").asText()).contains("not in my workspace");
        assertThat(app.model().lastRequest().rawBody()).contains("not in my workspace");
    }

    @Test
    void rememberedDecisionsBecomePoliciesThatCanBeRevoked() throws Exception {
        CompletableFuture<HttpJson.Response> reply = askToWrite(http, app.model());
        JsonNode approval = pendingApproval(http);
        http.post(
                "/api/approvals/" + approval.get("id").asLong(),
                "{\"decision\": \"approve\", \"remember\": \"agent\"}");
        reply.get();
        assertThat(http.get("/api/tool-policies").json().get("policies").toString())
                .isEqualTo("[{\"tool\":\"workspace_write\",\"agent_id\":3,\"policy\":\"allow\"}]");

        Files.delete(written());
        assertThat(askToWrite(http, app.model()).get().status()).isEqualTo(200);
        assertThat(written())
                .as("the remembered decision lets it run without asking")
                .exists();
        assertThat(http.get("/api/approvals?status=pending")
                        .json()
                        .get("approvals")
                        .size())
                .isZero();

        assertThat(http.delete("/api/tool-policies?tool=workspace_write&agent_id=3")
                        .status())
                .isEqualTo(204);
        CompletableFuture<HttpJson.Response> asksAgain = askToWrite(http, app.model());
        JsonNode next = pendingApproval(http);
        http.post("/api/approvals/" + next.get("id").asLong(), "{\"decision\": \"deny\", \"remember\": \"always\"}");
        asksAgain.get();
        assertThat(http.get("/api/tools").json().get("tools").toString())
                .contains("\"name\":\"workspace_write\"")
                .contains("\"policy\":\"deny\"");
        assertThat(http.get("/api/agents/3").json().get("tools").toString()).contains("workspace_write");
    }

    @Test
    void decisionsAreCheckedAndTheFirstOneWins() throws Exception {
        CompletableFuture<HttpJson.Response> reply = askToWrite(http, app.model());
        long id = pendingApproval(http).get("id").asLong();

        assertThat(http.post("/api/approvals/" + id, "{\"decision\": \"maybe\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.post("/api/approvals/" + id, "{}").status()).isEqualTo(400);
        assertThat(http.post("/api/approvals/" + id, "{\"decision\": \"approve\", \"remember\": \"forever\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.post("/api/approvals/999", "{\"decision\": \"approve\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http.get("/api/approvals?status=unknown").status()).isEqualTo(400);

        assertThat(http.post("/api/approvals/" + id, "{\"decision\": \"deny\"}").status())
                .isEqualTo(200);
        var late = http.post("/api/approvals/" + id, "{\"decision\": \"approve\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("error").asText()).isEqualTo("Approval " + id + " is already denied.");
        reply.get();
        assertThat(written()).doesNotExist();
        assertThat(http.get("/api/approvals/" + id).json().get("status").asText())
                .isEqualTo("denied");
    }

    @Test
    void everyClientHearsOfApprovalsAndCancellingDeniesThePendingOne() throws Exception {
        String url = "ws://127.0.0.1:" + app.port() + "/ws?token=" + app.token();
        try (WsTestClient watcher = WsTestClient.connect(url)) {
            CompletableFuture<HttpJson.Response> reply = askToWrite(http, app.model());
            JsonNode requested = watcher.until(
                            frame -> frame.get("event").asText().equals("approval_requested"))
                    .getLast()
                    .get("data")
                    .get("approval");
            assertThat(requested.get("tool").asText()).isEqualTo("workspace_write");

            assertThat(http.post("/api/agents/3/cancel", "{}").status()).isEqualTo(200);

            JsonNode resolved = watcher.until(
                            frame -> frame.get("event").asText().equals("approval_resolved"))
                    .getLast()
                    .get("data")
                    .get("approval");
            assertThat(resolved.get("id").asLong())
                    .isEqualTo(requested.get("id").asLong());
            assertThat(resolved.get("status").asText()).isEqualTo("denied");
            assertThat(resolved.get("reason").asText()).isEqualTo("The reply was cancelled.");
            assertThat(reply.get().status()).isNotEqualTo(200);
        }
        assertThat(written()).doesNotExist();
        await().atMost(WAIT)
                .until(() -> http.get("/api/agents/3/status")
                        .json()
                        .get("status")
                        .asText()
                        .equals("idle"));
    }

    @Test
    void aPendingApprovalOutlivesARestartAndTheTurnIsReportedInterrupted() throws Exception {
        Path dataDir = TempDirectory.create();
        try {
            long id;
            TestApp first = TestApp.withFakeModel(dataDir).initialized();
            CompletableFuture<HttpJson.Response> reply;
            try {
                reply = askToWrite(first.http(), first.model());
                id = pendingApproval(first.http()).get("id").asLong();
            } finally {
                first.close(); // AgentDeck stops while the approval is pending.
            }
            assertThat(reply.handle((response, failure) -> true).get()).isTrue();
            try (TestApp second = TestApp.withFakeModel(dataDir).initialized()) {
                JsonNode approval = second.http().get("/api/approvals/" + id).json();
                assertThat(approval.get("status").asText()).isEqualTo("pending");
                List<String> errors = new ArrayList<>();
                second.http()
                        .get("/api/agents/3/messages?limit=50")
                        .json()
                        .get("messages")
                        .forEach(message -> {
                            if (message.get("role").asText().equals("error")) {
                                errors.add(message.get("content").asText());
                            }
                        });
                assertThat(errors).anyMatch(error -> error.startsWith("Interrupted: AgentDeck stopped while"));
                assertThat(dataDir.resolve("workspace").resolve("out.txt")).doesNotExist();

                var decided = second.http()
                        .post("/api/approvals/" + id, "{\"decision\": \"approve\", \"remember\": \"always\"}");
                assertThat(decided.json().get("status").asText()).isEqualTo("approved");
                assertThat(second.http().get("/api/tool-policies").json().toString())
                        .contains("\"policy\":\"allow\"");
                assertThat(dataDir.resolve("workspace").resolve("out.txt"))
                        .as("approving after the restart runs nothing by itself")
                        .doesNotExist();
            }
        } finally {
            TempDirectory.delete(dataDir);
        }
    }
}
