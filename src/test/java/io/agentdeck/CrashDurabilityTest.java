package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HeadlessProcess;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.WorkflowScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real headless server with SIGKILL while concurrent clients load it, starts it again on the same data
 * directory, and looks for everything the server acknowledged before it died: every answered message with its
 * reply, every created thread, every accepted task, and no task left running.
 */
class CrashDurabilityTest {
    private static final int MESSAGE_CLIENTS = 6;
    private static final int TASK_CLIENTS = 2;
    /** Enough acknowledged work that the kill lands in the middle of commits, not in a quiet moment. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 150;

    @TempDir
    Path dataDir;

    /** A message the server answered with 200: its question and reply are stored under these ids. */
    private record Acknowledged(long agentId, long conversationId, long questionId, long replyId, String text) {}

    @Test
    void everythingAcknowledgedBeforeAKillIsThereAfterARestart() throws Exception {
        List<Acknowledged> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Long> acceptedTasks = ConcurrentHashMap.newKeySet();
        Map<Long, Long> createdThreads = new ConcurrentHashMap<>(); // thread id → agent id
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            // A little model time, so that the kill also finds replies and tasks in flight.
            model.defaultResponder(
                    request -> FakeReply.text("Echo: " + request.lastQuestion()).after(Duration.ofMillis(3)));
            Map<String, String> env = Map.of("OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API_KEY", "sk-test");

            int port = HeadlessProcess.freePort();
            try (HeadlessProcess server = start(env, port)) {
                HttpJson http = client(port);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger acknowledged = new AtomicInteger();
                CountDownLatch enough = new CountDownLatch(1);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
                for (int c = 0; c < MESSAGE_CLIENTS; c++) {
                    int client = c;
                    clients.submit(() -> sendMessages(
                            http, client, stop, answered, createdThreads, () -> countUp(acknowledged, enough)));
                }
                for (int c = 0; c < TASK_CLIENTS; c++) {
                    int client = c;
                    clients.submit(
                            () -> submitTasks(http, client, stop, acceptedTasks, () -> countUp(acknowledged, enough)));
                }
                assertThat(enough.await(90, TimeUnit.SECONDS))
                        .as("the clients got answers before the kill")
                        .isTrue();
                server.kill();
                stop.set(true);
                clients.shutdown();
                assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(answered).isNotEmpty();
            try (HeadlessProcess _ = start(env, port)) {
                HttpJson http = client(port);
                for (Map.Entry<Long, Long> thread : createdThreads.entrySet()) {
                    assertThat(http.get("/api/agents/" + thread.getValue() + "/conversations")
                                    .json()
                                    .findValues("id"))
                            .as("thread %d was acknowledged", thread.getKey())
                            .extracting(JsonNode::asLong)
                            .contains(thread.getKey());
                }
                Map<Long, Map<Long, JsonNode>> histories = new HashMap<>();
                for (Acknowledged message : answered) {
                    Map<Long, JsonNode> history = histories.computeIfAbsent(
                            message.conversationId(), id -> history(http, message.agentId(), id));
                    assertThat(contentOf(history, message.questionId()))
                            .as("question %d was answered with 200 before the kill", message.questionId())
                            .contains(message.text());
                    assertThat(contentOf(history, message.replyId()))
                            .as("the reply to '%s' was sent to the client before the kill", message.text())
                            .contains("Echo: " + message.text());
                }
                for (long taskId : acceptedTasks) {
                    assertThat(http.get("/api/tasks/" + taskId).status())
                            .as("task %d was accepted with 202 before the kill", taskId)
                            .isEqualTo(200);
                }
                // Queued tasks run again after a restart; running ones were interrupted. None may stay running.
                Awaitility.await("every task finished or was marked interrupted")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> unfinishedTasks(http) == 0);
                assertThat(http.get("/api/tasks?status=running").json().get("tasks"))
                        .isEmpty();
            }
        }
    }

    /**
     * SIGKILL while a workflow's second step runs: after the restart the workflow is interrupted with nothing shown
     * running, and a resume continues from the last finished step (the first step and the plan are not asked again).
     */
    @Test
    void aWorkflowKilledMidStepIsInterruptedAndResumesFromItsLastFinishedStep() throws Exception {
        AtomicBoolean firstDraft = new AtomicBoolean(true);
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            WorkflowScript.script(
                    model,
                    List.of(WorkflowScript.plan(
                            WorkflowScript.step(1, "Generator", "Gather the facts"),
                            WorkflowScript.step(2, "Generator", "Draft the report", 1),
                            WorkflowScript.step(3, "Driver", "Polish the report", 2))),
                    FakeReply.text("THE REPORT"),
                    request ->
                            WorkflowScript.firstLine(request).equals("Draft the report") && firstDraft.getAndSet(false)
                                    ? FakeReply.hang()
                                    : WorkflowScript.answerEachStep(request));
            Map<String, String> env = Map.of("OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API_KEY", "sk-test");
            int port = HeadlessProcess.freePort();
            String workflowId;
            try (HeadlessProcess server = start(env, port)) {
                HttpJson http = client(port);
                workflowId = http.post("/api/agents/task", "{\"task\": \"Write the report\"}")
                        .json()
                        .get("workflow_id")
                        .asText();
                Awaitility.await("the second step runs")
                        .atMost(Duration.ofSeconds(60))
                        .until(
                                () -> stepStatuses(http, workflowId),
                                s -> s.equals(List.of("succeeded", "running", "pending")));
                // Killed only once the model holds the step's request: a step shows running from the moment it is
                // sent to its agent, before its turn (knowledge first) reaches the model.
                Awaitility.await("the model holds the second step's request")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> model.requests().stream()
                                .anyMatch(request ->
                                        WorkflowScript.firstLine(request).equals("Draft the report")));
                server.kill();
            }

            try (HeadlessProcess _ = start(env, port)) {
                HttpJson http = client(port);
                JsonNode after = http.get("/api/workflows/" + workflowId).json();
                assertThat(after.get("status").asText()).isEqualTo("interrupted");
                assertThat(stepStatuses(http, workflowId)).doesNotContain("running");
                assertThat(after.at("/steps/0/output").asText()).isEqualTo("OUT[Gather the facts]");
                assertThat(http.get("/api/tasks?status=running").json().get("tasks"))
                        .isEmpty();

                assertThat(http.postEmpty("/api/workflows/" + workflowId + "/resume")
                                .status())
                        .isEqualTo(202);
                Awaitility.await("the resumed workflow finishes")
                        .atMost(Duration.ofSeconds(60))
                        .until(
                                () -> http.get("/api/workflows/" + workflowId)
                                        .json()
                                        .get("status")
                                        .asText(),
                                status -> !status.equals("running") && !status.equals("planning"));
                JsonNode done = http.get("/api/workflows/" + workflowId).json();
                assertThat(done.get("status").asText()).isEqualTo("succeeded");
                assertThat(done.get("result").asText()).isEqualTo("THE REPORT");
                assertThat(stepStatuses(http, workflowId)).containsExactly("succeeded", "succeeded", "succeeded");
            }
            assertThat(model.requests().stream().filter(WorkflowScript::isPlanRequest))
                    .as("the plan is not asked for again")
                    .hasSize(1);
            assertThat(model.requests().stream()
                            .filter(request -> WorkflowScript.firstLine(request).equals("Gather the facts")))
                    .as("the finished step is not run again")
                    .hasSize(1);
        }
    }

    private static List<String> stepStatuses(HttpJson http, String workflowId) {
        List<String> statuses = new java.util.ArrayList<>();
        http.get("/api/workflows/" + workflowId)
                .json()
                .get("steps")
                .forEach(step -> statuses.add(step.get("status").asText()));
        return statuses;
    }

    /** Starts the server and waits until it listens (it initializes the agents before that). */
    private HeadlessProcess start(Map<String, String> env, int port) throws InterruptedException {
        HeadlessProcess server = HeadlessProcess.launch(
                dataDir.resolve("xdg"),
                env,
                "--headless",
                "--port",
                String.valueOf(port),
                "--data-dir",
                dataDir.toString());
        server.awaitLine("listening");
        return server;
    }

    private HttpJson client(int port) throws java.io.IOException {
        return new HttpJson(
                "http://127.0.0.1:" + port,
                Optional.of(Files.readString(dataDir.resolve("api-token")).strip()));
    }

    private static void countUp(AtomicInteger acknowledged, CountDownLatch enough) {
        if (acknowledged.incrementAndGet() >= ACKNOWLEDGED_BEFORE_KILL) {
            enough.countDown();
        }
    }

    /** One client: its own thread with one agent, then messages there and in the agent's default thread. */
    private static void sendMessages(
            HttpJson http,
            int client,
            AtomicBoolean stop,
            List<Acknowledged> answered,
            Map<Long, Long> createdThreads,
            Runnable onAcknowledged) {
        long agentId = client % 3 + 1;
        try {
            HttpJson.Response thread =
                    http.post("/api/agents/" + agentId + "/conversations", "{\"title\": \"client " + client + "\"}");
            if (thread.status() != 201) {
                return;
            }
            long threadId = thread.json().get("id").asLong();
            createdThreads.put(threadId, agentId);
            onAcknowledged.run();
            for (int n = 0; !stop.get(); n++) {
                String text = "client " + client + " message " + n;
                String body = n % 2 == 0
                        ? "{\"message\": \"" + text + "\", \"conversation_id\": " + threadId + "}"
                        : "{\"message\": \"" + text + "\"}";
                HttpJson.Response reply = http.post("/api/agents/" + agentId + "/message", body);
                if (reply.status() != 200) {
                    continue;
                }
                JsonNode json = reply.json();
                answered.add(new Acknowledged(
                        agentId,
                        json.get("conversation_id").asLong(),
                        json.get("user_message_id").asLong(),
                        json.get("message_id").asLong(),
                        text));
                onAcknowledged.run();
            }
        } catch (RuntimeException serverGone) {
            // The kill: the connection broke, and nothing from here on was acknowledged.
        }
    }

    private static void submitTasks(
            HttpJson http, int client, AtomicBoolean stop, Set<Long> acceptedTasks, Runnable onAcknowledged) {
        try {
            for (int n = 0; !stop.get(); n++) {
                HttpJson.Response task = http.post(
                        "/api/agents/task",
                        "{\"task\": \"task " + n + " of client " + client + "\", \"mode\": \"direct\"}");
                if (task.status() == 202) {
                    acceptedTasks.add(task.json().get("task_id").asLong());
                    onAcknowledged.run();
                }
                Thread.sleep(5);
            }
        } catch (RuntimeException serverGone) {
            // The kill.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The whole thread, by message id, read page by page from the newest. */
    private static Map<Long, JsonNode> history(HttpJson http, long agentId, long conversationId) {
        Map<Long, JsonNode> byId = new HashMap<>();
        Optional<Long> before = Optional.empty();
        while (true) {
            JsonNode page = http.get("/api/agents/" + agentId + "/messages?limit=200&conversation_id=" + conversationId
                            + before.map(id -> "&before=" + id).orElse(""))
                    .json();
            long oldest = Long.MAX_VALUE;
            for (JsonNode message : page.get("messages")) {
                byId.put(message.get("id").asLong(), message);
                oldest = Math.min(oldest, message.get("id").asLong());
            }
            if (!page.get("has_more").asBoolean()) {
                return byId;
            }
            before = Optional.of(oldest);
        }
    }

    private static Optional<String> contentOf(Map<Long, JsonNode> history, long messageId) {
        return Optional.ofNullable(history.get(messageId))
                .map(node -> node.get("content").asText());
    }

    private static int unfinishedTasks(HttpJson http) {
        return http.get("/api/tasks?status=running").json().get("tasks").size()
                + http.get("/api/tasks?status=queued").json().get("tasks").size();
    }
}
