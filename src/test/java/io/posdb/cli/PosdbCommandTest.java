package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.Release;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives the real command line and asserts exit codes and output. */
class PosdbCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int posdb(String... args) {
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private String db(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void statusReportsPendingChangeSetsWithExitThree() {
        assertThat(posdb("status", "--db", db("pos.db"))).isEqualTo(ExitCodes.PENDING);
        assertThat(out.toString()).contains("0001-baseline-user", "changelog/changes/0001-baseline-user.yaml",
                "pending: not in this database's history");
        assertThat(Files.exists(dir.resolve("pos.db"))).as("status does not create the database").isFalse();
    }

    @Test
    void statusIsUpToDateWithExitZeroAfterUpdate() {
        assertThat(posdb("update", "--db", db("pos.db"))).isEqualTo(ExitCodes.OK);
        assertThat(posdb("status", "--db", db("pos.db"))).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("is up to date");
    }

    @Test
    void bootPrintsOneJsonObjectWithWhatItApplied() throws Exception {
        LegacyDatabases.shop(dir.resolve("legacy.db"));

        assertThat(posdb("boot", "--json", "--db", db("legacy.db"))).isEqualTo(ExitCodes.OK);

        JsonNode result = JSON.readTree(out.toString());
        assertThat(result.get("ready").asBoolean()).isTrue();
        assertThat(result.get("applied").get(0).get("id").asText()).isEqualTo("0001-baseline-user");
        assertThat(result.get("applied").get(0).get("exec_type").asText()).isEqualTo("MARK_RAN");
    }

    @Test
    void versionPrintsTheRelease() {
        assertThat(posdb("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("posdb " + Release.current());
    }

    @Test
    void validatePassesOnABootedDatabase() {
        posdb("boot", "--db", db("pos.db"));
        assertThat(posdb("validate", "--db", db("pos.db"))).isEqualTo(ExitCodes.OK);
    }

    @Nested
    class FailurePaths {

        @Test
        void validateFailsNamingTableAndColumn() throws Exception {
            posdb("boot", "--db", db("pos.db"));
            try (Connection connection = LegacyDatabases.open(dir.resolve("pos.db"));
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE category RENAME COLUMN name TO title");
            }

            assertThat(posdb("validate", "--db", db("pos.db"))).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
            assertThat(err.toString()).contains("category").contains("name");
        }

        @Test
        void validateRefusesAMissingFileWithoutCreatingIt() {
            assertThat(posdb("validate", "--db", db("missing.db"))).isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
            assertThat(err.toString()).contains("does not exist");
            assertThat(Files.exists(dir.resolve("missing.db"))).isFalse();
        }

        @Test
        void unknownOptionIsAUsageError() {
            assertThat(posdb("boot", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--no-such-option");
        }

        @Test
        void aValueTheSettingsRefuseIsAUsageErrorNamingTheOption() {
            assertThat(posdb("boot", "--db", db("pos.db"), "--lock-wait", "-1")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--lock-wait: lockWait must be zero or more, got -1s");
            assertThat(posdb("update", "--db", db("pos.db"), "--keep-snapshots", "0")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--keep-snapshots: keepSnapshots must be at least 1, got 0");
            assertThat(posdb("transfer", "--from-db", db("pos.db"), "--to-url", "jdbc:postgresql://localhost/pos",
                    "--lock-wait", "-5")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--lock-wait: lockWait must be zero or more, got -5s");
            // The transfer's server connection is named like every other command's, by the same check.
            assertThat(posdb("transfer", "--from-db", db("pos.db"), "--to-url", "jdbc:postgresql://localhost/pos",
                    "--till-name", "till north")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--till-name", "printable ASCII without spaces");
            assertThat(posdb("boot", "--db", "~/pos.db")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--db: database file ~/pos.db starts with ~, which only a shell expands");
            assertThat(posdb("status", "--url", "jdbc:sqlite:~/pos.db")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--url: database file ~/pos.db starts with ~");
            assertThat(Files.exists(dir.resolve("pos.db"))).isFalse();
            assertThat(Files.exists(Path.of("~"))).as("no folder named ~ in the working directory").isFalse();
        }

        @Test
        void anEmptyPathOrAUrlThatNamesNoFileIsAUsageErrorSayingWhatIsExpected() {
            assertThat(posdb("status", "--db", "")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--db: database file must be set, got an empty path");
            assertThat(posdb("status", "--url", "jdbc:sqlite::memory:")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--url: url must start with jdbc:postgresql: for a server, or be "
                    + "jdbc:sqlite:PATH naming a till's file, got jdbc:sqlite::memory:");
        }

        @Test
        void unknownCommandIsAUsageError() {
            assertThat(posdb("frobnicate")).isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void missingCommandIsAUsageError() {
            assertThat(posdb()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Tag("process")
    @Nested
    class AsASeparateProcess {

        @Test
        void bootOnTheDefaultDatabaseUnderTheWorkingDirectory() throws Exception {
            PosdbProcess.Result result = PosdbProcess.run(dir, "boot");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(Files.isRegularFile(dir.resolve("data/pos.db"))).isTrue();
            assertThat(result.stderr()).contains("Application ready");
            // The log pattern prints logger names without their package, so the libraries are told
            // apart by what only they log: Hibernate's HHH codes, Liquibase's per-changeset line.
            assertThat(result.stderr()).as("Liquibase and Hibernate are quiet by default")
                    .doesNotContain("HHH").doesNotContain("ran successfully");
        }

        @Test
        void jsonGoesToStdoutAndLogsToStderr() throws Exception {
            PosdbProcess.Result result = PosdbProcess.run(dir, "update", "--json");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(JSON.readTree(result.stdout()).get("ok").asBoolean()).isTrue();
            assertThat(result.stderr()).contains("Pending migrations detected");
        }

        @Test
        void verboseShowsTheLibrariesOwnLogs() throws Exception {
            PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--verbose");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(result.stderr()).contains("HHH").contains("ran successfully");
        }
    }
}
