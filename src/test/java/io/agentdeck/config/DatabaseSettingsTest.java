package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the database: settings.json's "database", the environment over it, and the password kept out of both. */
class DatabaseSettingsTest {

    @TempDir
    Path temp;

    @Test
    void withoutAUrlTheDesktopKeepsItsH2File() throws IOException {
        Settings loaded = new SettingsStore(temp.resolve("settings.json")).load();

        assertThat(loaded.database().isEmbedded()).isTrue();
        assertThat(SettingsResolver.resolveDatabase(loaded.database(), Map.of()).isEmbedded())
                .isTrue();
    }

    @Test
    void settingsJsonKeepsTheUrlAndUserButNeverAPassword() throws IOException {
        Path file = temp.resolve("settings.json");
        SettingsStore store = new SettingsStore(file);
        var database = new DatabaseSettings(
                Optional.of("postgresql://db.internal/agentdeck"), Optional.of("deck"), Optional.of("hunter2"));

        store.save(Settings.defaults().withDatabase(database));

        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(json).contains("\"database\"", "postgresql://db.internal/agentdeck", "deck");
        assertThat(json).doesNotContain("hunter2");
        Settings loaded = store.load();
        assertThat(loaded.database().url()).contains("postgresql://db.internal/agentdeck");
        assertThat(loaded.database().user()).contains("deck");
        assertThat(loaded.database().password()).isEmpty();
        // Saving something else keeps the database.
        store.save(loaded.withServer(loaded.server()));
        assertThat(store.load().database()).isEqualTo(loaded.database());
    }

    @Test
    void theEnvironmentWinsAndBringsThePassword() {
        var saved = new DatabaseSettings(
                Optional.of("postgresql://saved/agentdeck"), Optional.of("saved-user"), Optional.empty());

        DatabaseSettings resolved = SettingsResolver.resolveDatabase(
                saved,
                Map.of(
                        SettingsResolver.ENV_DATABASE_URL, " postgresql://team-db/agentdeck ",
                        SettingsResolver.ENV_DATABASE_PASSWORD, "hunter2"));

        assertThat(resolved.url()).contains("postgresql://team-db/agentdeck");
        assertThat(resolved.user())
                .as("the URL from the environment brings its own login, not the user saved for another URL")
                .isEmpty();
        assertThat(resolved.password()).contains("hunter2");
        assertThat(resolved.toString()).doesNotContain("hunter2");
        assertThat(SettingsResolver.resolveDatabase(
                        saved,
                        Map.of(
                                SettingsResolver.ENV_DATABASE_URL, "  ",
                                SettingsResolver.ENV_DATABASE_PASSWORD, "")))
                .as("blank variables are no settings: the saved URL and user stay, an empty password is none")
                .isEqualTo(saved);
        assertThat(SettingsResolver.resolveDatabase(
                        saved,
                        Map.of(
                                SettingsResolver.ENV_DATABASE_USER, "ops",
                                SettingsResolver.ENV_DATABASE_PASSWORD, " pw ")))
                .isEqualTo(new DatabaseSettings(saved.url(), Optional.of("ops"), Optional.of(" pw ")));
    }
}
