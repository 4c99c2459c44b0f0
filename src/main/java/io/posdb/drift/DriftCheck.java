package io.posdb.drift;

import io.posdb.database.PostgresDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.migration.AppliedRow;
import io.posdb.migration.ChangelogManifest;
import io.posdb.migration.ChangelogSource;
import io.posdb.migration.LiquibaseTables;
import io.posdb.migration.ManifestEntry;
import io.posdb.migration.MigrationException;
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

    /** The boot check: settled by the recorded fingerprint when it matches. */
    public DriftReport checkAtBoot() throws MigrationException {
        Live live = readLive();
        if (!(database instanceof PostgresDatabase) && changelog.isPackaged()) {
            List<ManifestEntry> entries = ChangelogManifest.load(changelog).entries();
            String recorded = ExpectedFingerprint.recorded(entries);
            if (recorded != null && live.applied().size() == entries.size()
                    && ScratchSchema.appliedCount(entries, live.applied()) == entries.size()
                    && recorded.equals(live.catalog().fingerprint())) {
                return new DriftReport(database.description(), List.of(), true);
            }
        }
        return compare(live);
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
