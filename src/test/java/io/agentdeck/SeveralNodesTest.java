package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.HeadlessProcess;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.NodeProject;
import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.RecordedRequest;
import io.agentdeck.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real headless servers on loopback sharing one PostgreSQL database with nothing set but the database, as
 * an operator runs them behind a load balancer. Each node talks to its own fake model server, so the model's requests
 * tell which node ran a task: 500 tasks sent to both nodes run once each, split between them, and a node killed with
 * SIGKILL in the middle of a task has that task finished by the other node, and a Socket.IO client connected to one
 * node hears of the work the other node runs.
 */
class SeveralNodesTest {
    private static PostgresCluster postgres;

    @TempDir
    Path home;

    private String database;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void usePostgres() {
        postgres = TestDatabases.sharedPostgres();
    }

    @BeforeEach
    void createDatabase() {
        database = postgres.createDatabase();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
        postgres.dropDatabase(database);
    }

    @Test
    void fiveHundredTasksSentToTwoNodesRunOnceEachOnOneOfThem() throws Exception {
        Node a = node("a", FakeOpenAiServer.ECHO);
        Node b = node("b", FakeOpenAiServer.ECHO);

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Node to = i % 2 == 0 ? a : b;
            HttpJson.Response accepted =
                    to.http.post("/api/agents/task", "{\"task\": \"task-" + i + "\", \"mode\": \"direct\"}");
            assertThat(accepted.status()).isEqualTo(202);
            ids.add(accepted.json().get("task_id").asLong());
        }

