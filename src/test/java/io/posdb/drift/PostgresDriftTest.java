package io.posdb.drift;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.Engine;
import io.posdb.database.PostgresDatabase;
import io.posdb.schema.SchemaCatalog;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Drift on a real PostgreSQL server (see PostgresServer): the same hand changes, the same words. */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
class PostgresDriftTest {

    private PostgresDatabase database;

    @BeforeEach
    void bootedDatabase() throws Exception {
        database = PostgresServer.createDatabase();
        Bootstraps.withDefaults(database).boot().close(); // the 2.0 schema, through the PostgreSQL changesets
    }

    @AfterEach
    void dropDatabase() throws Exception {
        PostgresServer.drop(database);
    }

    @Test
    void bootedServerDatabaseHasNoDrift() throws Exception {
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
    }

    @Test
    void aColumnShortenedByHandOnTheServerIsDriftNamingBothLengthsAndPutBackIsNone() throws Exception {
        // The length as the server's catalog spells the booted column (character varying(n)), from the changelog.
        SchemaCatalog.Column booted;
        try (Connection connection = database.open()) {
            booted = SchemaCatalog.read(connection).table("product").column("name");
        }
        assertThat(booted.length()).as("product.name's declared length, read from %s (type %s)",
                database.description(), booted.type()).isNotNull();
        int shorter = booted.length() - 1;

        alterType("product", "name", "VARCHAR(" + shorter + ")");
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences())
                .containsExactly("column product.name: type is 'CHARACTER VARYING(" + shorter + ")', the changelog has "
                        + "'CHARACTER VARYING(" + booted.length() + ")'");

