package io.agentdeck.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.config.SettingsResolver;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.PostgresCluster;
import io.agentdeck.testing.TestApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/health/live} and {@code /api/health/ready}, which load balancers ask without a token: ready only while
 * the database answers. The server here is a PostgreSQL of the test's own, so that it can be stopped under the app.
 */
class HealthChecksTest {
    @TempDir
    Path dataDir;

    @Test
    void readinessFollowsTheDatabaseWhileLivenessStaysAndRequestsGetA503() {
        PostgresCluster postgres = PostgresCluster.start();
        try {
            String database = postgres.createDatabase();
            Map<String, String> env = Map.of(
                    SettingsResolver.ENV_DATABASE_URL, database,
                    SettingsResolver.ENV_DATABASE_USER, postgres.user(),
                    SettingsResolver.ENV_DATABASE_PASSWORD, postgres.password());
            try (TestApp app = TestApp.startWithEnvironment(dataDir, ModelSettings.none(), env)
                    .initialized()) {
                HttpJson probe = new HttpJson(app.baseUrl());

                assertThat(probe.get("/api/health/live").status()).isEqualTo(200);
                HttpJson.Response ready = probe.get("/api/health/ready");
                assertThat(ready.status()).isEqualTo(200);
                assertThat(ready.json().get("status").asText()).isEqualTo("ready");
                assertThat(ready.json().get("database").asText()).isEqualTo("connected");
                assertThat(probe.get("/api/status").status())
                        .as("the other routes still need the token")
                        .isEqualTo(401);

                postgres.stop();

                HttpJson.Response notReady = probe.get("/api/health/ready");
                assertThat(notReady.status()).isEqualTo(503);
                assertThat(notReady.json().get("status").asText()).isEqualTo("not_ready");
                assertThat(notReady.json().get("database").asText()).isEqualTo("error");
                assertThat(probe.get("/api/health/live").status()).isEqualTo(200);
                HttpJson.Response metrics = app.http().get("/metrics");
                assertThat(metrics.status())
                        .as("metrics still answer without the database")
                        .isEqualTo(200);
                assertThat(metrics.body()).contains("agentdeck_database_up 0.0", "jvm_memory_used_bytes");

                // What needs the database says it is unavailable, as a 503 a client can retry, never a 500.
                HttpJson.Response agents = app.http().get("/api/agents");
                assertThat(agents.status()).as(agents.body()).isEqualTo(503);
                assertThat(agents.json().get("code").asText()).isEqualTo("storage_unavailable");
                assertThat(agents.json().get("hint").asText()).contains("database is running");
                HttpJson.Response write =
                        app.http().post("/api/agents/1/conversations", "{\"title\": \"while the database is down\"}");
                assertThat(write.status()).as(write.body()).isEqualTo(503);
                assertThat(write.json().get("code").asText()).isEqualTo("storage_unavailable");
                assertThat(write.body()).doesNotContain("Exception");
            }
        } finally {
            postgres.stop();
        }
    }
}
