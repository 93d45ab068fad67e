package io.agentdeck.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.testing.FakeOpenAiServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection test against the fake OpenAI-compatible server and real sockets on loopback. */
class ConnectionTesterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ConnectionTester tester = new ConnectionTester();
    private FakeOpenAiServer fake;

    @BeforeEach
    void start() {
        fake = FakeOpenAiServer.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aReachableServerWithTheModelPasses() {
        ConnectionTester.Result result =
                tester.test(fake.baseUrl() + "/", Optional.of("sk-anything"), FakeOpenAiServer.MODEL, TIMEOUT);

        assertThat(result.ok()).isTrue();
        assertThat(result.status()).hasValue(200);
        assertThat(result.message()).isEqualTo("Connected: 200, model fake-model is available (1 model).");
    }

    @Test
    void aWrongKeyShowsTheServersAnswerButNeverTheKey() {
        fake.requireApiKey("sk-right-key");
        String wrongKey = "sk-wrong-key-0123456789";

        ConnectionTester.Result result =
                tester.test(fake.baseUrl(), Optional.of(wrongKey), FakeOpenAiServer.MODEL, TIMEOUT);

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).hasValue(401);
        assertThat(result.message())
                .startsWith("401 Unauthorized: Incorrect API key provided.")
                .doesNotContain(wrongKey);
        assertThat(tester.test(fake.baseUrl(), Optional.of("sk-right-key"), FakeOpenAiServer.MODEL, TIMEOUT)
                        .ok())
                .isTrue();
    }

    @Test
    void aModelTheServerDoesNotHaveFails() {
        ConnectionTester.Result result = tester.test(fake.baseUrl(), Optional.empty(), "gpt-9", TIMEOUT);

        assertThat(result.ok()).isFalse();
        assertThat(result.message())
                .contains("model 'gpt-9' is not found on the server")
                .contains("fake-model");
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/v1";

        ConnectionTester.Result result = tester.test(url, Optional.empty(), "m", TIMEOUT);

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isEmpty();
        assertThat(result.message())
                .isEqualTo("Cannot connect to " + url + ": connection refused. Is the server running?");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        var accepted = new CopyOnWriteArrayList<Socket>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // The test is over.
                }
            });
            long started = System.nanoTime();

            ConnectionTester.Result result = tester.test(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/v1", Optional.empty(), "m", Duration.ofMillis(700));

            assertThat(result.ok()).isFalse();
            assertThat(result.message()).startsWith("Timed out after 0.7 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aMalformedUrlIsExplained() {
        assertThat(tester.test("localhost:11434", Optional.empty(), "m", TIMEOUT)
                        .message())
                .startsWith("Not a valid server URL: 'localhost:11434'");
        assertThat(tester.test("", Optional.empty(), "m", TIMEOUT).ok()).isFalse();
    }
}
