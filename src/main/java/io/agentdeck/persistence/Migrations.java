package io.agentdeck.persistence;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date before Hibernate, which neither creates nor validates it, starts. */
final class Migrations {
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    static void apply(DatabaseConfig config) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
