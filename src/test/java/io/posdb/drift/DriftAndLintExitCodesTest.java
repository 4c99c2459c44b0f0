package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The documented exit codes 11 and 12 from the command line (run in this JVM, as a process runs
 * it: BadInputProcessTest and DocumentedExitCodesProcessTest prove a real process's mapping); and
 * 0 for a boot of a file with objects the changelog does not own.
 */
@ExtendWith(QuietLogs.class)
class DriftAndLintExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void strictBootOfADriftedDatabaseExitsTwelveAndDriftSaysWhy() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        try (Connection connection = SqliteDatabase.at(file).open()) {
            HandChange.INDEX_DROPPED.onSqlite(connection);
        }

        PosdbProcess.Result strict = PosdbInProcess.run("boot", "--strict-schema", "--db", file.toString());
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());

        assertThat(strict.exitCode()).isEqualTo(12);
        assertThat(strict.stderr()).contains(HandChange.INDEX_DROPPED.difference);
        assertThat(drift.exitCode()).isEqualTo(12);
        assertThat(drift.stdout()).contains(HandChange.INDEX_DROPPED.difference);
    }

    @Test
    void bootOfAFileWithHandMadeObjectsExitsZeroAndDriftNamesThem() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        try (Connection connection = SqliteDatabase.at(file).open(); Statement statement = connection.createStatement()) {
            statement.execute(UnmappedObjects.REPORTING_VIEW);
            statement.execute(UnmappedObjects.UNTYPED_TABLE);
        }

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(drift.exitCode()).isEqualTo(12);
        assertThat(drift.stdout()).contains(UnmappedObjects.NOT_OWNED);
    }

    /**
     * A legacy shop has no changeset applied: what its changesets produce is nothing, so a comparison
     * would call every table "not in the changelog" (exit 12) while the next boot adopts it. Drift says
     * what the doctor says of it, in the doctor's words, and exits 0; --json says so in a field.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void driftOfALegacyShopComparesNothingInTheDoctorsWordsAndExitsZero(JournalMode mode) throws Exception {
        Path file = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(dir.resolve("pos.db"), 2)
                : WalFiles.shop(dir.resolve("pos.db"), mode);
        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--json", "--db", file.toString());
        String doctorSays = StreamSupport.stream(new ObjectMapper().readTree(doctor.stdout()).get("checks").spliterator(),
                        false).filter(check -> check.get("name").asText().equals("drift")).findFirst().orElseThrow()
                .get("evidence").asText();

        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        PosdbProcess.Result json = PosdbInProcess.run("drift", "--json", "--db", file.toString());

        assertThat(doctorSays).isEqualTo("not compared: no changeset applied yet");
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isZero();
        assertThat(drift.stdout()).contains(doctorSays).doesNotContain("not in the changelog");
        assertThat(json.exitCode()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.stdout());
        assertThat(result.get("compared").asBoolean()).isFalse();
        assertThat(result.get("not_compared").asText()).isEqualTo("no changeset applied yet");
        assertThat(result.get("drift").asBoolean()).isFalse();
        assertThat(result.get("differences")).isEmpty();
    }

    @Test
    void driftOfAnUpgradedShopSaysItWasCompared() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.DELETE);
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();

        JsonNode result = new ObjectMapper().readTree(PosdbInProcess.run("drift", "--json", "--db", file.toString())
                .stdout());

        assertThat(result.get("compared").asBoolean()).isTrue();
        assertThat(result.get("not_compared").isNull()).isTrue();
        assertThat(result.get("drift").asBoolean()).isFalse();
    }

    /**
     * An applied changeset edited afterwards (user.name widened in 0010's rebuild of the table): the scratch database built from the
     * edited file differs from the shop, but the database is not at fault. Drift refuses it first, as status, boot
     * and the doctor do: exit 5, the same line naming the changeset and its file.
     */
    @Test
    void driftRefusesAnEditedChangeSetWithStatusExitCodeAndLineNotDrift() throws Exception {
        Path file = dir.resolve("pos.db");
        Path changelog = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));
        assertThat(PosdbInProcess.run("boot", "--db", file.toString(), "--changelog", changelog.toString())
                .exitCode()).isZero();
        // The table 0010 rebuilds (its createTableSql, the first of the file's two definitions): the schema it
        // leaves is what a comparison would now expect.
        Path user = changelog.resolveSibling("changes").resolve("0010-enforce-user-role-constraint.yaml");
        Files.writeString(user, Files.readString(user).replaceFirst(Pattern.quote("\"name\" VARCHAR(100)"),
                "\"name\" VARCHAR(120)"));

        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString(), "--changelog",
                changelog.toString());
        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(status.exitCode()).isEqualTo(BootFailure.CHECKSUM_MISMATCH.exitCode());
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isEqualTo(status.exitCode());
        assertThat(drift.stderr().lines().toList()).singleElement().asString()
                .isEqualTo(status.stderr().strip().replace("posdb status: ", "posdb drift: "))
                .contains("0010-enforce-user-role-constraint in changelog/changes/0010-enforce-user-role-constraint.yaml");
        assertThat(drift.stdout()).doesNotContain("VARCHAR(120)");
    }

    @Test
    void lintOfABadChangelogExitsEleven() throws Exception {
        Path master = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog")), "0012-x.yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/0012-x.yaml
                  - changeSet:
                      id: 0012-x
                      author: posdb
                      labels: {{LABEL}}
                      changes:
                        - dropColumn: { tableName: product, columnName: stock }
                      rollback:
                        - empty: {}
                """.replace("{{LABEL}}", Release.label()));

        PosdbProcess.Result lint = PosdbInProcess.run("lint", "--changelog", master.toString());

        assertThat(lint.exitCode()).isEqualTo(11);
        assertThat(lint.stdout()).contains("changelog/changes/0012-x.yaml:8: DROP_COLUMN error: dropColumn deletes "
                + "column product.stock and its values");
    }
}
