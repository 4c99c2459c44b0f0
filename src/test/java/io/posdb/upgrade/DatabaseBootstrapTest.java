package io.posdb.upgrade;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseBootstrapTest {

    private static final List<String> BASELINE = List.of("0001-baseline-user", "0002-baseline-category",
            "0003-baseline-product", "0004-baseline-sale", "0005-baseline-saleitem");

    @TempDir
    Path dir;

    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = new CapturedLogs();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void bootsAFreshDatabaseCreatingItsFolderAndFile() throws Exception {
        Path file = dir.resolve("new/folder/pos.db");

        try (BootResult result = boot(file)) {
            assertThat(Files.isRegularFile(file)).isTrue();
            assertThat(execTypes(result)).containsAllEntriesOf(
                    BASELINE.stream().collect(java.util.stream.Collectors.toMap(id -> id, id -> "EXECUTED")));
            assertThat(result.sessionFactory().isOpen()).isTrue();
        }
        assertThat(tables(file)).containsAll(DatabaseContents.BUSINESS_TABLES);
    }

    @Test
    void adoptsALegacyDatabaseWithoutTouchingARowBesidesTheRemappedRoles() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        // The legacy columns only: a column a later release adds is not a change to a row.
        Map<String, List<String>> legacyColumns = DatabaseContents.businessColumns(file, "user.role");
        Map<String, List<String>> before = DatabaseContents.businessRows(file, legacyColumns);

        try (BootResult result = boot(file)) {
            for (String id : BASELINE) {
                assertThat(execTypes(result)).containsEntry(id, "MARK_RAN");
            }
        }

        Map<String, List<String>> after = DatabaseContents.businessRows(file, legacyColumns);
        assertThat(after).isEqualTo(before);
        assertThat(after.get("product")).anySatisfy(row -> assertThat(row).contains("'2.50'"));
        assertThat(DatabaseContents.businessRows(file, Map.of("user", List.of("role"))).get("user"))
                .containsExactly("'admin'", "'user'", "'user'");
    }

    @Test
    void adoptsALegacyDatabaseWhoseRolesWereAlreadyMigrated() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("migrated.db"), LegacyDatabases.SCHEMA,
                LegacyDatabases.SAMPLE_DATA, LegacyDatabases.ROLES_ALREADY_MIGRATED);
        Map<String, List<String>> legacyColumns = DatabaseContents.businessColumns(file);
        Map<String, List<String>> before = DatabaseContents.businessRows(file, legacyColumns);

        try (BootResult result = boot(file)) {
            assertThat(execTypes(result)).containsEntry("0001-baseline-user", "MARK_RAN");
        }

        assertThat(DatabaseContents.businessRows(file, legacyColumns)).isEqualTo(before);
    }

    @Test
    void secondBootAppliesNothing() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(file).close();
        long historyRows = count(file, "DATABASECHANGELOG");
        Map<String, List<String>> afterFirstBoot = DatabaseContents.businessRows(file);

        try (BootResult second = boot(file)) {
            assertThat(second.applied()).isEmpty();
        }

        assertThat(count(file, "DATABASECHANGELOG")).isEqualTo(historyRows);
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(afterFirstBoot);
        assertThat(logs.messages()).contains("No pending migrations detected");
    }

    @Test
    void logsEachStepOfTheStartupPath() throws Exception {
        Path file = dir.resolve("pos.db");

        boot(file).close();

        List<String> messages = logs.messages();
        assertThat(messages).contains("Initializing database " + file.toAbsolutePath(),
                "Starting database migrations...",
                "Running migration: 0001-baseline-user (Baseline table user (legacy v1 schema))",
                "All migrations completed successfully", "Schema validated", "Application ready");
        for (var entry : io.posdb.changelog.ChangelogManifest.load(io.posdb.changelog.ChangelogSource.packaged(),
                io.posdb.database.Engine.SQLITE).entries()) {
            String line = "Running migration: " + entry.id();
            assertThat(messages).as("the line of %s (its comment, if it has one, in brackets)", entry.id())
                    .anyMatch(m -> m.equals(line) || m.startsWith(line + " ("));
        }
        int starting = messages.indexOf("Starting database migrations...");
        assertThat(starting).as("before the first changeset runs")
                .isLessThan(messages.indexOf("Running migration: 0001-baseline-user (Baseline table user (legacy v1 schema))"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Pending migrations detected: 0001-baseline-user, "));
        assertThat(messages.indexOf("Schema validated")).isLessThan(messages.indexOf("Application ready"));
    }

    @Test
    void refusesToStartWhenTheSchemaDisagreesWithTheEntities() throws Exception {
        Path file = dir.resolve("pos.db");
        boot(file).close();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE product DROP COLUMN stock");
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> boot(file))
                .isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("stock")
                .hasMessageContaining("product");
        // Only the first boot, before the column was dropped, got ready.
        assertThat(logs.messages()).containsOnlyOnce("Application ready");
    }

    private static BootResult boot(Path file) throws PosDatabaseException {
        return Bootstraps.withDefaults(SqliteDatabase.at(file)).boot();
    }

    private static Map<String, String> execTypes(BootResult result) {
        return result.applied().stream()
                .collect(java.util.stream.Collectors.toMap(AppliedChangeSet::id, AppliedChangeSet::execType));
    }

    private static List<String> tables(Path file) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    static long count(Path file, String table) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
