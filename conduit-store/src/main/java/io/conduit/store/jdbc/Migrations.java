package io.conduit.store.jdbc;

import io.conduit.core.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the current schema with Flyway, from {@code db/migration/<dialect>/}.
 * Flyway validates before migrating: a database whose applied migrations no longer match the
 * shipped files (edited after release) refuses to open instead of drifting silently.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Points Flyway at one database (data source, schemas); keeps this class dialect-neutral. */
    @FunctionalInterface
    interface Setup {
        FluentConfiguration apply(FluentConfiguration configuration);
    }

    /** @return the schema version now in force */
    static String migrate(DataSource dataSource, String dialect, String description) throws StoreException {
        return migrate(c -> c.dataSource(dataSource), dialect, description);
    }

    /** @param connection points Flyway at the database (data source, schemas) */
    static String migrate(Setup connection, String dialect, String description)
            throws StoreException {
        try {
            MigrateResult result = connection.apply(Flyway.configure(Migrations.class.getClassLoader()))
                    .locations("classpath:db/migration/" + dialect)
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            if (result.migrationsExecuted > 0) {
                LOG.info("migrated store {} from schema {} to {} ({} migrations)", description,
                        result.initialSchemaVersion == null ? "(empty)" : result.initialSchemaVersion, version,
                        result.migrationsExecuted);
            }
            return String.valueOf(version);
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store " + description + " to the current schema: "
                    + e.getMessage() + " (if a migration file was changed after it was applied, restore it;"
                    + " migrations are append-only)", e);
        }
    }
}
