package io.agentdeck.persistence;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date before Hibernate, which neither creates nor validates it, starts. */
final class Migrations {
    static final String LOCATION = "classpath:db/migration";
    /** Tables only server mode needs (the shared task queue), numbered between the common ones. */
    static final String POSTGRESQL_LOCATION = "classpath:db/postgresql";

    private Migrations() {}

    static void apply(DatabaseConfig config) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(config.isEmbedded() ? new String[] {LOCATION} : new String[] {LOCATION, POSTGRESQL_LOCATION})
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