        try {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> tasksIn("SUCCEEDED") == 500);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Not all tasks succeeded: " + taskStatuses() + "; model requests: a "
                    + a.model.requestCount() + ", b " + b.model.requestCount() + "; node a's log ends:\n"
                    + logEnd("a") + "\nnode b's log ends:\n" + logEnd("b"));
        }
        assertThat(ids).doesNotHaveDuplicates();
        Map<String, Long> runs = new HashMap<>();
        for (Node node : List.of(a, b)) {
            node.model.requests().stream()
                    .map(RecordedRequest::lastQuestion)
                    .filter(text -> text.startsWith("task-"))
                    .forEach(text -> runs.merge(text, 1L, Long::sum));
        }
        assertThat(runs).hasSize(500);
        assertThat(runs.values()).as("every task ran exactly once").containsOnly(1L);
        assertThat(taskCount(a)).as("node a ran some").isPositive();
        assertThat(taskCount(b)).as("node b ran some").isPositive();
        JsonNode finished = b.http.get("/api/tasks/" + ids.getFirst()).json();
        assertThat(finished.get("status").asText()).isEqualTo("succeeded");
        assertThat(finished.get("result").asText()).isEqualTo("Echo: task-0");
    }

    @Test
    void aNodeKilledInTheMiddleOfATaskHasItFinishedByTheOtherNode() throws Exception {
        // The first node asked about the long task never gets an answer; whoever asks again is answered.
        AtomicBoolean firstAsked = new AtomicBoolean();
        Function<RecordedRequest, FakeReply> hangOnce =
                request -> request.lastQuestion().equals("long task") && firstAsked.compareAndSet(false, true)
                        ? new FakeReply.Hang()
                        : FakeOpenAiServer.ECHO.apply(request);
        Node a = node("a", hangOnce);
        Node b = node("b", hangOnce);

        long id = a.http.post("/api/agents/task", "{\"task\": \"long task\", \"mode\": \"direct\"}")
                .json()
                .get("task_id")
                .asLong();
        await().atMost(Duration.ofSeconds(30)).until(firstAsked::get);
        Node runner = asked(a, "long task") ? a : b;
        Node other = runner == a ? b : a;
        assertThat(other.http.get("/api/tasks/" + id).json().get("status").asText())
                .isEqualTo("running");

        runner.process.kill();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> other.http
                                .get("/api/tasks/" + id)
                                .json()
                                .get("status")
                                .asText(),
                        "succeeded"::equals);
        JsonNode task = other.http.get("/api/tasks/" + id).json();
        assertThat(task.get("result").asText()).isEqualTo("Echo: long task");
        assertThat(asked(other, "long task"))
                .as("the other node's model answered it")
                .isTrue();
    }

    @Test
    void aThreadsMessagesSentToTwoNodesAreAnsweredInTurn() throws Exception {
        CountDownLatch firstAsked = new CountDownLatch(1);
        Function<RecordedRequest, FakeReply> slowFirst = request -> {
            if (request.lastQuestion().equals("first")) {
                firstAsked.countDown();
                sleep(Duration.ofSeconds(3));
            }
            return FakeOpenAiServer.ECHO.apply(request);
        };
        Node a = node("a", slowFirst);
        Node b = node("b", slowFirst);

        CompletableFuture<HttpJson.Response> first =
                CompletableFuture.supplyAsync(() -> a.http.post("/api/agents/3/message", "{\"message\": \"first\"}"));
        assertThat(firstAsked.await(30, TimeUnit.SECONDS)).isTrue();
        HttpJson.Response second = b.http.post("/api/agents/3/message", "{\"message\": \"second\"}");

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(first).as("the second question waited for the first answer").isDone();
        assertThat(first.get().json().get("conversation_id").asLong())
                .isEqualTo(second.json().get("conversation_id").asLong());
        RecordedRequest asked = b.model.requests().stream()
                .filter(request -> request.lastQuestion().equals("second"))
                .findFirst()
                .orElseThrow();
        assertThat(asked.rawBody()).as("the second turn saw the first exchange").contains("Echo: first");
        List<String> history = new ArrayList<>();
        b.http.get("/api/agents/3/messages")
                .json()
                .get("messages")
                .forEach(message -> history.add(message.get("content").asText()));
        assertThat(history).containsExactly("first", "Echo: first", "second", "Echo: second");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSocketIoClientOnOneNodeHearsOfWorkRunningOnTheOther() throws Exception {
        NodeProject.installOnce();
        Node a = node("a", FakeOpenAiServer.ECHO);
        Node b = node("b", FakeOpenAiServer.ECHO);

        List<JsonNode> lines = NodeProject.run("events-across-nodes.mjs", a.url, a.token, b.url, b.token);

        String ranOn = asked(a, "work seen from afar") ? "a" : "b";
        String elsewhere = ranOn.equals("a") ? "b" : "a";
        List<String> heardElsewhere = lines.stream()
                .filter(line -> elsewhere.equals(line.path("node").asText()))
                .map(line -> line.path("event").asText() + ":"
                        + (line.has("data") && line.get("data").has("task")
                                ? line.at("/data/task/status").asText()
                                : line.at("/data/status").asText()))
                .toList();
        assertThat(heardElsewhere)
                .as("the client on node %s hears of the task node %s ran", elsewhere, ranOn)
                .contains("task_update:running", "task_update:succeeded", "agent_status:busy");
    }

    private static boolean asked(Node node, String text) {
        return node.model.requests().stream().map(RecordedRequest::lastQuestion).anyMatch(text::equals);
    }

    private static long taskCount(Node node) {
        return node.model.requests().stream()
                .map(RecordedRequest::lastQuestion)
                .filter(text -> text.startsWith("task-"))
                .collect(Collectors.counting());
    }

    private String logEnd(String node) throws java.io.IOException {
        List<String> lines = Files.readAllLines(home.resolve(node).resolve("logs/agentdeck.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private Map<String, Integer> taskStatuses() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (var connection = DriverManager.getConnection(database, postgres.user(), postgres.password());
                var rows = connection
                        .createStatement()
                        .executeQuery("SELECT status, COUNT(*) FROM tasks GROUP BY status")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    private int tasksIn(String status) throws SQLException {
        try (var connection = DriverManager.getConnection(database, postgres.user(), postgres.password());
                var statement = connection.prepareStatement("SELECT COUNT(*) FROM tasks WHERE status = ?")) {
            statement.setString(1, status);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Starts a node (one after the other: the first seeds the shared database) and waits until it listens. */
    private Node node(String name, Function<RecordedRequest, FakeReply> replies) throws Exception {
        FakeOpenAiServer model = FakeOpenAiServer.start().defaultResponder(replies);
        running.add(model);
        Path dataDir = home.resolve(name);
        Files.createDirectories(dataDir);
        int port = HeadlessProcess.freePort();
        HeadlessProcess process = HeadlessProcess.launch(
                home.resolve("xdg-" + name),
                Map.of(
                        "OPENAI_BASE_URL",
                        model.baseUrl(),
                        "OPENAI_API_KEY",
                        "sk-test",
                        SettingsResolver.ENV_DATABASE_URL,
                        database,
                        SettingsResolver.ENV_DATABASE_USER,
                        postgres.user(),
                        SettingsResolver.ENV_DATABASE_PASSWORD,
                        postgres.password()),
                "--headless",
                "--port",
                String.valueOf(port),
                "--data-dir",
                dataDir.toString());
        running.add(process);
        process.awaitLine("listening");
        String token = Files.readString(dataDir.resolve("api-token")).strip();
        String url = "http://127.0.0.1:" + port;
        return new Node(process, model, new HttpJson(url, Optional.of(token)), url, token);
    }

    private record Node(HeadlessProcess process, FakeOpenAiServer model, HttpJson http, String url, String token) {}
}
