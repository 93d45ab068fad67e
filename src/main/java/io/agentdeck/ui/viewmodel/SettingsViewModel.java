package io.agentdeck.ui.viewmodel;

import io.agentdeck.config.BindAddress;
import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingOverride;
import io.agentdeck.config.Settings;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.model.ConnectionTester;
import io.agentdeck.engine.model.ModelSettings;
import io.agentdeck.ui.BackgroundTasks;
import io.agentdeck.ui.DesktopBackend;
import io.agentdeck.ui.FxBridge;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings page: the model provider (with "Test connection"), the local API and the theme. The API key field
 * starts empty with a masked hint of the saved key; typing replaces the key on save, "Remove key" deletes it. Saving
 * applies the model at once and restarts the local API when its port, address or authentication changed.
 */
public final class SettingsViewModel {
    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofSeconds(10);

    /** The providers the page offers; {@code toString} is the label the choice box shows. */
    public enum Provider {
        OPENAI_COMPATIBLE("OpenAI-compatible server", ModelSettings.PROVIDER_OPENAI),
        /** A GGUF file of the models folder, run in process; the model field names its id. */
        LOCAL("Model file on this computer", ModelSettings.PROVIDER_LOCAL),
        NONE("None", ModelSettings.PROVIDER_NONE);

        private final String label;
        private final String settingsName;

        Provider(String label, String settingsName) {
            this.label = label;
            this.settingsName = settingsName;
        }

