package io.agentdeck.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeck.AppContext;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.CommandLineOptions;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.SettingsResolver;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.config.secrets.FileSecretStore;
import io.agentdeck.testing.HttpJson;
import io.agentdeck.testing.TestDatabases;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate limit as configured, over real HTTP: {@code settings.json} and {@code AGENTDECK_RATE_LIMIT} go through the
 * same resolving as at start-up, and the app starts its API with the result.
 */
class ConfiguredRateLimitTest {
    private static final String SMALL_LIMIT = """
            {"api": {"rate_limit": {"burst": 3, "per_second": 0.5}}}
            """;

    @TempDir
    Path dataDir;

    /** As {@code Main} does: stored settings, then the environment, then the app; the API on a free port. */
    private AppContext startConfigured(String settingsJson, Map<String, String> env) throws Exception {
        Files.writeString(dataDir.resolve("settings.json"), settingsJson, StandardCharsets.UTF_8);
        DataDirectory directory = DataDirectory.open(dataDir);
        FileSecretStore secrets = FileSecretStore.in(dataDir);
        var stored = new SettingsRepository(SettingsStore.in(directory), secrets).load();
        EffectiveSettings settings = SettingsResolver.resolve(stored, env, CommandLineOptions.defaults());
        AppContext context = AppContext.create(
                new AppInfo("AgentDeck", "test"),
                directory,
                settings,
                TestDatabases.environmentFor(dataDir, env),
                CommandLineOptions.defaults(),
                secrets);
        context.startApiOn("127.0.0.1", 0);
        return context;
    }

    private static HttpJson client(AppContext context, boolean withToken) {
        return new HttpJson(
                context.apiUrl().orElseThrow(),
                withToken ? Optional.of(context.apiToken().orElseThrow().reveal()) : Optional.empty());
    }

    private static List<Integer> statuses(HttpJson client, int requests) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(client.get("/api/status").status());
        }
        return statuses;
    }

    @Test
    void aSmallConfiguredLimitAnswers429WithRetryAfterPerTokenAndSurvivesARestart() throws Exception {
        try (AppContext context = startConfigured(SMALL_LIMIT, Map.of())) {
            HttpJson anonymous = client(context, false);
            assertThat(statuses(anonymous, 4))
                    .as("without the token: counted by address")
                    .containsExactly(401, 401, 401, 429);

            HttpJson withToken = client(context, true);
            assertThat(statuses(withToken, 3))
                    .as("the token has an allowance of its own, though it comes from the same address")
                    .containsOnly(200);
            HttpJson.Response limited = withToken.get("/api/status");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After"))
                    .as("one request refills in 2 s at 0.5 per second")
                    .hasValueSatisfying(
                            value -> assertThat(Integer.parseInt(value)).isBetween(1, 2));
            assertThat(limited.json().get("code").asText()).isEqualTo("rate_limited");
            assertThat(limited.json().get("error").asText()).isNotBlank();
            assertThat(limited.json().get("hint").asText()).endsWith(" s and retry.");

            context.restartApi(new ServerSettings("127.0.0.1", freePort(), true));
            assertThat(statuses(client(context, true), 4))
                    .as("the restarted API has the configured limit too")
                    .containsExactly(200, 200, 200, 429);
        }
    }

    @Test
    void zeroFromTheEnvironmentTurnsTheLimitOff() throws Exception {
        try (AppContext context = startConfigured(SMALL_LIMIT, Map.of(SettingsResolver.ENV_RATE_LIMIT, "0"))) {
            assertThat(statuses(client(context, true), 500)).containsOnly(200);
            assertThat(statuses(client(context, false), 100)).containsOnly(401);
        }
    }

    @Test
    void zeroInSettingsJsonTurnsTheLimitOff() throws Exception {
        try (AppContext context = startConfigured("""
                {"api": {"rate_limit": 0}}
                """, Map.of())) {
            assertThat(statuses(client(context, true), 500)).containsOnly(200);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
