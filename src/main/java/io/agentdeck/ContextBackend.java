package io.agentdeck;

import io.agentdeck.api.security.ApiToken;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingOverride;
import io.agentdeck.config.Settings;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.ui.DesktopBackend;
import io.agentdeck.ui.LocalApiStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The composition root as the desktop shell sees it (the UI layer may not depend on this package). */
public final class ContextBackend implements DesktopBackend {
    private final AppContext context;
    private final SettingsRepository settings;
    private final Runnable closer;
    private volatile Optional<String> apiProblem = Optional.empty();

    public ContextBackend(AppContext context) {
        this(context, context::close);
    }

    /** For owners that close more than the context (tests close their fake model server too). */
    public ContextBackend(AppContext context, Runnable closer) {
        this.context = context;
        this.settings = context.settingsRepository();
        this.closer = closer;
    }

    @Override
    public Engine engine() {
        return context.engine();
    }

    @Override
    public UiSettings uiSettings() {
        return context.settings().ui();
    }

    @Override
    public void initialize() {
        context.initialize();
    }

    @Override
    public int startApi() {
        try {
            int port = context.startApi();
            apiProblem = Optional.empty();
            return port;
        } catch (RuntimeException e) {
            String reason = PortInUse.explain(e, context.settings().server().port());
            apiProblem = Optional.of(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    @Override
    public String applyServerSettings(ServerSettings saved) {
        ServerSettings target = context.resolveServer(saved);
        try {
            context.restartApi(target);
            apiProblem = Optional.empty();
            return context.apiUrl().orElseThrow();
        } catch (RuntimeException e) {
            String reason = PortInUse.explain(e, target.port(), "choose another port");
            Optional<String> stillAt = context.apiUrl();
            if (stillAt.isEmpty()) {
                apiProblem = Optional.of(reason);
            }
            throw new IllegalStateException(
                    reason + stillAt.map(url -> "; it still listens on " + url).orElse(""), e);
        }
    }

    @Override
    public LocalApiStatus apiStatus() {
        boolean auth = context.apiToken().isPresent();
        Optional<String> url = context.apiUrl();
        if (url.isPresent()) {
            return LocalApiStatus.running(url.get(), context.realtimeClientCount(), auth);
        }
        return apiProblem
                .map(problem -> LocalApiStatus.stopped(problem, auth))
                .orElseGet(() -> LocalApiStatus.starting(auth));
    }

    @Override
    public Optional<String> apiToken() {
        return context.apiToken().map(ApiToken::reveal);
    }

    @Override
    public void regenerateApiToken() {
        context.apiToken()
                .orElseThrow(() -> new IllegalStateException("API authentication is off, so there is no token."))
                .regenerate();
    }

    @Override
    public String databaseLocation() {
        return context.databaseLocation();
    }

    @Override
    public Settings storedSettings() {
        try {
            return settings.load();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read the settings file " + settings.file().file(), e);
        }
    }

    @Override
    public void saveSettings(Settings newSettings) {
        try {
            settings.save(newSettings);
        } catch (IOException e) {
            // The secret store's messages name the store but never the key.
            throw new UncheckedIOException("Cannot save the settings: " + e.getMessage(), e);
        }
    }

    @Override
    public String secretStoreDescription() {
        return settings.secrets().description();
    }

    @Override
    public ModelSettings applyModelSettings(Settings stored) {
        return context.reconfigureModel(stored);
    }

    @Override
    public List<SettingOverride> overrides() {
        return context.overrides();
    }

    @Override
    public void close() {
        closer.run();
    }
}
