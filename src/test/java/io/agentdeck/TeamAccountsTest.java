package io.agentdeck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestApp;
import io.agentdeck.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounts of a team's server, on real PostgreSQL through the real API: the operator's token is an admin's; an
 * admin adds users whose tokens are shown once; a member chats but cannot change what everybody shares, nor see
 * anybody else's tokens; a revoked token is refused at once, also by another node of the same database. The
 * {@code agentdeck users add} command makes the first admin.
 */
class TeamAccountsTest {
    @TempDir
    Path home;

    private final List<TestApp> apps = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        apps.reversed().forEach(TestApp::close);
    }

    /** Node "a" creates the database; other nodes join it. */
    private TestApp node(String name) {
        Map<String, String> env = TestDatabases.postgresEnvironmentFor(home.resolve("a"));
        TestApp app = TestApp.startWithEnvironment(home.resolve(name), ModelSettings.none(), env)
                .initialized();
        apps.add(app);
        return app;
    }

    private static HttpJson as(TestApp app, String token) {
        return new HttpJson(app.baseUrl(), Optional.of(token));
    }

    private static String addUser(HttpJson admin, String name, String role) {
        HttpJson.Response added = admin.post("/api/users", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().at("/token/token").asText();
    }

    @Test
    void anAdminAddsAMemberWhoWorksButCannotChangeWhatEverybodyShares() {
        TestApp app = node("a");
        HttpJson operator = app.http();
        assertThat(operator.get("/api/users/me").json().get("operator").asBoolean())
                .isTrue();

        String adaToken = addUser(operator, "ada", "admin");
        HttpJson ada = as(app, adaToken);
        String bobToken = addUser(ada, "bob", "member");
        HttpJson bob = as(app, bobToken);

        JsonNode me = bob.get("/api/users/me").json();
        assertThat(me.get("name").asText()).isEqualTo("bob");
        assertThat(me.get("role").asText()).isEqualTo("member");
        assertThat(bob.get("/api/agents").status()).isEqualTo(200);
        assertThat(bob.get("/api/knowledge/collections").status()).isEqualTo(200);

        assertThat(bob.get("/api/users").status()).isEqualTo(403);
        assertThat(bob.get("/metrics").status()).isEqualTo(403);
        assertThat(bob.post("/api/users", "{\"name\": \"eve\"}").status()).isEqualTo(403);
        HttpJson.Response create = bob.post("/api/agents/create", "{\"name\": \"Spy\", \"role\": \"x\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(bob.put("/api/tools/workspace_write/policy", "{\"policy\": \"allow\"}")
                        .status())
                .isEqualTo(403);
        assertThat(bob.post("/api/knowledge/collections", "{\"name\": \"Mine\"}")
                        .status())
                .isEqualTo(403);
        assertThat(bob.delete("/api/agents/1").status()).isEqualTo(403);
        HttpJson.Response remember =
                bob.post("/api/approvals/1", "{\"decision\": \"approve\", \"remember\": \"always\"}");
        assertThat(remember.status())
                .as("remembering an answer sets a policy for everybody")
                .isEqualTo(403);
        assertThat(ada.get("/metrics").status()).isEqualTo(200);

        JsonNode users = ada.get("/api/users").json().get("users");
        assertThat(users).extracting(user -> user.get("name").asText()).containsExactly("ada", "bob");
        assertThat(users.toString()).doesNotContain(adaToken).doesNotContain(bobToken);
    }

    @Test
    void aMemberManagesOnlyTheirOwnTokensAndARevokedTokenIsRefusedAtOnceOnEveryNode() {
        TestApp a = node("a");
        TestApp b = node("b");
        String bobFirst = addUser(a.http(), "bob", "member");
        addUser(a.http(), "carol", "member");
        JsonNode ids = a.http().get("/api/users").json().get("users");
        long bobId = ids.get(0).get("user_id").asLong();
        long carolId = ids.get(1).get("user_id").asLong();
        HttpJson bobOnA = as(a, bobFirst);

        HttpJson.Response laptop = bobOnA.post("/api/users/" + bobId + "/tokens", "{\"name\": \"laptop\"}");
        assertThat(laptop.status()).isEqualTo(201);
        String bobLaptop = laptop.json().get("token").asText();
        JsonNode tokens = bobOnA.get("/api/users/" + bobId + "/tokens").json().get("tokens");
        assertThat(tokens).extracting(token -> token.get("name").asText()).containsExactly("laptop", "first");
        assertThat(tokens.toString())
                .as("secrets are shown once")
                .doesNotContain(bobFirst)
                .doesNotContain(bobLaptop);
        assertThat(bobOnA.get("/api/users/" + carolId + "/tokens").status())
                .as("somebody else's tokens are not found")
                .isEqualTo(404);
        assertThat(bobOnA.post("/api/users/" + carolId + "/tokens", "{\"name\": \"mine now\"}")
                        .status())
                .isEqualTo(404);

        assertThat(as(b, bobFirst).get("/api/agents").status()).isEqualTo(200);
        long firstId = tokens.get(1).get("token_id").asLong();
        assertThat(as(b, bobLaptop)
                        .delete("/api/users/" + bobId + "/tokens/" + firstId)
                        .status())
                .isEqualTo(204);

        for (TestApp node : List.of(a, b)) {
            HttpJson.Response refused = as(node, bobFirst).get("/api/agents");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("code").asText()).isEqualTo("unauthorized");
            assertThat(as(node, bobLaptop).get("/api/agents").status()).isEqualTo(200);
        }
    }

    @Test
    void badRequestsAreClearErrors() {
        TestApp app = node("a");
        HttpJson operator = app.http();
        addUser(operator, "ada", "admin");

        HttpJson.Response taken = operator.post("/api/users", "{\"name\": \"ada\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("error").asText()).contains("ada");
        assertThat(operator.post("/api/users", "{\"name\": \"bad name\"}").status())
                .isEqualTo(400);
        assertThat(operator.post("/api/users", "{\"name\": \"eve\", \"role\": \"root\"}")
                        .status())
                .isEqualTo(400);
        assertThat(operator.post("/api/users", "{}").status()).isEqualTo(400);
        assertThat(operator.get("/api/users/999/tokens").status()).isEqualTo(404);
        assertThat(operator.delete("/api/users/1/tokens/999").status()).isEqualTo(404);
        assertThat(as(app, "adk_not-a-token").get("/api/agents").status()).isEqualTo(401);
    }

    @Test
    void theUsersCommandMakesTheFirstAdminWhileTheServerRuns() {
        TestApp app = node("a");
        Map<String, String> env = TestDatabases.postgresEnvironmentFor(home.resolve("a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(
                new String[] {
                    "users",
                    "add",
                    "root-admin",
                    "--admin",
                    "--data-dir",
                    home.resolve("cli").toString()
                },
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).startsWith("Added root-admin (admin, user id ");
        String token = lines.getLast();
        assertThat(token).startsWith("adk_");
        JsonNode me = as(app, token).get("/api/users/me").json();
        assertThat(me.get("role").asText()).isEqualTo("admin");
        assertThat(as(app, token).get("/api/users").status()).isEqualTo(200);
    }

    @Test
    void theDesktopHasNoAccountsAndTheUsersCommandSaysWhy() {
        TestApp desktop = TestApp.start(home.resolve("desk"), ModelSettings.none());
        apps.add(desktop);
        HttpJson.Response users = desktop.http().get("/api/users");
        assertThat(users.status()).isEqualTo(404);
        assertThat(users.json().get("error").asText()).contains("no user accounts");
        assertThat(desktop.http().get("/api/users/me").json().get("operator").asBoolean())
                .isTrue();

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                new String[] {
                    "users", "add", "ada", "--data-dir", home.resolve("h2").toString()
                },
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("AGENTDECK_DATABASE_URL");
    }
}
