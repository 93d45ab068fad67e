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
    void readinessFollowsTheDatabaseWhileLivenessStays() {
        PostgresCluster postgres = PostgresCluster.start();
        try {
            String database = postgres.createDatabase();
            Map<String, String> env = Map.of(
                    SettingsResolver.ENV_DATABASE_URL, database,
                    SettingsResolver.ENV_DATABASE_USER, postgres.user(),
                    SettingsResolver.ENV_DATABASE_PASSWORD, postgres.password());
            try (TestApp app = TestApp.startWithEnvironment(dataDir, ModelSettings.none(), env)) {
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
            }
        } finally {
            postgres.stop();
        }
    }
}
