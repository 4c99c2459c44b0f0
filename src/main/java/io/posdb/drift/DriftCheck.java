package io.posdb.drift;

import io.posdb.changelog.AppliedRow;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Compares a live schema with the schema exactly its applied changesets produce. At boot
 * the live schema's fingerprint is compared first with the one the build recorded for the
 * whole packaged changelog; only when they differ (or do not apply) is the scratch
 * database built and every object compared.
 */
public final class DriftCheck {

    private final TillDatabase database;
    private final ChangelogSource changelog;

    public DriftCheck(TillDatabase database, ChangelogSource changelog) {
        this.database = database;
        this.changelog = changelog;
    }

    /** The full comparison, always with a scratch database. */
    public DriftReport check() throws MigrationException {
        Live live = readLive();
        return compare(live);
    }

    /**
     * The boot check, settled without a scratch database when the applied changesets are
     * those the build recorded and the schema's digest (raw, else normalised) is the recorded one.
     */
    public DriftReport checkAtBoot() throws MigrationException {
        if (!(database instanceof PostgresDatabase) && changelog.isPackaged()) {
            java.util.Properties recorded = ExpectedFingerprint.recorded();
            try (Connection connection = database.open()) {
                List<AppliedRow> applied = LiquibaseTables.appliedRows(connection);
                if (SqliteMasterDigest.applied(applied).equals(recorded.getProperty("sqlite.applied"))) {
                    if (SqliteMasterDigest.schema(connection).equals(recorded.getProperty("sqlite.schema"))) {
                        return new DriftReport(database.description(), List.of(), true);
                    }
                    SchemaCatalog catalog = SqliteCatalogReader.read(connection);
                    if (catalog.fingerprint().equals(recorded.getProperty("sqlite.fingerprint"))) {
                        return new DriftReport(database.description(), List.of(), true);
                    }
                    return compare(new Live(catalog, applied));
                }
            } catch (SQLException e) {
                throw new MigrationException("Cannot read the schema of " + database.description() + ": "
                        + e.getMessage(), e);
            }
        }
        return compare(readLive());
    }

    private DriftReport compare(Live live) throws MigrationException {
        SchemaCatalog expected = ScratchSchema.build(database, changelog, live.applied());
        return new DriftReport(database.description(), expected.differencesFrom(live.catalog()), false);
    }

    private record Live(SchemaCatalog catalog, List<AppliedRow> applied) {
    }

    private Live readLive() throws MigrationException {
        try (Connection connection = database.open()) {
            SchemaCatalog catalog = database instanceof PostgresDatabase
                    ? PostgresCatalogReader.read(connection) : SqliteCatalogReader.read(connection);
            return new Live(catalog, LiquibaseTables.appliedRows(connection));
        } catch (SQLException e) {
            throw new MigrationException("Cannot read the schema of " + database.description() + ": "
                    + e.getMessage(), e);
        }
    }
}
