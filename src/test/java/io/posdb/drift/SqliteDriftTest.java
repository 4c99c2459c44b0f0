package io.posdb.drift;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.cli.PosdbCommand;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.QuietLogs;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Drift on real SQLite files: each hand change found by `posdb drift` and at boot; clean databases clean. */
@ExtendWith(QuietLogs.class)
class SqliteDriftTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int posdb(String... args) {
        picocli.CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }

    private static SqliteDatabase booted(Path file) throws Exception {
        SqliteDatabase database = SqliteDatabase.at(file);
        Bootstraps.withDefaults(database).boot().close();
        return database;
    }

    @ParameterizedTest
    @EnumSource(HandChange.class)
    void handChangeIsReportedByDriftWithExitTwelve(HandChange change) throws Exception {
        SqliteDatabase database = booted(LegacyDatabases.shop(dir.resolve("shop.db")));
        try (Connection connection = database.open()) {
            change.onSqlite(connection);
        }

        assertThat(posdb("drift", "--db", database.file().toString())).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());

        assertThat(out.toString()).contains("Schema drift on " + database.description(), "  " + change.difference);
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences())
                .containsExactly(change.difference);
    }

    @ParameterizedTest
    @EnumSource(HandChange.class)
    void handChangeIsLoggedAtBootAndRefusedWithStrictSchema(HandChange change) throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));
        try (Connection connection = database.open()) {
            change.onSqlite(connection);
        }

        try (CapturedLogs logs = new CapturedLogs()) {
            Bootstraps.withDefaults(database).boot().close();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("Schema drift on " + database.description())
                    && m.endsWith(change.difference));
        }
        PosDatabaseSettings strict = PosDatabaseSettings.of(database).strictSchema(true).build();
        assertThatThrownBy(() -> new DatabaseBoot(database, strict).boot())
                .isInstanceOfSatisfying(PosDatabaseException.class, e -> assertThat(e.kind()).isEqualTo(BootFailure.SCHEMA_DRIFT))
                .hasMessageContaining(change.difference);
        assertThat(posdb("boot", "--strict-schema", "--db", database.file().toString())).isEqualTo(12);
    }

    @Test
    void rolledBackDatabaseIsComparedWithTheChangeSetsStillAppliedAndTheAuditTrailItKeepsIsNotDrift() throws Exception {
        SqliteDatabase database = booted(LegacyDatabases.shop(dir.resolve("shop.db")));
        new io.posdb.runner.LiquibaseMigrations(database, io.posdb.changelog.ChangelogSource.packaged())
                .rollbackToTag("v1.0");

        // The scratch database stops at 0006; the audit table that 0007's rollback keeps by design is posdb's,
        // not drift, so a strict boot accepts the database posdb rolled back.
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        assertThat(posdb("drift", "--db", database.file().toString())).isZero();

        // A hand-made object on it still is drift.
        try (Connection connection = database.open()) {
            connection.createStatement().execute("CREATE INDEX by_hand ON product(name)");
        }
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences())
                .containsExactly("index by_hand is not in the changelog");
    }

    @Test
    void triggerRetypedWithOtherSpacingAndQuotingIsNoDrift() throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));
        try (Connection connection = database.open(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER \"data_migration_audit_no_update\"");
            statement.execute("CREATE TRIGGER data_migration_audit_no_update   BEFORE UPDATE ON `data_migration_audit`\n"
                    + "  BEGIN\n    SELECT RAISE(ABORT, 'data_migration_audit is append-only');\n  END");
        }

        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().differences()).isEmpty();
    }

    @Test
    void aFileBootThatStrictSchemaRefusesAfterItsUpgradeSaysInJsonThatNothingStaysApplied() throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));
        try (Connection connection = database.open()) {
            HandChange.INDEX_DROPPED.onSqlite(connection);
        }
        Path newer = NewerRelease.changelog(dir, NewerRelease.COMPATIBLE);

        assertThat(posdb("boot", "--strict-schema", "--json", "--progress", "none", "--changelog", newer.toString(),
                "--db", database.file().toString())).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());

        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.toString());
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("applied")).as("the upgrade was undone from its snapshot").isEmpty();
        try (Connection connection = database.open()) {
            assertThat(MigrationRecords.history(connection)).extracting(HistoryEntry::id)
                    .doesNotContain("0100-user-email");
        }
    }

    @Test
    void jsonGivesEachDifferenceAsAnObjectWithWhatHappenedItsKindNameTableValuesAndTheWordsTheTextPrints()
            throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));
        try (Connection connection = database.open()) {
            HandChange.INDEX_DROPPED.onSqlite(connection);
            HandChange.COLUMN_DEFAULT_CHANGED.onSqlite(connection);
            HandChange.TRIGGER_ADDED.onSqlite(connection);
        }

        assertThat(posdb("drift", "--db", database.file().toString())).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        String text = out.toString();
        out.getBuffer().setLength(0);
        assertThat(posdb("drift", "--json", "--db", database.file().toString()))
                .isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());

        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("drift").asBoolean()).isTrue();
        List<JsonNode> differences = new ArrayList<>();
        result.get("differences").forEach(differences::add);
        // The text lists the same differences, in the same words and order, one a line.
        assertThat(text.lines().skip(1).map(String::strip).toList())
                .containsExactlyElementsOf(differences.stream().map(d -> d.get("text").asText()).toList());
        assertThat(differences).extracting(d -> d.get("text").asText()).containsExactlyInAnyOrder(
                HandChange.INDEX_DROPPED.difference, HandChange.COLUMN_DEFAULT_CHANGED.difference,
                HandChange.TRIGGER_ADDED.difference);
        assertThat(differences).extracting(d -> fields(d, "what", "object", "object_kind", "name", "table",
                "attribute", "expected", "actual")).containsExactlyInAnyOrder(
                List.of("missing", "index idx_data_migration_audit_changeset", "index",
                        "idx_data_migration_audit_changeset", "data_migration_audit", "null", "null", "null"),
                List.of("changed", "column product.stock", "column", "product.stock", "product", "default", "0", "5"),
                List.of("unexpected", "trigger sale_touch", "trigger", "sale_touch", "sale", "null", "null", "null"));
    }

    /** The fields' values as text, {@code "null"} for a JSON null. */
    private static List<String> fields(JsonNode node, String... names) {
        return Arrays.stream(names).map(name -> {
            assertThat(node.has(name)).as("%s in %s", name, node).isTrue();
            return node.get(name).isNull() ? "null" : node.get(name).asText();
        }).toList();
    }

    @Test
    void freshDatabaseHasNoDriftAndBootSettlesItByFingerprint() throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));
        assertNoDrift(database);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"WAL", "DELETE"})
    void handChangeIsFoundInEitherJournalMode(String journalMode) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("shop.db"));
        try (Connection connection = LegacyDatabases.open(file); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = " + journalMode);
        }
        SqliteDatabase database = booted(file);
        assertNoDrift(database);
        try (Connection connection = database.open()) {
            HandChange.ROLE_CHECK_REMOVED.onSqlite(connection);
        }
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().differences())
                .containsExactly(HandChange.ROLE_CHECK_REMOVED.difference);
    }

    @Test
    void adoptedLegacyDatabasesHaveNoDrift() throws Exception {
        assertNoDrift(booted(LegacyDatabases.shop(dir.resolve("shop.db"))));
        assertNoDrift(booted(LegacyDatabases.create(dir.resolve("migrated.db"), LegacyDatabases.SCHEMA,
                LegacyDatabases.SAMPLE_DATA, LegacyDatabases.ROLES_ALREADY_MIGRATED)));
    }

    @Test
    void release20DatabaseBootedAgainHasNoDrift() throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));
        booted(database.file());
        assertThat(posdb("boot", "--strict-schema", "--db", database.file().toString())).isZero();
        assertNoDrift(database);
    }

    @Test
    void theScratchDatabasesRebuildsAreNotReportedAsIfTheShopsTablesWereRebuilt() throws Exception {
        SqliteDatabase database = booted(LegacyDatabases.shop(dir.resolve("shop.db")));

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(posdb("drift", "--db", database.file().toString())).isZero();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("Drift check: building the expected schema"))
                    .noneMatch(m -> m.startsWith("Rebuilt table"));
        }
    }

    private void assertNoDrift(SqliteDatabase database) throws Exception {
        assertThat(posdb("drift", "--db", database.file().toString())).isZero();
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().fingerprintMatched())
                .as("the boot check needs no scratch database").isTrue();
    }
}