        alterType("product", "name", booted.type());
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
    }

    /**
     * A key's columns are read from the server's catalog one by one, never split out of a joined text: a hand-made
     * column whose quoted name holds a comma is one column of its unique key and foreign key, as the server has it.
     */
    @Test
    void keysOnAColumnWhoseQuotedNameHoldsACommaAreReadWithThatOneColumn() throws Exception {
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE shelf (\"shelf,bay\" VARCHAR(20) PRIMARY KEY, label VARCHAR(40), "
                    + "parent VARCHAR(20), CONSTRAINT shelf_label_key UNIQUE (\"shelf,bay\", label), "
                    + "CONSTRAINT shelf_parent_fkey FOREIGN KEY (parent) REFERENCES shelf (\"shelf,bay\"))");
            statement.execute("ALTER TABLE shelf ADD CONSTRAINT shelf_self_fkey FOREIGN KEY (\"shelf,bay\") "
                    + "REFERENCES shelf (\"shelf,bay\")");
        }

        SchemaCatalog.Table shelf;
        try (Connection connection = database.open()) {
            shelf = SchemaCatalog.read(connection).table("shelf");
        }

        assertThat(shelf.primaryKey()).containsExactly("shelf,bay");
        assertThat(shelf.uniqueConstraints()).containsExactly(java.util.List.of("shelf,bay", "label"));
        assertThat(shelf.foreignKeys()).extracting(SchemaCatalog.ForeignKey::columns)
                .containsExactlyInAnyOrder(java.util.List.of("parent"), java.util.List.of("shelf,bay"));
    }

    private void alterType(String table, String column, String type) throws Exception {
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE " + type);
        }
    }

    @ParameterizedTest
    @EnumSource(HandChange.class)
    void handChangeAfterAVerifiedBootIsFoundAtBootAndByDrift(HandChange change) throws Exception {
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().fingerprintMatched())
                .as("the boot before the hand change recorded the verified fingerprint").isTrue();
        try (Connection connection = database.open()) {
            change.onPostgres(connection);
        }

        try (CapturedLogs logs = new CapturedLogs()) {
            Bootstraps.withDefaults(database).boot().close();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("Schema drift on ") && m.endsWith(change.difference));
        }
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences())
                .containsExactly(change.difference);
        PosDatabaseSettings strict = PosDatabaseSettings.of(database).strictSchema(true).build();
        assertThatThrownBy(() -> new DatabaseBoot(database, strict).boot())
                .isInstanceOfSatisfying(PosDatabaseException.class, e -> assertThat(e.kind()).isEqualTo(BootFailure.SCHEMA_DRIFT))
                .hasMessageContaining(change.difference);
    }

    @Test
    void strictSchemaRefusingAfterAServersUpgradeNamesTheChangesetsThatStayApplied(@TempDir Path dir) throws Exception {
        try (Connection connection = database.open()) {
            HandChange.INDEX_DROPPED.onPostgres(connection);
        }
        PosDatabaseSettings strict = PosDatabaseSettings.of(database).strictSchema(true)
                .changelog(ChangelogSource.file(NewerRelease.changelog(dir, NewerRelease.COMPATIBLE))).build();

        assertThatThrownBy(() -> PosDatabase.boot(strict))
                .isInstanceOfSatisfying(PosDatabaseException.class, e -> assertThat(e.kind()).isEqualTo(BootFailure.SCHEMA_DRIFT))
                .hasMessageContaining(HandChange.INDEX_DROPPED.difference)
                .hasMessageEndingWith("the changesets this boot applied stay applied (0100-user-email)");
        try (Connection connection = database.open()) {
            assertThat(MigrationRecords.history(connection)).extracting(HistoryEntry::id).contains("0100-user-email");
        }
    }

    @Test
    void aServerBootThatStrictSchemaRefusesAfterItsUpgradeListsInJsonTheChangesetsThatStayApplied(@TempDir Path dir)
            throws Exception {
        try (Connection connection = database.open()) {
            HandChange.INDEX_DROPPED.onPostgres(connection);
        }
        Path newer = NewerRelease.changelog(dir, NewerRelease.COMPATIBLE);

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--strict-schema", "--json", "--progress", "none",
                "--changelog", newer.toString(), "--url", database.description(), "--user", PostgresServer.user(),
                "--password", PostgresServer.password());

        assertThat(boot.exitCode()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        JsonNode result = new ObjectMapper().readTree(boot.stdout());
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("applied").findValuesAsText("id")).containsExactly("0100-user-email");
        assertThat(result.get("applied").findValuesAsText("exec_type")).containsExactly("EXECUTED");
    }

    /**
     * On a server a newer release upgraded, drift tells what the doctor tells, by boot's rule: breaking changesets
     * are not compared (exit 4, naming them); compatible ones are named as not compared beside the part compared.
     */
    @Test
    void driftOfAServerDatabaseANewerReleaseBrokeIsNotComparedAsTheDoctorSays(@TempDir Path dir) throws Exception {
        PosDatabase.upgrade(PosDatabaseSettings.of(database).changelog(ChangelogSource.file(
                NewerRelease.changelog(dir, NewerRelease.BREAKING_ON_POSTGRES))).build());
        String notCompared = "not compared: it has changeset(s) this changelog does not have ("
                + String.join(", ", changesetsThisReleaseDoesNotKnow()) + ")";

        PosdbProcess.Result drift = onTheServer("drift");
        JsonNode doctor = new ObjectMapper().readTree(onTheServer("doctor", "--json").stdout());

        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr())
                .isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(drift.stderr()).contains(notCompared, "posdb drift with the release that wrote them");
        assertThat(drift.stdout()).doesNotContain("No schema drift");
        assertThat(doctor.get("checks").findValues("evidence")).extracting(JsonNode::asText)
                .anySatisfy(evidence -> assertThat(evidence).startsWith(notCompared));
    }

    @Test
    void driftOfAServerDatabaseWithANewerReleasesCompatibleChangesetNamesWhatItDidNotCompare(@TempDir Path dir)
            throws Exception {
        PosDatabase.upgrade(PosDatabaseSettings.of(database)
                .changelog(ChangelogSource.file(NewerRelease.changelog(dir, NewerRelease.COMPATIBLE))).build());
        String notCompared = "not compared: what " + String.join(", ", changesetsThisReleaseDoesNotKnow()) + " changed";

        PosdbProcess.Result drift = onTheServer("drift");

        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isZero();
        assertThat(drift.stdout()).contains("No schema drift on ", notCompared);
    }

    private PosdbProcess.Result onTheServer(String... command) {
        return PosdbInProcess.run(Stream.concat(Arrays.stream(command), Stream.of(
                "--url", database.description(), "--user", PostgresServer.user(), "--password",
                PostgresServer.password())).toArray(String[]::new));
    }

    /** The applied changesets the packaged changelog's manifest does not have, in the order they were applied. */
    private List<String> changesetsThisReleaseDoesNotKnow() throws Exception {
        ChangelogManifest manifest = ChangelogManifest.load(ChangelogSource.packaged(), Engine.POSTGRESQL);
        try (Connection connection = database.open()) {
            List<String> unknown = MigrationPlan.of(manifest, MigrationRecords.history(connection)).unknown().stream()
                    .map(HistoryEntry::id).toList();
            assertThat(unknown).as("the newer release applied changesets of its own").isNotEmpty();
            return unknown;
        }
    }
}
