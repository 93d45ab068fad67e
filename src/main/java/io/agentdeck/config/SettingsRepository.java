package io.agentdeck.config;

import io.agentdeck.config.secrets.SecretStore;
import io.agentdeck.engine.model.ModelSettings;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's stored settings: everything in {@code settings.json} except the API key, which lives in a
 * {@link SecretStore}. A key still found in {@code settings.json} (written by an older version or by hand) is used and
 * moves to the secret store on the next save.
 */
public final class SettingsRepository {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsRepository.class);

    private final SettingsStore file;
    private final SecretStore secrets;

    public SettingsRepository(SettingsStore file, SecretStore secrets) {
        this.file = Objects.requireNonNull(file, "file");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    public SettingsStore file() {
        return file;
    }

    public SecretStore secrets() {
        return secrets;
    }

    /**
     * The settings with the API key filled in. A key in the file wins over the stored one: the file only holds a key
     * when it was put there after the last save, so it is the newer of the two.
     */
    public Settings load() throws IOException {
        Settings stored = file.load();
        if (stored.model().apiKey().isPresent()) {
            return stored;
        }
        Optional<String> key = readKey();
        if (key.isEmpty()) {
            return stored;
        }
        ModelSettings model = stored.model();
        // Without an explicit provider the file's provider was inferred from a file that no longer holds the key.
        String provider = stored.providerExplicit()
                ? model.provider()
                : ModelProviders.inferred(true, ModelProviders.hasText(model.baseUrl()));
        ModelSettings withKey = model.withProviderAndKey(provider, key);
        return new Settings(withKey, stored.server(), stored.ui(), stored.api(), stored.providerExplicit());
    }

    /** Puts the key (or its absence) into the secret store first, so that a failure leaves the file untouched. */
    public void save(Settings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Optional<String> key = settings.model().apiKey();
        if (key.isPresent()) {
            secrets.write(SecretStore.OPENAI_API_KEY, key.get());
        } else {
            secrets.delete(SecretStore.OPENAI_API_KEY);
        }
        file.save(withoutKey(settings));
    }

    private Optional<String> readKey() {
        try {
            return secrets.read(SecretStore.OPENAI_API_KEY);
        } catch (IOException e) {
            // Starting without the key beats not starting; the Settings page and the model status show it is missing.
            LOG.warn("Cannot read the API key from {}: {}", secrets.description(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Settings withoutKey(Settings settings) {
        ModelSettings model = settings.model();
        ModelSettings keyless = model.withProviderAndKey(model.provider(), Optional.empty());
        return new Settings(keyless, settings.server(), settings.ui(), settings.api(), settings.providerExplicit());
    }
}
