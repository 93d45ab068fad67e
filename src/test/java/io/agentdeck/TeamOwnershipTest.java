package io.agentdeck;

import static io.agentdeck.testing.Waits.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.api.realtime.WsTestClient;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the users of a team's server own, on real PostgreSQL through the real API: a member's threads, tasks,
 * workflows, approvals and uploaded documents are theirs; another member gets 404 on every route that names them, as
 * for an id that does not exist; an admin sees everything.
 */
class TeamOwnershipTest {
    private static final String WRITE = "{\"path\": \"out.txt\", \"content\": \"bob's file\"}";

    @TempDir
    Path home;

    private FakeOpenAiServer model;
    private TestApp app;
    private HttpJson ada;
    private HttpJson bob;
    private HttpJson carol;

    @BeforeEach
    void start() {
        model = FakeOpenAiServer.start();
        app = TestApp.startWithEnvironment(
                        home.resolve("node"),
                        TestApp.fakeModel(model.baseUrl()),
                        TestDatabases.postgresEnvironmentFor(home.resolve("node")))
                .initialized();
        ada = as(addUser("ada", "admin"));
        bobToken = addUser("bob", "member");
        carolToken = addUser("carol", "member");
        bob = as(bobToken);
        carol = as(carolToken);
    }

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
        model.close();
    }

    private String addUser(String name, String role) {
        HttpJson.Response added =
                app.http().post("/api/users", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().at("/token/token").asText();
    }

    private String bobToken;
    private String carolToken;

    private HttpJson as(String token) {
        return new HttpJson(app.baseUrl(), Optional.of(token));
    }

    @Test
    void aMembersThreadsAreTheirOwnAndTheirDefaultThreadIsNotTheAgents() {
        HttpJson.Response reply = bob.post("/api/agents/3/message", "{\"message\": \"hello from bob\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        long bobThread = reply.json().get("conversation_id").asLong();
        JsonNode agentsDefault =
                app.http().get("/api/agents/3/conversations").json().get("conversations");
        long operatorDefault = agentsDefault.get(0).get("id").asLong();
        assertThat(bobThread).as("bob's own default thread").isNotEqualTo(operatorDefault);

        assertThat(bob.get("/api/agents/3/messages").json().get("messages").toString())
                .contains("hello from bob");
        assertThat(carol.get("/api/agents/3/messages").json().get("messages").toString())
                .as("carol's default thread is her own")
                .doesNotContain("hello from bob");
        assertThat(ids(bob.get("/api/agents/3/conversations").json().get("conversations")))
                .containsExactly(bobThread);
        assertThat(ids(carol.get("/api/agents/3/conversations").json().get("conversations")))
                .doesNotContain(bobThread, operatorDefault);
        assertThat(ids(ada.get("/api/agents/3/conversations").json().get("conversations")))
                .as("an admin sees every thread")
                .contains(bobThread, operatorDefault);

        String named = "?conversation_id=" + bobThread;
        for (HttpJson.Response refused : List.of(
                carol.get("/api/agents/3/messages" + named),
                carol.post("/api/agents/3/message", "{\"message\": \"hi\", \"conversation_id\": " + bobThread + "}"),
                carol.patch("/api/conversations/" + bobThread, "{\"title\": \"mine\"}"),
                carol.delete("/api/conversations/" + bobThread),
                bob.get("/api/agents/3/messages?conversation_id=" + operatorDefault))) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(404);
            assertThat(refused.json().get("code").asText()).isEqualTo("not_found");
        }
        assertThat(ada.get("/api/agents/3/messages" + named).json().toString()).contains("hello from bob");

        HttpJson.Response made = bob.post("/api/agents/3/conversations", "{\"title\": \"Plans\"}");
        long plans = made.json().get("id").asLong();
        assertThat(bob.patch("/api/conversations/" + plans, "{\"title\": \"Plans B\"}")
                        .status())
                .isEqualTo(200);
        assertThat(carol.delete("/api/conversations/" + plans).status()).isEqualTo(404);
        assertThat(bob.delete("/api/conversations/" + plans).status()).isEqualTo(204);
        assertThat(bob.post("/api/agents/3/cancel", "{}").status())
                .as("cancelling an agent stops everybody's work")
                .isEqualTo(403);
    }

    @Test
    void aMembersTasksAndWorkflowsAreHiddenFromOtherMembers() {
        HttpJson.Response task = bob.post("/api/agents/task", "{\"task\": \"sum it up\", \"mode\": \"direct\"}");
        assertThat(task.status()).as(task.body()).isEqualTo(202);
        long taskId = task.json().get("task_id").asLong();
        HttpJson.Response workflow = bob.post("/api/agents/task", "{\"task\": \"plan a trip\"}");
        assertThat(workflow.status()).as(workflow.body()).isEqualTo(202);
        String workflowId = workflow.json().get("workflow_id").asText();
        long operatorTask = app.http()
                .post("/api/agents/task", "{\"task\": \"the operator's\", \"mode\": \"direct\"}")
                .json()
                .get("task_id")
                .asLong();

        assertThat(taskIds(bob.get("/api/tasks"))).contains(taskId).doesNotContain(operatorTask);
        assertThat(taskIds(carol.get("/api/tasks"))).isEmpty();
        assertThat(taskIds(ada.get("/api/tasks"))).contains(taskId, operatorTask);
        assertThat(bob.get("/api/tasks/" + taskId).status()).isEqualTo(200);
        assertThat(bob.get("/api/workflows").json().get("workflows").toString()).contains(workflowId);
        assertThat(carol.get("/api/workflows").json().get("workflows")).isEmpty();
        assertThat(ada.get("/api/workflows/" + workflowId).status()).isEqualTo(200);

        for (HttpJson.Response refused : List.of(
                carol.get("/api/tasks/" + taskId),
                carol.post("/api/tasks/" + taskId + "/cancel", "{}"),
                bob.get("/api/tasks/" + operatorTask),
                carol.get("/api/workflows/" + workflowId),
                carol.post("/api/workflows/" + workflowId + "/cancel", "{}"),
                carol.post("/api/workflows/" + workflowId + "/resume", "{}"))) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        }
        assertThat(carol.get("/api/tasks/" + taskId).body())
                .as("the same answer as for a task that does not exist")
                .isEqualTo(carol.get("/api/tasks/999999").body().replace("999999", String.valueOf(taskId)));
    }

    @Test
    void anApprovalAskedInAMembersThreadIsTheirsAndTheAdminsOnly() throws Exception {
        model.enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Done."));
        CompletableFuture<HttpJson.Response> reply =
                CompletableFuture.supplyAsync(() -> bob.post("/api/agents/3/message", "{\"message\": \"write it\"}"));
        long approval = onlyPendingApproval(bob).get("id").asLong();

        assertThat(carol.get("/api/approvals").json().get("approvals")).isEmpty();
        assertThat(ada.get("/api/approvals?status=pending").json().get("approvals"))
                .hasSize(1);
        assertThat(carol.get("/api/approvals/" + approval).status()).isEqualTo(404);
        assertThat(carol.post("/api/approvals/" + approval, "{\"decision\": \"deny\"}")
                        .status())
                .isEqualTo(404);
        assertThat(reply).isNotDone();

        HttpJson.Response approved = bob.post("/api/approvals/" + approval, "{\"decision\": \"approve\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(reply.get().json().get("response").asText()).isEqualTo("Done.");
    }

    @Test
    void anApprovalAskedByAMembersTaskIsTheirs() {
        assertThat(app.http()
                        .put("/api/agents/1/tools", "{\"tools\": [\"workspace_write\"]}")
                        .status())
                .isEqualTo(200);
        model.enqueue(FakeReply.toolCall("workspace_write", WRITE), FakeReply.text("Written."));
        long task = bob.post("/api/agents/task", "{\"task\": \"write it\", \"mode\": \"direct\"}")
                .json()
                .get("task_id")
                .asLong();
        JsonNode approval = onlyPendingApproval(bob);
        assertThat(approval.get("task_id").asLong()).isEqualTo(task);
        long id = approval.get("id").asLong();

        assertThat(carol.get("/api/approvals").json().get("approvals")).isEmpty();
        assertThat(carol.post("/api/approvals/" + id, "{\"decision\": \"approve\"}")
                        .status())
                .isEqualTo(404);
        assertThat(bob.post("/api/approvals/" + id, "{\"decision\": \"approve\"}")
                        .status())
                .isEqualTo(200);
        await().atMost(WAIT)
                .until(() -> bob.get("/api/tasks/" + task).json().get("status").asText(), "succeeded"::equals);
        assertThat(bob.get("/api/tasks/" + task).json().get("result").asText()).isEqualTo("Written.");
    }

    @Test
    void aMembersUploadedDocumentIsTheirsWhileTheOperatorsAreShared() throws Exception {
        long collection = app.http()
                .post("/api/knowledge/collections", "{\"name\": \"Team\"}")
                .json()
                .get("collection_id")
                .asLong();
        Path shared = Files.writeString(home.resolve("handbook.md"), "# Handbook\nThe office opens at nine.\n");
        Path own = Files.writeString(home.resolve("bob-notes.md"), "# Notes\nBob's salary review is in March.\n");
        String documents = "/api/knowledge/collections/" + collection + "/documents";
        long sharedId = app.http()
                .upload(documents, List.of(shared))
                .json()
                .at("/documents/0/document_id")
                .asLong();
        HttpJson.Response uploaded = bob.upload(documents, List.of(own));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(202);
        long ownId = uploaded.json().at("/documents/0/document_id").asLong();
        await().atMost(WAIT)
                .until(() -> ada.get("/api/knowledge/documents/" + ownId)
                        .json()
                        .get("status")
                        .asText()
                        .equals("ready"));

        assertThat(ids(bob.get(documents).json().get("documents"), "document_id"))
                .containsExactlyInAnyOrder(sharedId, ownId);
        assertThat(ids(carol.get(documents).json().get("documents"), "document_id"))
                .containsExactly(sharedId);
        assertThat(ids(ada.get(documents).json().get("documents"), "document_id"))
                .containsExactlyInAnyOrder(sharedId, ownId);
        assertThat(carol.get("/api/knowledge/documents/" + ownId).status()).isEqualTo(404);
        assertThat(carol.delete("/api/knowledge/documents/" + ownId).status()).isEqualTo(404);
        assertThat(carol.get("/api/knowledge/search?q=salary+review").json().toString())
                .doesNotContain("salary");
        assertThat(bob.get("/api/knowledge/search?q=salary+review").json().toString())
                .contains("salary");
        assertThat(app.http()
                        .put("/api/agents/3/collections", "{\"collections\": [" + collection + "]}")
                        .status())
                .isEqualTo(200);
        carol.post("/api/agents/3/message", "{\"message\": \"When is Bob's salary review?\"}");
        assertThat(model.lastRequest().rawBody())
                .as("an agent answering carol does not read bob's document")
                .doesNotContain("in March");
        bob.post("/api/agents/3/message", "{\"message\": \"When is Bob's salary review?\"}");
        assertThat(model.lastRequest().rawBody())
                .as("an agent answering bob does")
                .contains("in March");
        assertThat(carol.get("/api/knowledge/documents/" + sharedId).status()).isEqualTo(200);
        assertThat(carol.delete("/api/knowledge/documents/" + sharedId).status())
                .as("the operator's documents are shared: only admins remove them")
                .isEqualTo(403);
        assertThat(bob.delete("/api/knowledge/documents/" + ownId).status()).isEqualTo(200);
    }

    @Test
    void aMembersRealTimeClientHearsOfTheirOwnWorkAndSpeaksOnlyInTheirOwnThreads() throws Exception {
        String ws = "ws://127.0.0.1:" + app.port() + "/ws?token=";
        try (WsTestClient bobs = WsTestClient.connect(ws + bobToken);
                WsTestClient carols = WsTestClient.connect(ws + carolToken)) {
            long bobThread = bob.post("/api/agents/3/message", "{\"message\": \"hi\"}")
                    .json()
                    .get("conversation_id")
                    .asLong();
            carols.send(
                    "send_message", "{\"agent_id\": 3, \"message\": \"x\", \"conversation_id\": " + bobThread + "}");
            JsonNode refused = carols.until(frame -> frame.get("event").asText().equals("error"))
                    .getLast();
            assertThat(refused.at("/data/code").asText()).isEqualTo("not_found");
            carols.send("cancel", "{\"agent_id\": 3}");
            assertThat(carols.until(frame -> frame.get("event").asText().equals("error"))
                            .getLast()
                            .at("/data/code")
                            .asText())
                    .isEqualTo("forbidden");

            carols.send("send_message", "{\"agent_id\": 3, \"message\": \"from carol\"}");
            JsonNode answer = carols.until(frame -> frame.get("event").asText().equals("agent_response"))
                    .getLast();
            assertThat(answer.at("/data/message").asText()).isEqualTo("Echo: from carol");
            assertThat(answer.at("/data/conversation_id").asLong())
                    .as("carol's own default thread")
                    .isNotEqualTo(bobThread);

            long bobsTask = bob.post("/api/agents/task", "{\"task\": \"bob's task\", \"mode\": \"direct\"}")
                    .json()
                    .get("task_id")
                    .asLong();
            long carolsTask = carol.post("/api/agents/task", "{\"task\": \"carol's task\", \"mode\": \"direct\"}")
                    .json()
                    .get("task_id")
                    .asLong();
            bobs.until(frame -> isFinished(frame, bobsTask));
            List<JsonNode> carolHeard = carols.until(frame -> isFinished(frame, carolsTask));
            await().atMost(WAIT)
                    .until(() -> ada.get("/api/tasks/" + bobsTask)
                            .json()
                            .get("status")
                            .asText()
                            .equals("succeeded"));
            carolHeard.addAll(carols.drain(java.time.Duration.ofMillis(500)));
            assertThat(carolHeard)
                    .filteredOn(frame -> frame.get("event").asText().equals("task_update"))
                    .extracting(frame -> frame.at("/data/task/task_id").asLong())
                    .as("carol hears of her task, not of bob's")
                    .contains(carolsTask)
                    .doesNotContain(bobsTask);
        }
    }

    private static boolean isFinished(JsonNode frame, long taskId) {
        return frame.get("event").asText().equals("task_update")
                && frame.at("/data/task/task_id").asLong() == taskId
                && frame.at("/data/task/status").asText().equals("succeeded");
    }

    /** Waits until the user sees exactly one pending approval, and returns it. */
    private static JsonNode onlyPendingApproval(HttpJson user) {
        await().atMost(WAIT)
                .until(() -> user.get("/api/approvals?status=pending")
                                .json()
                                .get("approvals")
                                .size()
                        == 1);
        return user.get("/api/approvals?status=pending").json().get("approvals").get(0);
    }

    private static List<Long> ids(JsonNode items) {
        return ids(items, "id");
    }

    private static List<Long> ids(JsonNode items, String field) {
        List<Long> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get(field).asLong()));
        return ids;
    }

    private static List<Long> taskIds(HttpJson.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        response.json().get("tasks").forEach(task -> ids.add(task.get("task_id").asLong()));
        return ids;
    }
}
