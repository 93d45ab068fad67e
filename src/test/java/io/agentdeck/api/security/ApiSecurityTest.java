package io.agentdeck.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.testing.FakeOpenAiServer;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The local API is not an open door: token, Host, Origin, content type and rate limit, on every route. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dataDir;
    private FakeOpenAiServer model;
    private TestApp app;
    private HttpJson anonymous;

    @BeforeAll
    void start(@TempDir Path dir) {
        dataDir = dir;
        model = FakeOpenAiServer.start();
        app = TestApp.start(dir, TestApp.fakeModel(model.baseUrl()));
        app.http().postEmpty("/api/init");
        anonymous = app.http().withoutToken();
    }

    @AfterAll
    void stop() {
        app.close();
        model.close();
    }

    /** Every documented route except the health check, with "1" for each path parameter (an id or a name). */
    Stream<String[]> documentedRoutes() throws Exception {
        JsonNode document;
        try (InputStream in = ApiSecurityTest.class.getResourceAsStream("/io/agentdeck/api/openapi.json")) {
            document = JSON.readTree(in);
        }
        List<String[]> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.get("paths").properties().iterator();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (List.of("GET", "POST", "PATCH", "DELETE", "PUT").contains(method)
                        && !(method.equals("GET") && path.getKey().equals("/"))) {
                    routes.add(new String[] {method, path.getKey().replaceAll("\\{[^}]+}", "1")});
                }
            }
        }
        assertThat(routes).hasSizeGreaterThan(20);
        return routes.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("documentedRoutes")
    void everyRouteButHealthNeedsTheToken(String method, String path) {
        if (path.startsWith("/socket.io")) {
            return; // Socket.IO checks its token in the CONNECT packet; see the Socket.IO tests.
        }
        if (PUBLIC_HEALTH_CHECKS.contains(path)) {
            return; // Checked open below.
        }
        var request = HttpRequest.newBuilder(anonymous.uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"));
        var response = anonymous.send(request);
        assertThat(response.status()).as(method + " " + path).isEqualTo(401);
        assertThat(response.json().get("code").asText()).isEqualTo("unauthorized");
    }

    /** Probes of load balancers and orchestrators carry no token (server mode). */
    private static final java.util.Set<String> PUBLIC_HEALTH_CHECKS =
            java.util.Set.of("/api/health/live", "/api/health/ready");

    @Test
    void theHealthCheckIsOpenAndAWrongTokenIsRefused() {
        assertThat(anonymous.get("/").status()).isEqualTo(200);
        PUBLIC_HEALTH_CHECKS.forEach(
                path -> assertThat(anonymous.get(path).status()).as(path).isEqualTo(200));
        assertThat(anonymous.get("/api/health/other").status()).isEqualTo(401);
        var wrong = new HttpJson(app.baseUrl(), Optional.of("not-the-token")).get("/api/status");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).contains("not valid");
    }

    @Test
    void aForeignHostHeaderIsRefusedAgainstDnsRebinding() throws Exception {
        String response = rawGet(app.port(), "/api/status", "evil.example:" + app.port(), app.token());

        assertThat(response)
                .startsWith("HTTP/1.1 403")
                .contains("forbidden_host")
                .contains("AGENTDECK_ALLOWED_HOSTS");
        assertThat(rawGet(app.port(), "/api/health/ready", "10.1.2.3:" + app.port(), ""))
                .as("a load balancer's probe names the node by its address")
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void allowedHostsLetATeamServerAnswerToItsName(@TempDir Path otherDir) throws Exception {
        try (TestApp team = TestApp.startWithEnvironment(
                otherDir,
                TestApp.fakeModel("http://127.0.0.1:1/v1"),
                Map.of("AGENTDECK_ALLOWED_HOSTS", " agentdeck.team.example , 10.0.0.5"))) {
            assertThat(rawGet(team.port(), "/api/status", "AgentDeck.Team.Example:443", team.token()))
                    .startsWith("HTTP/1.1 200");
            assertThat(rawGet(team.port(), "/api/status", "10.0.0.5", team.token()))
                    .startsWith("HTTP/1.1 200");
            assertThat(rawGet(team.port(), "/api/status", "evil.example", team.token()))
                    .startsWith("HTTP/1.1 403");
        }
    }

    /** The JDK client will not send a custom Host header, so this speaks HTTP/1.1 by hand. */
    private static String rawGet(int port, String path, String host, String token) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                                    + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n")
                                    + "Connection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aForeignOriginIsRefusedAndAnAllowedOneGetsCors() {
        var foreign = app.http()
                .send(HttpRequest.newBuilder(app.http().uri("/api/agents"))
                        .header("Origin", "http://evil.example")
                        .GET());
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("code").asText()).isEqualTo("forbidden_origin");

        var otherLocalPort = app.http()
                .send(HttpRequest.newBuilder(app.http().uri("/api/agents"))
                        .header("Origin", "http://localhost:1")
                        .GET());
        assertThat(otherLocalPort.status())
                .as("another local web app is another origin")
                .isEqualTo(403);

        String own = "http://127.0.0.1:" + app.port();
        var same = app.http()
                .send(HttpRequest.newBuilder(app.http().uri("/api/agents"))
                        .header("Origin", own)
                        .GET());
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.header("Access-Control-Allow-Origin")).contains(own);

        var preflight = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/api/agents/1/message"))
                .header("Origin", own)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization");
        var foreignPreflight = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/api/agents/1/message"))
                .header("Origin", "http://evil.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(foreignPreflight.status()).isEqualTo(403);
        assertThat(foreignPreflight.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aSimpleFormPostIsRefusedWith415() {
        var form = app.http().post("/api/agents/task", "task=steal", "text/plain");
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void theTokenFileIsOwnerOnlyAndTheTokenIsNeverLoggedOrReturned() throws Exception {
        Path file = dataDir.resolve(ApiToken.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file).strip()).isEqualTo(app.token());

        for (String path : List.of("/api/status", "/api/agents", "/api/agents/1", "/openapi.json")) {
            assertThat(app.http().get(path).body()).doesNotContain(app.token());
        }
        Path log = Path.of("target", "test-logs", "agentdeck-test.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContain(app.token()).doesNotContain("test-key");
        }
        assertThat(app.context().apiToken().orElseThrow().toString()).doesNotContain(app.token());
    }

    @Test
    void aRegeneratedTokenReplacesTheOldOne() {
        ApiToken token = ApiToken.loadOrCreate(dataDir.resolve("other"), Optional.empty());
        String before = token.reveal();
        token.regenerate();
        assertThat(token.matches(before)).isFalse();
        assertThat(ApiToken.loadOrCreate(dataDir.resolve("other"), Optional.empty())
                        .matches(token.reveal()))
                .isTrue();
        assertThat(ApiToken.loadOrCreate(dataDir.resolve("other"), Optional.of("from-env"))
                        .matches("from-env"))
                .isTrue();
    }

    @Test
    void tooManyRequestsGet429WithRetryAfter(@TempDir Path otherDir) {
        try (TestApp limited = TestApp.start(otherDir, TestApp.fakeModel(model.baseUrl()), new RateLimit(5, 0.5))) {
            List<Integer> statuses = new ArrayList<>();
            HttpJson.Response last = null;
            for (int i = 0; i < 8; i++) {
                last = limited.http().get("/api/status");
                statuses.add(last.status());
            }
            assertThat(statuses.subList(0, 5)).containsOnly(200);
            assertThat(statuses.subList(5, 8)).containsOnly(429);
            assertThat(last.header("Retry-After"))
                    .hasValueSatisfying(
                            value -> assertThat(Integer.parseInt(value)).isBetween(1, 3));
            assertThat(last.json().get("code").asText()).isEqualTo("rate_limited");
        }
    }

    @Test
    void noAuthIsRefusedOnANonLoopbackBind() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ApiSecurity.forBind("0.0.0.0", Optional.empty(), RateLimit.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--no-auth");
        assertThat(ApiSecurity.forBind("127.0.0.1", Optional.empty(), RateLimit.DEFAULT)
                        .authRequired())
                .isFalse();
    }
}
