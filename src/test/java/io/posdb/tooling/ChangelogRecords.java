package io.posdb.tooling;

import io.posdb.testsupport.Bootstraps;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.upgrade.BootResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tooling tests compare: the changesets of the packaged changelog (from the
 * manifest the build wrote, so no test assumes how many there are) and what a database's
 * DATABASECHANGELOG records, both as {@code FILENAME::ID}.
 */
final class ChangelogRecords {

    private ChangelogRecords() {
    }

    /** Every SQLite changeset of the packaged changelog, in changelog order. */
    static List<ManifestEntry> changeSets() throws Exception {
        return ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries();
    }

    /** {@code FILENAME::ID} of every changeset, in changelog order: what a fully updated database records. */
    static List<String> expectedRows() throws Exception {
        return changeSets().stream().map(entry -> entry.file() + "::" + entry.id()).toList();
    }

    /** {@code FILENAME::ID} of every DATABASECHANGELOG row, in the order they were applied. */
    static List<String> recordedRows(Path db) throws Exception {
        return history(db).stream().map(entry -> entry.file() + "::" + entry.id()).toList();
    }

    static List<HistoryEntry> history(Path db) throws Exception {
        return new MigrationRecords(SqliteDatabase.at(db)).history();
    }

    /** The app's own verdict (ids, files and checksums): nothing pending, unknown or edited. */
    static boolean upToDateForTheApp(Path db) throws Exception {
        return new LiquibaseMigrations(SqliteDatabase.at(db), ChangelogSource.packaged()).plan().upToDate();
    }

    static BootResult boot(Path db) throws Exception {
        return Bootstraps.withDefaults(SqliteDatabase.at(db)).boot();
    }

    static String url(Path db) {
        return "jdbc:sqlite:" + db.toAbsolutePath();
    }

    static List<String> roles(Path db) throws Exception {
        List<String> roles = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(db); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT \"role\" FROM \"user\" ORDER BY \"id\"")) {
            while (rs.next()) {
                roles.add(rs.getString(1));
            }
        }
        return roles;
    }
}
