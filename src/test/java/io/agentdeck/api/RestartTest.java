package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.task.NewTask;
import io.agentdeck.persistence.Database;
import io.agentdeck.persistence.HibernateTaskStore;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything acknowledged survives a restart on the same H2 file, and no task is left running. */
class RestartTest {
    @TempDir
    Path dataDir;

    private FakeOpenAiServer model;

    @BeforeEach
    void startModel() {
        model = FakeOpenAiServer.start();
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    @Test
    void messagesAgentsTasksAndMemorySurviveARestart() {
        long dynamicId;
        long finishedTaskId;
        long hungTaskId;
        try (TestApp first = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            HttpJson http = first.http();
            http.postEmpty("/api/init");
            assertThat(http.post("/api/agents/1/message", "{\"message\": \"remember the word kiwi\"}")
                            .status())
                    .isEqualTo(200);
            model.enqueue(FakeReply.jsonOf(Map.of(
                    "name", "Kiwi Keeper",
                    "role", "Keeps fruit facts",
                    "system_prompt", "You are Kiwi Keeper, an expert on fruit who answers with short facts.",
                    "capabilities", java.util.List.of("fruit", "facts"))));
            var created = http.post(
                    "/api/agents/create",
                    "{\"role\": \"Fruit expert\", \"capabilities\": [\"fruit\"], \"reason\": \"testing restarts\"}");
            assertThat(created.status()).isEqualTo(201);
            dynamicId = created.json().get("id").asLong();
            var finished = http.post(
                    "/api/agents/task", "{\"task\": \"summarize kiwi\", \"wait\": true, \"mode\": \"direct\"}");
            assertThat(finished.json().get("status").asText()).isEqualTo("succeeded");
            finishedTaskId = finished.json().get("task_id").asLong();

            model.enqueue(FakeReply.hang());
            hungTaskId = http.post("/api/agents/task", "{\"task\": \"never finishes\", \"mode\": \"direct\"}")
                    .json()
                    .get("task_id")
                    .asLong();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> http.get("/api/tasks/" + hungTaskId)
                            .json()
                            .get("status")
                            .asText()
                            .equals("running"));
        }

        try (TestApp second = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            HttpJson http = second.http();
            http.postEmpty("/api/init");

            JsonNode history = http.get("/api/agents/1/messages").json().get("messages");
            assertThat(history.get(0).get("content").asText()).isEqualTo("remember the word kiwi");
            assertThat(history.get(1).get("content").asText()).isEqualTo("Echo: remember the word kiwi");

            JsonNode dynamic = http.get("/api/agents/" + dynamicId).json();
            assertThat(dynamic.get("name").asText()).isEqualTo("Kiwi Keeper");
            assertThat(dynamic.get("type").asText()).isEqualTo("dynamic");
            assertThat(dynamic.get("created_by").asLong()).isEqualTo(2);
            assertThat(dynamic.get("reason").asText()).isEqualTo("testing restarts");

            assertThat(http.get("/api/tasks/" + finishedTaskId)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("succeeded");
            if (TestDatabases.onPostgres()) {
                // Nodes share a database server: the stopping node handed its task over, and this one finishes it.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> http.get("/api/tasks/" + hungTaskId)
                                .json()
                                .get("status")
                                .asText()
                                .equals("succeeded"));
            } else {
                assertThat(http.get("/api/tasks/" + hungTaskId)
                                .json()
                                .get("status")
                                .asText())
                        .isIn("cancelled", "failed");
            }

            model.reset();
            http.post("/api/agents/1/message", "{\"message\": \"what word?\"}");
            assertThat(model.lastRequest().messages())
                    .extracting(m -> m.content())
                    .as("the thread's memory was read back from the database")
                    .contains("remember the word kiwi", "Echo: remember the word kiwi", "what word?");
        }
    }

    @Test
    void aTaskLeftRunningByACrashIsReportedFailedAsInterrupted() {
        try (TestApp first = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            first.http().postEmpty("/api/init");
        }
        long crashedTaskId;
        // Simulate a process that died mid-task: the row says running and no process is working on it.
        try (Database database = Database.open(TestDatabases.configFor(dataDir))) {
            HibernateTaskStore tasks = new HibernateTaskStore(database.transactions());
            var task = tasks.create(new NewTask("operator_task", 1, "was running at the crash"));
            tasks.update(task.running(Instant.now()));
            crashedTaskId = task.id();
        }

        try (TestApp second = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            second.http().postEmpty("/api/init");
            JsonNode task = second.http().get("/api/tasks/" + crashedTaskId).json();
            assertThat(task.get("status").asText()).isEqualTo("failed");
            assertThat(task.get("error").asText()).isEqualTo("interrupted");
            assertThat(task.get("finished_at").isNull()).isFalse();
            assertThat(second.http().get("/api/tasks?status=running").json().get("tasks"))
                    .isEmpty();
        }
    }

    @Test
    void queuedTasksRunAgainAfterARestart() {
        try (TestApp first = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            first.http().postEmpty("/api/init");
        }
        long queuedId;
        try (Database database = Database.open(TestDatabases.configFor(dataDir))) {
            queuedId = new HibernateTaskStore(database.transactions())
                    .create(new NewTask("operator_task", 1, "queued before the restart"))
                    .id();
        }
        try (TestApp second = TestApp.start(dataDir, TestApp.fakeModel(model.baseUrl()))) {
            HttpJson http = second.http();
            http.postEmpty("/api/init");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/api/tasks/" + queuedId)
                            .json()
                            .get("status")
                            .asText()
                            .equals("succeeded"));
            assertThat(http.get("/api/tasks/" + queuedId).json().get("result").asText())
                    .isEqualTo("Echo: queued before the restart");
        }
    }
}
