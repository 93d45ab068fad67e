package io.agentdeck.testing;

import io.agentdeck.AppContext;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.config.AppInfo;
import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.EffectiveSettings;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.model.ModelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The real application for tests: the composition root on an H2 file in a temp directory, the model pointed at the
 * fake OpenAI-compatible server, and the API on a free loopback port.
 */
public final class TestApp implements AutoCloseable {
    private static final Duration FAKE_MODEL_TIMEOUT = Duration.ofSeconds(3);
    private final AppContext context;
    /** Empty for an engine-only app, whose API never started. */
    private final Optional<HttpJson> http;

    private final Optional<Integer> port;
    private Optional<FakeOpenAiServer> ownedModel = Optional.empty();

    private TestApp(AppContext context, Optional<Integer> port) {
        this.context = context;
        this.port = port;
        this.http = port.map(bound -> new HttpJson(
                "http://127.0.0.1:" + bound,
                Optional.of(context.apiToken().orElseThrow().reveal())));
    }

    public static TestApp start(Path dataDir, ModelSettings model) {
        return start(dataDir, model, RateLimit.DEFAULT);
    }

    /** The real app with authentication on (a token is generated in the data directory) and a given rate limit. */
    public static TestApp start(Path dataDir, ModelSettings model, RateLimit rateLimit) {
        return start(dataDir, model, rateLimit, Map.of());
    }

    /** As {@link #start(Path, ModelSettings)}, as if these environment variables were set (they win over settings). */
    public static TestApp startWithEnvironment(Path dataDir, ModelSettings model, Map<String, String> env) {
        return start(dataDir, model, RateLimit.DEFAULT, env);
    }

    private static TestApp start(Path dataDir, ModelSettings model, RateLimit rateLimit, Map<String, String> env) {
        AppContext context = context(dataDir, model, env);
        return new TestApp(context, Optional.of(context.startApiOn("127.0.0.1", 0, rateLimit)));
    }

    private static AppContext context(Path dataDir, ModelSettings model, Map<String, String> env) {
        try {
            DataDirectory directory = DataDirectory.open(dataDir);
            EffectiveSettings settings =
                    new EffectiveSettings(model, new ServerSettings("127.0.0.1", 5000, true), UiSettings.defaults());
            return AppContext.create(
                    new AppInfo("AgentDeck", "test"), directory, settings, TestDatabases.environmentFor(dataDir, env));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The engine and its database against a fake model of its own, without the local API: for engine tests, which
     * need no HTTP server. {@link #http()} and {@link #port()} fail on it.
     */
    public static TestApp engineOnly(Path dataDir) {
        return engineOnly(dataDir, FAKE_MODEL_TIMEOUT);
    }

    /** As {@link #engineOnly(Path)}, waiting this long for the model before giving up. */
    public static TestApp engineOnly(Path dataDir, Duration modelTimeout) {
        return owningItsModel(model -> new TestApp(
                context(dataDir, fakeModel(model.baseUrl()).withTimeout(modelTimeout), Map.of()), Optional.empty()));
    }

    /** Starts a fake model, then the app on it; the app closes the model with itself, or at once if it fails. */
    private static TestApp owningItsModel(Function<FakeOpenAiServer, TestApp> startApp) {
        FakeOpenAiServer model = FakeOpenAiServer.start();
        try {
            TestApp app = startApp.apply(model);
            app.ownedModel = Optional.of(model);
            return app;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The real app against a fake model server of its own, closed together with the app. */
    public static TestApp withFakeModel(Path dataDir) {
        return withFakeModel(dataDir, RateLimit.DEFAULT);
    }

    public static TestApp withFakeModel(Path dataDir, RateLimit rateLimit) {
        return withFakeModel(dataDir, rateLimit, FAKE_MODEL_TIMEOUT);
    }

    /** As {@link #withFakeModel(Path)}, waiting this long for the model before giving up. */
    public static TestApp withFakeModel(Path dataDir, RateLimit rateLimit, Duration modelTimeout) {
        return owningItsModel(model -> start(dataDir, fakeModel(model.baseUrl()).withTimeout(modelTimeout), rateLimit));
    }

    /** The fake model server started by {@link #withFakeModel}. */
    public FakeOpenAiServer model() {
        return ownedModel.orElseThrow(
                () -> new IllegalStateException("This app was started without a model of its own"));
    }

    /** Runs {@code POST /api/init}, as the seed's clients do first. */
    public TestApp initialized() {
        if (http.isEmpty()) {
            context.initialize();
            return this;
        }
        var init = http.get().postEmpty("/api/init");
        if (init.status() != 200) {
            throw new IllegalStateException("init failed: " + init.status() + " " + init.body());
        }
        return this;
    }

    /** Model settings for the fake server: short timeout and quick retries so fault tests stay fast. */
    public static ModelSettings fakeModel(String baseUrl) {
        return ModelSettings.openAi(baseUrl, "test-key", "fake-model")
                .withTimeout(FAKE_MODEL_TIMEOUT)
                .withRetries(2, Duration.ofMillis(20));
    }

    /** A client that sends the API token. */
    public HttpJson http() {
        return http.orElseThrow(() -> new IllegalStateException("This app was started without its API"));
    }

    public String token() {
        return context.apiToken().orElseThrow().reveal();
    }

    public AppContext context() {
        return context;
    }

    public Engine engine() {
        return context.engine();
    }

    public int port() {
        return port.orElseThrow(() -> new IllegalStateException("This app was started without its API"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        context.close();
        ownedModel.ifPresent(FakeOpenAiServer::close);
    }
}