        static Provider of(String settingsName) {
            return switch (settingsName) {
                case ModelSettings.PROVIDER_OPENAI -> OPENAI_COMPATIBLE;
                case ModelSettings.PROVIDER_LOCAL -> LOCAL;
                default -> NONE;
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final DesktopBackend backend;
    private final BackgroundTasks work;
    private final Consumer<String> applyTheme;
    private final ConnectionTester tester;
    private final Duration testTimeout;

    private final ObjectProperty<Provider> provider = new SimpleObjectProperty<>(Provider.OPENAI_COMPATIBLE);
    private final StringProperty baseUrl = new SimpleStringProperty(ModelSettings.DEFAULT_BASE_URL);
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final StringProperty modelName = new SimpleStringProperty(ModelSettings.DEFAULT_MODEL);
    /** How many replies one agent writes at once; blank is the default. */
    private final StringProperty maxParallel = new SimpleStringProperty("");

    private final StringProperty port = new SimpleStringProperty(String.valueOf(ServerSettings.DEFAULT_PORT));
    private final StringProperty bindAddress = new SimpleStringProperty(ServerSettings.DEFAULT_HOST);
    private final BooleanProperty authEnabled = new SimpleBooleanProperty(true);
    private final StringProperty theme = new SimpleStringProperty(UiSettings.THEME_LIGHT);

    private final ReadOnlyStringWrapper savedKeyHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper keySaved = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper keyStorage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper overrides = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper validationError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper connectionResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper connectionOk = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(false);

    private Optional<String> savedKey = Optional.empty();
    private boolean removeKeyOnSave;
    private boolean loading;
    private Runnable onSaved = () -> {};

    /**
     * @param background runs disk, keychain and network work
     * @param applyTheme switches the window to a theme ("light" or "dark") on the FX thread; the shell sets the user
     *     agent stylesheet
     */
    public SettingsViewModel(
            DesktopBackend backend, FxBridge bridge, Executor background, Consumer<String> applyTheme) {
        this(backend, bridge, background, applyTheme, new ConnectionTester(), DEFAULT_TEST_TIMEOUT);
    }

    public SettingsViewModel(
            DesktopBackend backend,
            FxBridge bridge,
            Executor background,
            Consumer<String> applyTheme,
            ConnectionTester tester,
            Duration testTimeout) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.work = new BackgroundTasks(Objects.requireNonNull(background, "background"), bridge.fx());
        this.applyTheme = Objects.requireNonNull(applyTheme, "applyTheme");
        this.tester = Objects.requireNonNull(tester, "tester");
        this.testTimeout = Objects.requireNonNull(testTimeout, "testTimeout");
        for (Observable field :
                new Observable[] {provider, baseUrl, modelName, maxParallel, port, bindAddress, authEnabled}) {
            field.addListener(changed -> validationError.set(validate().orElse("")));
        }
        theme.addListener((observable, previous, chosen) -> themeChosen(chosen));
    }

    /** Called on the FX side after a successful save, e.g. so the shell refreshes its model status. */
    public void onSaved(Runnable action) {
        this.onSaved = Objects.requireNonNull(action, "action");
    }

    public ObjectProperty<Provider> providerProperty() {
        return provider;
    }

    public StringProperty baseUrlProperty() {
        return baseUrl;
    }

    /** A newly typed key; empty keeps the saved one. */
    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    public StringProperty modelNameProperty() {
        return modelName;
    }

    public StringProperty maxParallelProperty() {
        return maxParallel;
    }

    /** Text, so that the field can hold what the user typed while it is not (yet) a number. */
    public StringProperty portProperty() {
        return port;
    }

    public StringProperty bindAddressProperty() {
        return bindAddress;
    }

    public BooleanProperty authEnabledProperty() {
        return authEnabled;
    }

    /** {@code "light"} or {@code "dark"}; a change is applied at once and saved. */
    public StringProperty themeProperty() {
        return theme;
    }

    /** E.g. "sk-…9f3a saved", or "No key saved"; never the key itself. */
    public ReadOnlyStringProperty savedKeyHintProperty() {
        return savedKeyHint.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty keySavedProperty() {
        return keySaved.getReadOnlyProperty();
    }

    /** Where the key is kept, e.g. "Keys are kept in the system keychain (Secret Service)." */
    public ReadOnlyStringProperty keyStorageProperty() {
        return keyStorage.getReadOnlyProperty();
    }

    /** Which settings environment variables or command-line flags decide whatever this page saves; empty when none. */
    public ReadOnlyStringProperty overridesProperty() {
        return overrides.getReadOnlyProperty();
    }

    /** Why the form cannot be saved, or empty. */
    public ReadOnlyStringProperty validationErrorProperty() {
        return validationError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionResultProperty() {
        return connectionResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectionOkProperty() {
        return connectionOk.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** The outcome of the last save, token regeneration or load. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /** Fills the form from the stored settings. */
    public void load() {
        work.call(() -> new Stored(backend.storedSettings(), backend.secretStoreDescription(), backend.overrides()))
                .onSuccess(stored -> loaded(stored.settings(), stored.keyStorage(), stored.fromOutside()))
                .onFailure(e -> report(describe(e, "The settings could not be read"), true))
                .start("Reading the settings");
    }

    /** Forgets the saved key when the form is next saved. */
    public void removeKey() {
        apiKey.set("");
        removeKeyOnSave = true;
        savedKeyHint.set(savedKey.isPresent() ? "The saved key will be removed when you save" : "No key saved");
    }

    /** Asks the server whether the URL, key and model work; the typed key is tried, else the saved one. */
    public void testConnection() {
        if (testing.get()) {
            return;
        }
        String url = baseUrl.get();
        Optional<String> key = keyToUse();
        String model = modelName.get() == null ? "" : modelName.get().strip();
        testing.set(true);
        connectionResult.set("Testing the connection…");
        connectionOk.set(false);
        // The tester answers every problem with a result, so there is no failure to handle.
        work.call(() -> tester.test(url, key, model, testTimeout))
                .onSuccess(result -> {
                    testing.set(false);
                    connectionOk.set(result.ok());
                    connectionResult.set(result.message());
                })
                .start("Testing the model connection");
    }

    /** Validates, writes the settings (the key to the secret store) and applies the model at once. */
    public void save() {
        if (saving.get()) {
            return;
        }
        Optional<String> invalid = validate();
        validationError.set(invalid.orElse(""));
        if (invalid.isPresent()) {
            report(invalid.get(), true);
            return;
        }
        Form form = form();
        saving.set(true);
        message.set("");
        work.call(() -> {
                    Settings stored = backend.storedSettings();
                    Settings updated = form.applyTo(stored);
                    backend.saveSettings(updated);
                    ModelSettings inUse = backend.applyModelSettings(updated);
                    ApiOutcome api = updated.server().equals(stored.server())
                            ? ApiOutcome.UNCHANGED
                            : restartApi(stored, updated);
                    return new Saved(updated, inUse, api);
                })
                .onSuccess(done -> saved(done.settings(), done.model(), done.api()))
                .onFailure(e -> {
                    saving.set(false);
                    report(describe(e, "The settings could not be saved"), true);
                })
                .start("Saving the settings");
    }

    /** Replaces the API token; the view asks the user to confirm first. */
    public void regenerateToken() {
        work.run(backend::regenerateApiToken)
                .onSuccess(ignored ->
                        report("A new API token was made. Clients using the old token are refused from now on.", false))
                .onFailure(e -> report(
                        e instanceof IllegalStateException
                                ? e.getMessage()
                                : describe(e, "The API token could not be replaced"),
                        true))
                .start("Replacing the API token");
    }

    /** What the form is filled from. */
    private record Stored(Settings settings, String keyStorage, List<SettingOverride> fromOutside) {}

    /** What saving did: the settings written, the model now in use, and what became of the API. */
    private record Saved(Settings settings, ModelSettings model, ApiOutcome api) {}

    /** The first problem in the form, in reading order, or empty when it can be saved. */
    public Optional<String> validate() {
        if (provider.get() == Provider.LOCAL && text(modelName).isEmpty()) {
            return Optional.of("Enter the id of a model file in the models folder (its file name without .gguf).");
        }
        if (provider.get() == Provider.OPENAI_COMPATIBLE) {
            String url = text(baseUrl);
            if (url.isEmpty()) {
                return Optional.of(
                        "Enter the server URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.");
            }
            if (ConnectionTester.parseBaseUrl(url).isEmpty()) {
                return Optional.of("The server URL must start with http:// or https:// and name a host, e.g."
                        + " http://localhost:11434/v1.");
            }
            if (text(modelName).isEmpty()) {
                return Optional.of("Enter a model name, e.g. " + ModelSettings.DEFAULT_MODEL + ".");
            }
        }
        if (!text(maxParallel).isEmpty() && parseMaxParallel().isEmpty()) {
            return Optional.of("Replies at once must be a whole number from 1 to %d, or empty for the default (%d)."
                    .formatted(ModelSettings.MAX_PARALLEL_LIMIT, ModelSettings.REMOTE_MAX_PARALLEL));
        }
        if (parsePort().isEmpty()) {
            return Optional.of("The API port must be a whole number from %d to %d."
                    .formatted(ServerSettings.MIN_PORT, ServerSettings.MAX_PORT));
        }
        String bind = text(bindAddress);
        if (bind.isEmpty()) {
            return Optional.of("Enter the address the API listens on, e.g. 127.0.0.1.");
        }
        if (!authEnabled.get() && !BindAddress.isLoopback(bind)) {
            return Optional.of("Authentication can only be off when the API listens on a loopback address (127.0.0.1,"
                    + " localhost or ::1). Turn authentication on or listen on 127.0.0.1.");
        }
        return Optional.empty();
    }

    /** "sk-…9f3a" for a long key; short keys show nothing of themselves. */
    static String mask(String key) {
        if (key.length() < 12) {
            return "••••";
        }
        int dash = key.indexOf('-');
        String prefix = dash > 0 && dash <= 4 ? key.substring(0, dash + 1) : "";
        return prefix + "…" + key.substring(key.length() - 4);
    }

    private void loaded(Settings stored, String storage, List<SettingOverride> fromOutside) {
        loading = true;
        try {
            ModelSettings model = stored.model();
            provider.set(Provider.of(model.provider()));
            baseUrl.set(model.baseUrl());
            modelName.set(model.modelName());
            maxParallel.set(model.maxParallel().map(String::valueOf).orElse(""));
            port.set(String.valueOf(stored.server().port()));
            bindAddress.set(stored.server().host());
            authEnabled.set(stored.server().authEnabled());
            theme.set(stored.ui().theme());
            showSavedKey(model.apiKey());
            keyStorage.set("Keys are kept in " + storage + ".");
            overrides.set(describeOverrides(fromOutside));
        } finally {
            loading = false;
        }
        validationError.set(validate().orElse(""));
    }

    /** What saving did to the local API, in words for the message line. */
    private record ApiOutcome(String note, boolean failed) {
        static final ApiOutcome UNCHANGED = new ApiOutcome("", false);
    }

    private ApiOutcome restartApi(Settings stored, Settings updated) {
        try {
            String url = backend.applyServerSettings(updated.server());
            return new ApiOutcome(" The local API now listens on " + url + ".", false);
        } catch (IllegalStateException e) {
            return new ApiOutcome(" The local API could not restart: " + e.getMessage() + ".", true);
        }
    }

    private void saved(Settings updated, ModelSettings inUse, ApiOutcome api) {
        saving.set(false);
        showSavedKey(updated.model().apiKey());
        String modelNote = inUse.provider().equals(ModelSettings.PROVIDER_NONE)
                ? "Saved. No model is used."
                : "Saved. The chat now uses " + inUse.modelName() + ".";
        if (!overrides.get().isEmpty()) {
            modelNote += " Some settings are still decided at start-up (see above).";
        }
        report(modelNote + api.note(), api.failed());
        onSaved.run();
    }

    private static String describeOverrides(List<SettingOverride> fromOutside) {
        if (fromOutside.isEmpty()) {
            return "";
        }
        String names = fromOutside.stream().map(SettingOverride::describe).collect(Collectors.joining(", "));
        return "Set when AgentDeck was started, and used instead of what is saved here: " + names + ".";
    }

    private void showSavedKey(Optional<String> key) {
        savedKey = key;
        removeKeyOnSave = false;
        apiKey.set("");
        keySaved.set(key.isPresent());
        savedKeyHint.set(key.map(k -> mask(k) + " saved").orElse("No key saved"));
    }

    private void themeChosen(String chosen) {
        if (chosen == null || !UiSettings.THEMES.contains(chosen)) {
            return;
        }
        applyTheme.accept(chosen);
        if (loading) {
            return;
        }
        work.run(() -> {
                    Settings stored = backend.storedSettings();
                    backend.saveSettings(stored.withUi(stored.ui().withTheme(chosen)));
                })
                .onFailure(e -> report(describe(e, "The theme could not be saved"), true))
                .start("Saving the theme");
    }

    private Optional<String> keyToUse() {
        String typed = text(apiKey);
        if (!typed.isEmpty()) {
            return Optional.of(typed);
        }
        return removeKeyOnSave ? Optional.empty() : savedKey;
    }

    private Form form() {
        String typed = text(apiKey);
        return new Form(
                provider.get(),
                text(baseUrl),
                typed.isEmpty() ? Optional.empty() : Optional.of(typed),
                removeKeyOnSave,
                text(modelName),
                parseMaxParallel(),
                new ServerSettings(text(bindAddress), parsePort().orElseThrow(), authEnabled.get()),
                theme.get());
    }

    private Optional<Integer> parseMaxParallel() {
        try {
            int value = Integer.parseInt(text(maxParallel));
            return value >= 1 && value <= ModelSettings.MAX_PARALLEL_LIMIT ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<Integer> parsePort() {
        try {
            int value = Integer.parseInt(text(port));
            return ServerSettings.isValidPort(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void report(String text, boolean error) {
        messageIsError.set(error);
        message.set(text);
    }

    private static String describe(RuntimeException e, String what) {
        // Logged by BackgroundTasks already.
        if (e instanceof UncheckedIOException io) {
            return io.getMessage() + ".";
        }
        return what + "; the log file has the details.";
    }

    private static String text(StringProperty property) {
        return property.get() == null ? "" : property.get().strip();
    }

    /** The form's values, taken on the FX thread and applied to freshly read settings in the background. */
    private record Form(
            Provider provider,
            String baseUrl,
            Optional<String> newKey,
            boolean removeKey,
            String modelName,
            Optional<Integer> maxParallel,
            ServerSettings server,
            String theme) {

        Settings applyTo(Settings stored) {
            ModelSettings old = stored.model();
            Optional<String> key = newKey.isPresent() ? newKey : removeKey ? Optional.empty() : old.apiKey();
            ModelSettings model = new ModelSettings(
                    provider.settingsName,
                    baseUrl,
                    key,
                    modelName,
                    old.timeout(),
                    old.maxRetries(),
                    old.initialBackoff(),
                    maxParallel,
                    old.local());
            return stored.withModel(model).withServer(server).withUi(stored.ui().withTheme(theme));
        }

        @Override
        public String toString() {
            return "Form[provider=%s, baseUrl=%s, model=%s, server=%s]".formatted(provider, baseUrl, modelName, server);
        }
    }
}
