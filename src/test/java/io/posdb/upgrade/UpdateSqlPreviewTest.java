package io.posdb.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * update-sql on a legacy database shows what update would do: the baseline changesets that
 * update marks as ran are comments saying why, and the printed script, applied by the sqlite3
 * shell to a copy, gives the schema and data update gives (except what the Java changes do:
 * the role remap 0008, its verification 0009, the rebuild of "user" in 0010).
 */
@Tag("process")
class UpdateSqlPreviewTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheSqlite3Shell() throws Exception {
        InProcessOnly.refuse("runs the sqlite3 shell as a process", "process");
        boolean present;
        try {
            present = new ProcessBuilder("sqlite3", "-version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        if (!present) {
            String why = "UpdateSqlPreviewTest needs the sqlite3 shell (apt-get install sqlite3); .ci/run installs it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            System.err.println("WARNING: SKIPPING " + why);
            Assumptions.abort(why);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void theScriptAppliedToALegacyCopyGivesWhatUpdateGivesExceptTheJavaChanges(String journalMode) throws Exception {
        Path legacy = legacyShop(journalMode);
        String before = Bytes.digest(legacy);

        String sql = UpdateSqlPreview.of(SqliteDatabase.at(legacy), ChangelogSource.packaged());

        assertThat(Bytes.digest(legacy)).as("the preview leaves the database as it was").isEqualTo(before);
        assertThat(sql).doesNotContain("CREATE TABLE \"user\"").doesNotContain("CREATE TABLE \"sale\"");
        for (String baseline : baselineIds()) {
            assertThat(sql).as("why %s is not run", baseline).contains(baseline)
                    .contains("Not run, update would mark it as ran: table");
        }
        assertThat(sql).contains("Remap legacy user roles");

        Path scripted = Files.copy(legacy, dir.resolve("scripted.db"), StandardCopyOption.REPLACE_EXISTING);
        applyWithTheSqlite3Shell(scripted, sql);
        Path updated = Files.copy(legacy, dir.resolve("updated.db"), StandardCopyOption.REPLACE_EXISTING);
        new LiquibaseMigrations(SqliteDatabase.at(updated), ChangelogSource.packaged()).update();

        assertThat(withoutJavaChanges(DatabaseContents.schema(scripted)))
                .isEqualTo(withoutJavaChanges(DatabaseContents.schema(updated)));
        assertThat(DatabaseContents.businessRowsExcept(scripted, "user.role"))
                .isEqualTo(DatabaseContents.businessRowsExcept(updated, "user.role"));
        assertThat(column(scripted, "SELECT ID || ':' || EXECTYPE FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
                .isEqualTo(column(updated, "SELECT ID || ':' || EXECTYPE FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void afterARollbackToV1TheKeptAuditTableIsNotCreatedAgain(String journalMode) throws Exception {
        Path legacy = legacyShop(journalMode);
        LiquibaseMigrations migrations = new LiquibaseMigrations(SqliteDatabase.at(legacy), ChangelogSource.packaged());
        migrations.update();
        migrations.rollbackToTag("v1.0");

        String sql = UpdateSqlPreview.of(SqliteDatabase.at(legacy), ChangelogSource.packaged());

        assertThat(sql).doesNotContain("CREATE TABLE data_migration_audit")
                .doesNotContain("CREATE TABLE \"data_migration_audit\"");
        Path scripted = Files.copy(legacy, dir.resolve("scripted.db"), StandardCopyOption.REPLACE_EXISTING);
        applyWithTheSqlite3Shell(scripted, sql);
    }

    /**
     * An empty file: the script leaves 0008 out (its precondition reads "user", which 0001 creates), so applied by
     * the sqlite3 shell and followed by an update, the history holds what update alone gives (0008 marked as ran:
     * no role to remap), and the schema too except what the Java changes do; the empty file stays empty.
     */
    @Test
    void theScriptAppliedToAnEmptyFileThenAnUpdateGiveWhatUpdateGives() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));

        String sql = UpdateSqlPreview.of(SqliteDatabase.at(empty), ChangelogSource.packaged());

        assertThat(empty).isEmptyFile();
        assertThat(sql).contains("-- Left to update: its precondition reads what the changesets above create")
                .doesNotContain("VALUES ('0008-remap-user-roles'");
        Path scripted = Files.createFile(dir.resolve("scripted.db"));
        applyWithTheSqlite3Shell(scripted, sql);
        assertThat(column(scripted, "SELECT COUNT(*) FROM DATABASECHANGELOG WHERE ID = '0008-remap-user-roles'"))
                .as("left pending").containsExactly("0");
        new LiquibaseMigrations(SqliteDatabase.at(scripted), ChangelogSource.packaged()).update();
        Path updated = Files.createFile(dir.resolve("updated.db"));
        new LiquibaseMigrations(SqliteDatabase.at(updated), ChangelogSource.packaged()).update();

        assertThat(withoutJavaChanges(DatabaseContents.schema(scripted)))
                .isEqualTo(withoutJavaChanges(DatabaseContents.schema(updated)));
        String byId = "SELECT ID || ':' || EXECTYPE FROM DATABASECHANGELOG ORDER BY ID";
        assertThat(column(scripted, byId)).isEqualTo(column(updated, byId))
                .contains("0008-remap-user-roles:MARK_RAN");
    }

    private Path legacyShop(String journalMode) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=" + journalMode);
        }
        return file;
    }

    private static List<String> baselineIds() throws Exception {
        return ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).filter(id -> id.contains("baseline")).toList();
    }

    /** sqlite3 -bail stops at the first failing statement and exits non-zero. */
    private void applyWithTheSqlite3Shell(Path file, String sql) throws Exception {
        Path script = Files.writeString(dir.resolve("update.sql"), sql, StandardCharsets.UTF_8);
        Process shell = new ProcessBuilder("sqlite3", "-bail", file.toString())
                .redirectInput(script.toFile()).redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor()).as("sqlite3 -bail on the printed script: %s", output).isZero();
    }

    /** The Java changes on SQLite: 0010 rebuilds "user" (its CHECK constraint), 0008 writes the audit rows. */
    private static Map<String, String> withoutJavaChanges(Map<String, String> schema) {
        Map<String, String> kept = new TreeMap<>(schema);
        // The table user and every part of it (the catalog's labels: "table user", "column user.role",
        // "CHECK on user.role", "primary key of user", "unique constraint on user(username)", its CREATE text).
        kept.keySet().removeIf(key -> key.matches("(?s).*(^| )user([.( ].*|$)") || key.contains("_user_"));
        return kept;
    }

    private static List<String> column(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
