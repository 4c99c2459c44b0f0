package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.Release;
import io.posdb.database.Engine;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * SQLite's driver trims the URL posdb gives it and reads what follows a ? as its options: a path ending in a space
     * or holding a ? names, to it, the shop beside it, and a URL given as a path names a new file under a folder called
     * "jdbc:sqlite:". Each is refused as a usage error naming the file the driver would open, before anything is
     * opened: the shop beside it stays byte for byte as it was, and no other file is made.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"WAL", "DELETE"})
    void aPathTheDriverWouldReadAsAnotherFileIsAUsageErrorAndTheShopBesideItIsLeftAsItWas(String journalMode)
            throws Exception {
        Path shop = io.posdb.testsupport.RollbackFixture.legacyShop(dir.resolve("pos.db"), journalMode);
        byte[] before = Files.readAllBytes(shop);
        List<Path> folder = listing();

        assertThat(posdb("boot", "--db", shop + " ")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--db: database file \"" + shop + " \" ends with a space: it would open \""
                + shop + "\" instead");
        assertThat(posdb("boot", "--db", shop + "?foreign_keys=off")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("holds a ?, after which SQLite's driver reads its own options: it would "
                + "open \"" + shop + "\" instead");
        assertThat(posdb("boot", "--db", "jdbc:sqlite:" + shop)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--db: database file jdbc:sqlite:" + shop + " is written as a URL: give "
                + "the file's path (" + shop + ")");
        assertThat(posdb("status", "--url", "jdbc:sqlite:file:" + shop + "%20")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("ends with a space");

        assertThat(Files.readAllBytes(shop)).as("the shop").isEqualTo(before);
        assertThat(listing()).as("no snapshot, lock or new file beside it").isEqualTo(folder);
        assertThat(Path.of("jdbc:sqlite:")).as("no folder named by the URL in the working directory").doesNotExist();
    }

    /**
     * A --db that exists but is no regular file: /dev/null read as an empty database (status said "11 pending", a
     * boot waited on the lock's holders), and a named pipe, whose read waits for a writer for ever (the doctor hung).
     * Every command refuses both as the file it is not (exit 6), as it refuses a folder, and leaves them alone.
     */
    @Test
    void aDeviceOrAPipeGivenAsTheDatabaseIsRefusedAsUnusableByEveryCommandWithoutWaiting() throws Exception {
        Path pipe = dir.resolve("pos.db");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        for (String database : List.of("/dev/null", pipe.toString())) {
            for (String command : List.of("status", "boot", "update", "doctor", "drift", "history", "validate",
                    "audit", "downgrade", "rehearse")) {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                int exit = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMinutes(1),
                        () -> posdb(command, "--db", database));
                assertThat(exit).as(command + " " + database).isEqualTo(BootFailure.UNUSABLE_DATABASE.exitCode());
                assertThat(out + "" + err).as(command + " " + database)
                        .contains("it is not a regular file (a device or a pipe)");
            }
        }
        assertThat(Files.isRegularFile(pipe)).as("the pipe is left a pipe").isFalse();
        assertThat(listing()).as("no lock, snapshot or copy beside it").containsExactly(pipe);
    }

    /**
     * A --db that is a folder (the shop's folder named instead of its file): every command refuses it as the file it is
     * not (exit 6), saying it is a folder, and leaves the folder as it was. The doctor words it with the path to give
     * instead; the others say it where they judge the file (DatabaseFileCheck.notARegularFile).
     */
    @Test
    void aFolderGivenAsTheDatabaseIsRefusedAsUnusableByEveryCommandSayingItIsAFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pos.db"));
        for (String command : List.of("status", "boot", "update", "doctor", "drift", "history", "validate", "audit",
                "downgrade", "rehearse")) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            int exit = posdb(command, "--db", folder.toString());

            assertThat(exit).as(command + " " + out + err).isEqualTo(BootFailure.UNUSABLE_DATABASE.exitCode());
            assertThat(out + "" + err).as(command).contains(command.equals("doctor")
                    ? folder + " is a folder, not a database file"
                    : "it is a folder, not a database file: name the database file itself (--db;");
        }
        assertThat(listing()).as("no lock, snapshot or copy beside it").containsExactly(folder);
        try (java.util.stream.Stream<Path> inside = Files.list(folder)) {
            assertThat(inside).as("nothing made in it").isEmpty();
        }
    }

    private List<Path> listing() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void statusReportsPendingChangeSetsWithExitThree() {
        assertThat(posdb("status", "--db", db("pos.db"))).isEqualTo(ExitCodes.PENDING);
        assertThat(out.toString()).contains("0001-baseline-user", "changelog/changes/0001-baseline-user.yaml",
                "pending: not in this database's history");
        assertThat(Files.exists(dir.resolve("pos.db"))).as("status does not create the database").isFalse();
    }

    /**
     * A legacy shop has every changeset pending for one reason: it is said once, above the changesets in the
     * changelog's order, instead of once per line; --json keeps it on each changeset.
     */
    @Test
    void statusSaysASharedReasonOnceAboveThePendingChangeSetsInTheChangelogsOrder() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("legacy.db"));
        List<String> ids = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();

        assertThat(posdb("status", "--db", shop.toString())).isEqualTo(ExitCodes.PENDING);
        List<String> lines = out.toString().lines().toList();
        out.getBuffer().setLength(0);
        assertThat(posdb("status", "--json", "--db", shop.toString())).isEqualTo(ExitCodes.PENDING);
        JsonNode pending = new ObjectMapper().readTree(out.toString()).get("pending");

        assertThat(lines.get(0)).isEqualTo(ids.size() + " pending changeset(s) on " + shop + ":");
        String reason = pending.get(0).get("reason").asText();
        assertThat(reason).startsWith("pending: not in this database's history");
        assertThat(lines.get(1)).isEqualTo("  " + reason + ":");
        assertThat(lines.subList(2, lines.size())).extracting(line -> line.strip().split("\\s+")[0])
                .containsExactlyElementsOf(ids);
        assertThat(String.join("\n", lines).split(java.util.regex.Pattern.quote(reason), -1)).hasSize(2);
        assertThat(pending).extracting(changeSet -> changeSet.get("reason").asText()).containsOnly(reason)
                .hasSize(ids.size());
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
            // Past the maximum: refused here, not an overflow ("long overflow", exit 1) where the wait is timed.
            assertThat(posdb("boot", "--db", db("pos.db"), "--lock-wait", "10000000000")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--lock-wait: lockWait must be at most 24h (86400s), got ");
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
        void aTransfersTargetThatIsATillsFileIsAUsageErrorSayingItMustBeAServer() {
            assertThat(posdb("transfer", "--from-db", db("pos.db"), "--to-url", "jdbc:sqlite:" + db("x.db")))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--to-url: url must start with jdbc:postgresql: (transfer copies into"
                    + " a PostgreSQL server; the till's file is --from-db), got jdbc:sqlite:")
                    .doesNotContain("jdbc:sqlite:PATH");
            assertThat(Files.exists(dir.resolve("x.db"))).isFalse();
        }

        /**
         * With --json (or --progress json) a usage error's stdout is one JSON document shaped as every other
         * failure's (what was known, ok, error, exit_code), whether picocli refused the command line or the command
         * refused an option's value; the exit stays 2 and stderr keeps the message.
         */
        @Test
        void withJsonAUsageErrorPrintsTheFailuresJsonOnStdoutAndTheMessageOnStderr() throws Exception {
            assertThat(posdb("validate", "--json", "--db", db("missing.db"))).isEqualTo(BootFailure.MISSING_DATABASE
                    .exitCode());
            List<String> failureFields = fieldNames(JSON.readTree(out.toString()));
            List<List<String>> usageErrors = List.of(List.of("status", "--json", "--lock-wait", "-5"),
                    List.of("status", "--no-such-option", "--json"), List.of("update", "--json", "--lock-wait"),
                    List.of("--json"), List.of("update", "--json", "--db", db("pos.db"), "--lock-wait", "-5"));
            for (List<String> args : usageErrors) {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);

                assertThat(posdb(args.toArray(String[]::new))).as(args + ": " + err).isEqualTo(ExitCodes.USAGE);

                List<JsonNode> documents = JSON.readerFor(JsonNode.class).<JsonNode>readValues(out.toString()).readAll();
                assertThat(documents).as(args.toString()).singleElement().satisfies(failure -> {
                    assertThat(fieldNames(failure)).as(args.toString()).containsExactlyElementsOf(failure.has("database")
                            ? failureFields : failureFields.subList(1, failureFields.size()));
                    assertThat(failure.get("ok").asBoolean()).isFalse();
                    assertThat(failure.get("exit_code").asInt()).isEqualTo(ExitCodes.USAGE);
                    assertThat(err.toString()).as(args.toString()).contains(failure.get("error").asText());
                });
            }
            assertThat(fieldNames(JSON.readTree(out.toString()))).as("the command had named its database")
                    .contains("database");
            out.getBuffer().setLength(0);
            assertThat(posdb("update", "--progress", "json", "--db", db("pos.db"), "--lock-wait", "-5"))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(out.toString().lines().toList()).singleElement().satisfies(line -> assertThat(
                    JSON.readTree(line).get("event").asText()).isEqualTo("result"));
            assertThat(Files.exists(dir.resolve("pos.db"))).isFalse();
        }

        private static List<String> fieldNames(JsonNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            return names;
        }

        @Test
        void unknownCommandIsAUsageError() {
            assertThat(posdb("frobnicate")).isEqualTo(ExitCodes.USAGE);
        }

        /**
         * A mistyped option or command: what is wrong, picocli's suggestion and where the help is, a few lines an
         * operator sees whole, not the command's forty lines of usage (or posdb's eighty) that scroll them away.
         */
        @Test
        void aMistypedOptionOrCommandSaysWhatIsWrongWithASuggestionAndNotTheWholeUsage() {
            assertThat(posdb("rollback", "--db", db("pos.db"), "--tagg", "v1.0")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString().lines()).containsExactly("Unknown options: '--tagg', 'v1.0'",
                    "Possible solutions: --tag", "Run 'posdb rollback --help' for its options.");
            err.getBuffer().setLength(0);

            assertThat(posdb("rollbak")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString().lines()).containsExactly("Unmatched argument at index 0: 'rollbak'",
                    "Did you mean: posdb rollback?", "Run 'posdb --help' for the commands and the exit codes.");
            assertThat(Files.exists(dir.resolve("pos.db"))).isFalse();
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
