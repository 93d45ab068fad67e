package io.agentdeck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The database URLs server mode takes (AGENTDECK_DATABASE_URL or settings.json), and how they are shown. */
class DatabaseUrlTest {

    @Test
    void aJdbcUrlIsUsedAsItIs() {
        DatabaseConfig config = DatabaseConfig.fromUrl(
                " jdbc:postgresql://db.internal:5433/agentdeck?sslmode=require ",
                Optional.of("deck"),
                Optional.of("pw"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/agentdeck?sslmode=require");
        assertThat(config.user()).isEqualTo("deck");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.isEmbedded()).isFalse();
        assertThat(config.location()).isEqualTo("PostgreSQL db.internal:5433/agentdeck");
    }

    @Test
    void theHostingFormCarriesItsLoginWhichSeparateSettingsOverride() {
        DatabaseConfig fromUrl = DatabaseConfig.fromUrl(
                "postgres://team%40corp:p%3Ass@db.internal/agentdeck?sslmode=require",
                Optional.empty(), Optional.empty());

        assertThat(fromUrl.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/agentdeck?sslmode=require");
        assertThat(fromUrl.user()).isEqualTo("team@corp");
        assertThat(fromUrl.password()).isEqualTo("p:ss");

        DatabaseConfig overridden = DatabaseConfig.fromUrl(
                "postgresql://team:old@db.internal:5432/agentdeck", Optional.of("ops"), Optional.of("new"));
        assertThat(overridden.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/agentdeck");
        assertThat(overridden.user()).isEqualTo("ops");
        assertThat(overridden.password()).isEqualTo("new");
    }

    @Test
    void passwordsWithTheUrlsOwnCharactersAreReadAndNeverShown() {
        for (String password : new String[] {"pa/ss", "p@ss", "pa?ss", "pa#ss", "a+b", "c:d", "p@s/s?x#y"}) {
            String url = "postgresql://team:" + password + "@db.internal:5432/agentdeck?sslmode=require";

            DatabaseConfig config = DatabaseConfig.fromUrl(url, Optional.empty(), Optional.empty());

            assertThat(config.password()).as(url).isEqualTo(password);
            assertThat(config.user()).isEqualTo("team");
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/agentdeck?sslmode=require");
            assertThat(DatabaseConfig.describe(url))
                    .as(url)
                    .isEqualTo("postgresql://team:****@db.internal:5432/agentdeck?sslmode=require");
            assertThat(config.toString()).doesNotContain(password);
        }
        assertThat(DatabaseConfig.fromUrl("postgresql://team:a%2Bb%40c@db/x", Optional.empty(), Optional.empty())
                        .password())
                .as("percent-encoded, as hosting services write it")
                .isEqualTo("a+b@c");
        assertThat(DatabaseConfig.describe("postgresql://db/x?application_name=a@b"))
                .as("an @ in the query is no login")
                .isEqualTo("postgresql://db/x?application_name=a@b");
    }

    @Test
    void aJdbcUrlWithALoginInsideIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> DatabaseConfig.fromUrl(
                        "jdbc:postgresql://deck:s3cret@db/agentdeck", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot carry user:password@")
                .hasMessageContaining("jdbc:postgresql://deck:****@db/agentdeck")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void otherDatabasesAndUnreadableUrlsAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() ->
                        DatabaseConfig.fromUrl("mysql://root:hunter2@db/agentdeck", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a PostgreSQL one")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseConfig.fromUrl("postgresql://db.internal", Optional.empty(), Optional.empty()))
                .hasMessageContaining("must name a host and a database");
        assertThatThrownBy(() -> DatabaseConfig.fromUrl(
                        "postgresql://u:hunter2@db internal/x", Optional.empty(), Optional.empty()))
                .hasMessageContaining("cannot be read")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordsInUrlsAreMaskedWhereverAUrlIsShown() {
        assertThat(DatabaseConfig.describe("postgresql://team:hunter2@db/agentdeck"))
                .isEqualTo("postgresql://team:****@db/agentdeck");
        assertThat(DatabaseConfig.describe("jdbc:postgresql://db/agentdeck?user=team&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/agentdeck?user=team&password=****&ssl=true");
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://db/agentdeck?password=hunter2", "team", "x");
        assertThat(config.toString()).doesNotContain("hunter2");
        assertThat(config.location()).isEqualTo("PostgreSQL db/agentdeck");
    }

    @Test
    void theEmbeddedFileSaysWhereItIs() {
        DatabaseConfig config = DatabaseConfig.h2File(Path.of("/data/db/agentdeck"));

        assertThat(config.isEmbedded()).isTrue();
        assertThat(config.location()).isEqualTo("H2 file /data/db/agentdeck");
    }
}
