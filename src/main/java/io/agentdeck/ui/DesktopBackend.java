package io.agentdeck.ui;

import io.agentdeck.config.ServerSettings;
import io.agentdeck.config.SettingOverride;
import io.agentdeck.config.Settings;
import io.agentdeck.config.UiSettings;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.model.ModelSettings;
import java.util.List;
import java.util.Optional;

/**
 * What the desktop shell needs from the running application. The composition root ({@code io.agentdeck.AppContext})
 * sits above the UI layer, so the root package adapts it to this interface and tests can supply their own.
 *
 * <p>Every method except {@link #engine()} and {@link #uiSettings()} may block (disk, network) and is called off the
 * FX thread.
 */
public interface DesktopBackend extends AutoCloseable {
    Engine engine();

    /** The theme and window geometry the app started with. */
    UiSettings uiSettings();

    /** Seeds agents and knowledge. */
    void initialize();

    /** Starts the local API and returns its port; may fail (e.g. port in use) with the reason as message. */
    int startApi();

    /** Whether the local API listens, where, or why not. */
    LocalApiStatus apiStatus();

    /** The full API token for the copy button; empty when authentication is off. Never log it. */
    Optional<String> apiToken();

    /**
     * Replaces the API token; clients using the old one are refused from then on.
     *
     * @throws IllegalStateException with the reason when the token cannot change here (e.g. set by the environment)
     */
    void regenerateApiToken();

    /** Where the database lives, for the dashboard, e.g. {@code H2 file /home/ann/.local/share/agentdeck/agentdeck}. */
    String databaseLocation();

    /**
     * The settings as stored (without environment overrides), with the API key from the secret store filled in. The
     * key is for masking and re-saving only; never show or log it in full.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    Settings storedSettings();

    /**
     * Writes the settings file, keeping the API key (or its removal) in the secret store rather than in the file.
     *
     * @throws java.io.UncheckedIOException when the file or the secret store cannot be written
     */
    void saveSettings(Settings settings);

    /** Where the API key is kept, e.g. "the system keychain (Secret Service)" or "the file /…/secrets.json". */
    String secretStoreDescription();

    /**
     * Switches the running engine to the model of these stored settings at once; environment variables still win, so
     * the model now in use is returned.
     *
     * @throws IllegalStateException with the reason when they cannot be applied
     */
    ModelSettings applyModelSettings(Settings settings);

    /**
     * Restarts the local API with freshly saved server settings; values set by the environment or the command line
     * keep winning. Returns the API's new address.
     *
     * @throws IllegalStateException with the reason when it cannot listen there; the API then goes back to where it
     *     was if it can, and the reason says so
     */
    String applyServerSettings(ServerSettings saved);

    /** The settings that environment variables or command-line flags decide, whatever is saved; usually none. */
    List<SettingOverride> overrides();

    /** Stops the API, the engine and the database. */
    @Override
    void close();
}
