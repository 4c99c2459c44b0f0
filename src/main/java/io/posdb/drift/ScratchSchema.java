package io.posdb.drift;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.TemporaryFolder;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.schema.SchemaCatalog;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expected schema: a scratch database (a temporary SQLite file, or a temporary
 * PostgreSQL database on the same server) built from the changelog up to the last
 * changeset the live database has applied, read, then removed.
 */
final class ScratchSchema {

    private static final Logger log = LoggerFactory.getLogger(ScratchSchema.class);

    private ScratchSchema() {
    }

    /**
     * The schema the engine's changesets produce, in changelog order, up to the last applied one; {@code manifest} is
     * the changelog's for the engine, which the caller has read already (a changelog on disk is not parsed again).
     */
    static SchemaCatalog build(TillDatabase live, ChangelogSource changelog, ChangelogManifest manifest,
                               List<HistoryEntry> applied) throws MigrationException {
        List<ManifestEntry> entries = manifest.entries();
        int count = IntStream.range(0, entries.size())
                .filter(i -> applied.stream().anyMatch(row -> row.id().equals(entries.get(i).id())
                        && row.author().equals(entries.get(i).author()) && row.file().equals(entries.get(i).file())))
                .map(i -> i + 1).max().orElse(0);
        return build(live, changelog, count);
    }

    /**
     * The schema a database with no history yet is adopted as: what the changesets that adopt it as it is produce
     * ({@link ChangelogManifest#adoptingCount}, the baseline), the ones a boot marks as ran or applies on it.
     */
    static SchemaCatalog adopted(TillDatabase live, ChangelogSource changelog) throws MigrationException {
        return build(live, changelog, ChangelogManifest.adoptingCount(changelog, live.engine()));
    }

    private static SchemaCatalog build(TillDatabase live, ChangelogSource changelog, int count)
            throws MigrationException {
        return live instanceof PostgresDatabase postgres ? postgres(postgres, changelog, count) : sqlite(changelog, count);
    }

    private static SchemaCatalog sqlite(ChangelogSource changelog, int count) throws MigrationException {
        TemporaryFolder folder;
        try {
            // Built from the changelog alone, it holds nothing of the shop; the folder is still owner-only (0700),
            // and removed however the process ends.
            folder = TemporaryFolder.createForScratch("posdb-drift-", "the drift check's scratch database");
        } catch (IOException e) {
            // The temporary folder's fault (a wrong java.io.tmpdir), not the database's: exit 7 naming the setting,
            // as rehearse and update-sql say it for their copy.
            PosDatabaseException place = DatabaseFailures.temporaryFolder(e);
            throw new MigrationException(place.getMessage(), place);
        }
        SqliteDatabase scratch = SqliteDatabase.at(folder.path().resolve("expected.db"));
        log.info("Drift check: building the expected schema ({} changesets) in scratch file {}", count, scratch.file());
        try {
            if (count > 0) {
                // Told it is a scratch file, its custom changes log nothing about a shop's tables.
                LiquibaseScope.onScratchDatabase(() -> {
                    new LiquibaseMigrations(scratch, changelog).update(count);
                    return null;
                });
            }
            try (Connection connection = scratch.open()) {
                return SchemaCatalog.read(connection);
            }
        } catch (MigrationException e) {
            throw e;
        } catch (SQLException e) {
            throw new MigrationException("Cannot read the scratch database of the drift check: " + FailureReason.of(e), e);
        } catch (Exception e) {
            throw new MigrationException("Cannot build the scratch database of the drift check: " + e.getMessage(), e);
        } finally {
            folder.closeQuietly();
        }
    }

    private static SchemaCatalog postgres(PostgresDatabase live, ChangelogSource changelog, int count)
            throws MigrationException {
        // A generated name, never a value from outside: safe to put into the DDL.
        String name = "posdb_drift_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = live.open(); Statement statement = admin.createStatement()) {
            log.info("Drift check: building the expected schema ({} changesets) in scratch database {} on the server",
                    count, name);
            statement.execute("CREATE DATABASE " + name);
            try {
                PostgresDatabase scratch = live.withDatabaseName(name);
                if (count > 0) {
                    new LiquibaseMigrations(scratch, changelog).update(count);
                }
                try (Connection connection = scratch.open()) {
                    return SchemaCatalog.read(connection);
                }
            } finally {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new MigrationException("Cannot build the scratch database of the drift check on " + live.description()
                    + " (the user needs CREATEDB): " + FailureReason.of(e), e);
        }
    }
}
