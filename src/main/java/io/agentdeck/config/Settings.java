package io.agentdeck.config;

import io.agentdeck.engine.model.ModelSettings;
import java.util.Objects;

/**
 * What is stored in {@code settings.json}: the user's own choices, before environment variables and flags are
 * applied. Save this (never an {@link EffectiveSettings}) so that an API key from the environment is not copied into
 * the file.
 *
 * <p>{@code providerExplicit} records whether the user actually chose {@code model.provider()}. It is false for
 * defaults and for a hand-written file without a {@code provider} field; the provider is then only inferred, so an
 * {@code OPENAI_API_KEY} in the environment may still switch it to {@code openai}. An explicitly chosen
 * {@code none} is respected even when such a key is present.
 */
public record Settings(
        ModelSettings model,
        ServerSettings server,
        UiSettings ui,
        ApiSettings api,
        boolean providerExplicit,
        DatabaseSettings database) {

    public Settings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(ui, "ui");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(database, "database");
        // The password is never kept with the settings (see DatabaseSettings).
        database = database.withPassword(java.util.Optional.empty());
    }

    /** Settings with the embedded database. */
    public Settings(
            ModelSettings model, ServerSettings server, UiSettings ui, ApiSettings api, boolean providerExplicit) {
        this(model, server, ui, api, providerExplicit, DatabaseSettings.embedded());
    }

    /** Settings whose model provider was chosen by the user, with the default API settings. */
    public Settings(ModelSettings model, ServerSettings server, UiSettings ui) {
        this(model, server, ui, ApiSettings.defaults(), true);
    }

    public static Settings defaults() {
        return new Settings(
                ModelSettings.none(), ServerSettings.defaults(), UiSettings.defaults(), ApiSettings.defaults(), false);
    }

    /** Replacing the model settings counts as choosing its provider. */
    public Settings withModel(ModelSettings newModel) {
        return new Settings(newModel, server, ui, api, true, database);
    }

    public Settings withServer(ServerSettings newServer) {
        return new Settings(model, newServer, ui, api, providerExplicit, database);
    }

    public Settings withUi(UiSettings newUi) {
        return new Settings(model, server, newUi, api, providerExplicit, database);
    }

    public Settings withApi(ApiSettings newApi) {
        return new Settings(model, server, ui, newApi, providerExplicit, database);
    }

    public Settings withDatabase(DatabaseSettings newDatabase) {
        return new Settings(model, server, ui, api, providerExplicit, newDatabase);
    }
}
