package io.posdb.cli;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command that opens a database, against every bad input: the same problem gives the
 * same exit code and the same one-line message, whichever command met it (issue 11 §2).
 */
class SameFailureSameExitCodeTest {

    /** Commands that open a database named by --db or --url, with the arguments they need. */
    private static final List<List<String>> ON_ANY_DATABASE = List.of(List.of("boot"), List.of("status"),
            List.of("update"), List.of("validate"), List.of("history"), List.of("audit"),
            List.of("rollback", "--tag", "v1.0"), List.of("drift"));
    /** Commands that work on SQLite files only. */
    private static final List<List<String>> ON_FILES = List.of(List.of("rehearse"), List.of("update-sql"),
            List.of("release-locks"));
    private static final String WRONG_PASSWORD = "not-the-password-7f3a";

    @TempDir
    static Path shared;

    private static Path booted;

    @TempDir
    Path dir;

    @BeforeAll
    static void bootOnce() throws Exception {
        booted = LegacyDatabases.shop(shared.resolve("booted.db"));
        Bootstraps.withDefaults(SqliteDatabase.at(booted)).boot().close();
    }

    /** An input, how each command fares on it (null: the code every command gives), and the message. */
    record Case(String input, int code, String message, Expectation... exceptions) {
        int codeOf(String command) {
            return Arrays.stream(exceptions).filter(e -> e.command.equals(command)).findFirst()
                    .map(Expectation::code).orElse(code);
        }
    }

    record Expectation(String command, int code) {
    }

    private static Expectation ok(String command) {
        return new Expectation(command, 0);
    }

    static Stream<Arguments> everyCommandOnEveryBadInput() {
        List<Case> sqlite = List.of(
                new Case("missing file", 6, "does not exist", ok("boot"), ok("update"), new Expectation("status", 3)),
                new Case("not a database", 6, "it is not an SQLite database (no SQLite header)"),
                new Case("truncated", 6, "it is truncated"),
                // Commands that only read what is there (or release a lock) work on these databases. Drift
                // compares what boot would run on only: by boot's rule, not this one (the doctor says the same).
                new Case("newer database", 4, "was upgraded by a newer release", ok("validate"), ok("history"),
                        ok("audit"), ok("release-locks")),
                new Case("edited changeset", 5, "were edited after they ran (checksum mismatch)", ok("validate"),
                        ok("history"), ok("audit"), ok("release-locks")));
        List<Arguments> all = new ArrayList<>();
        for (Case c : sqlite) {
            Stream.concat(ON_ANY_DATABASE.stream(), ON_FILES.stream()).forEach(command -> all.add(Arguments.of(c, command)));
        }
        // Nothing listens there: refused without a server, so this case stays in the fast loop.
        Case unreachable = new Case("unreachable server", 10, "Check the URL, the server and the credentials");
        ON_ANY_DATABASE.forEach(command -> all.add(Arguments.of(unreachable, command)));
        return all.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource
    void everyCommandOnEveryBadInput(Case input, List<String> command) throws Exception {
        assertSameFailure(input, command);
    }

    /** The wrong-password case of {@link #everyCommandOnEveryBadInput}: it needs the server, so it runs in verify. */
    @Tag("postgres")
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource
    void everyCommandOnAWrongPassword(Case input, List<String> command) throws Exception {
        assertSameFailure(input, command);
    }

    static Stream<Arguments> everyCommandOnAWrongPassword() {
        Case wrongPassword = new Case("wrong password", 10, "Check the URL, the server and the credentials");
        return ON_ANY_DATABASE.stream().map(command -> Arguments.of(wrongPassword, command));
    }

    private void assertSameFailure(Case input, List<String> command) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(databaseArgs(input.input()));
        StringWriter err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute(args.toArray(String[]::new));

        String name = command.get(0);
        int expected = input.codeOf(name);
        assertThat(exitCode).as(err.toString()).isEqualTo(expected);
        List<String> failureLines = err.toString().lines().filter(l -> l.startsWith("posdb " + name + ": ")).toList();
        if (expected == 0 || expected == 3) {
            assertThat(failureLines).isEmpty();
        } else if (expected == input.code()) {
            assertThat(failureLines).singleElement().asString().contains(input.message());
        }
        assertThat(err.toString()).doesNotContain(WRONG_PASSWORD);
    }

    /**
     * A tag, changeset or count the database's applied history does not have, named on the command line, is one
     * failure whichever command met it: the code of a value that cannot be used (2, README's table), one line
     * naming the value, the same in --json's failure, and nothing written.
     */
    @Test
    void aTagChangesetOrCountTheHistoryLacksIsTheSameUsageErrorFromEveryCommand() throws Exception {
        Path file = Files.copy(booted, dir.resolve("pos.db"));
        int applied = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().size();
        Map<String, String> before = Bytes.folder(dir);
        Map<List<String>, String> namings = Map.of(List.of("rollback", "--tag", "v9.9"), "to tag v9.9",
                List.of("rollback", "--count", String.valueOf(applied + 1)), "the last " + (applied + 1) + " changeset(s)",
                List.of("audit", "--changeset", "0099-no-such-changeset"), "--changeset 0099-no-such-changeset");

        for (Map.Entry<List<String>, String> naming : namings.entrySet()) {
            String name = naming.getKey().get(0);
            for (boolean json : List.of(false, true)) {
                List<String> args = new ArrayList<>(naming.getKey());
                args.addAll(List.of("--db", file.toString()));
                if (json) {
                    args.add("--json");
                }
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine commandLine = PosdbCommand.newCommandLine();
                commandLine.setOut(new PrintWriter(out));
                commandLine.setErr(new PrintWriter(err));

                assertThat(commandLine.execute(args.toArray(String[]::new))).as(args + ": " + err)
                        .isEqualTo(ExitCodes.USAGE).isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());

                assertThat(err.toString().lines().toList()).as(args.toString()).singleElement().asString()
                        .startsWith("posdb " + name + ": ").contains(naming.getValue(), file.toString());
                if (json) {
                    JsonNode failure = new ObjectMapper().readTree(out.toString());
                    assertThat(failure.get("exit_code").asInt()).isEqualTo(ExitCodes.USAGE);
                    assertThat("posdb " + name + ": " + failure.get("error").asText()).isEqualTo(err.toString().strip());
                }
            }
        }
        assertThat(Bytes.folder(dir)).as("nothing written, no lock file, no snapshot").isEqualTo(before);
    }

    /**
     * A disk that refuses a changeset's write is the place's failure, from rehearse as from boot: exit 7 (never 1,
     * a failed migration), and no fix asked for in the changeset. SQLite's own "disk full" stands for the full disk
     * (Changelogs.DISK_FILLING_CHANGE_SET). Rehearse upgrades its copy in Java's
     * temporary folder, so its to do asks for room there, naming the folder and the setting that gives Java another
     * (as rehearse words a temporary folder it cannot use), not beside the database.
     */
    @Test
    void aChangeSetTheDiskRefusesIsExitSevenFromRehearseAsFromBoot() throws Exception {
        Path changelog = Changelogs.withDiskFillingChangeSet(Files.createDirectories(dir.resolve("changelog")));
        Map<String, List<String>> toDo = new LinkedHashMap<>();
        for (String command : List.of("boot", "rehearse")) {
            Path file = Files.copy(booted, dir.resolve(command + ".db"));
            PosdbProcess.Result result = PosdbInProcess.run(command, "--db", file.toString(), "--changelog",
                    changelog.toString());

            assertThat(result.exitCode()).as(command + ": " + result.stderr())
                    .isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
            assertThat(result.stderr()).as(command).contains("posdb " + command + ": changeset 0099-fill-the-disk "
                    + "failed (exit 7)");
            toDo.put(command, result.stderr().lines().filter(l -> l.startsWith("  to do:")).toList());
        }
        assertThat(toDo.get("boot")).singleElement().asString().contains("free space beside the database");
        assertThat(toDo.get("rehearse")).singleElement().asString()
                .contains("free space in the temporary folder " + System.getProperty("java.io.tmpdir")
                        + " (java.io.tmpdir)")
                .contains("JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>").contains("run rehearse again")
                .doesNotContain("beside the database").doesNotContain(Changelogs.DISK_FILLING_FILE);
    }

    /**
     * A read-only database on a real read-only mount (root only, as in UnwritablePlacesTest):
     * commands that write refuse it with 7 and the same message, and so does rehearse, which tells whether an upgrade
     * would succeed (boot's is refused, the database up to date or not); commands that only read work, and so does
     * release-locks when there is no lock to release (it then writes nothing).
     */
    @Tag("process")
    @Test
    void everyCommandOnAReadOnlyDatabase() throws Exception {
        assumeThat(System.getProperty("user.name")).as("mounting needs root (CI runs as root)").isEqualTo("root");
        Path place = Files.createDirectories(dir.resolve("mnt"));
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", place.toString());
        try {
            Path file = Files.copy(booted, place.resolve("pos.db"));
            run("mount", "-o", "remount,ro", place.toString());
            Map<String, Integer> expected = new LinkedHashMap<>();
            List.of("boot", "update", "rollback", "rehearse").forEach(c -> expected.put(c, 7));
            // release-locks with no lock to release writes nothing (README), so a read-only file is no obstacle.
            List.of("status", "validate", "history", "audit", "update-sql", "release-locks", "drift")
                    .forEach(c -> expected.put(c, 0));
            for (List<String> command : Stream.concat(ON_ANY_DATABASE.stream(), ON_FILES.stream()).toList()) {
                String name = command.get(0);
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--db", file.toString()));
                StringWriter err = new StringWriter();
                CommandLine commandLine = PosdbCommand.newCommandLine();
                commandLine.setOut(new PrintWriter(new StringWriter()));
                commandLine.setErr(new PrintWriter(err));

                assertThat(commandLine.execute(args.toArray(String[]::new))).as(name + ": " + err)
                        .isEqualTo(expected.get(name));
                if (expected.get(name) != 0) {
                    assertThat(err.toString().lines().filter(l -> l.startsWith("posdb " + name + ": ")).toList())
                            .as(name).singleElement().asString().containsIgnoringCase("read-only");
                }
            }
        } finally {
            run("umount", place.toString());
        }
    }

    private static void run(String... command) throws Exception {
        InProcessOnly.refuse("runs " + command[0] + " as a process", "process");
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** transfer names its two databases itself: the same problems give the same codes and messages. */
    @ParameterizedTest(name = "transfer with {0}")
    @MethodSource
    void transferOnBadInput(String input, int code, String message) throws Exception {
        assertTransferFails(input, code, message);
    }

    /** The wrong-password case of {@link #transferOnBadInput}: it needs the server, so it runs in verify. */
    @Tag("postgres")
    @ParameterizedTest(name = "transfer with {0}")
    @MethodSource
    void transferWithAWrongPassword(String input, int code, String message) throws Exception {
        assertTransferFails(input, code, message);
    }

    static Stream<Arguments> transferWithAWrongPassword() {
        return Stream.of(Arguments.of("wrong password", 10, "Check the URL, the server and the credentials"));
    }

    private void assertTransferFails(String input, int code, String message) throws Exception {
        List<String> source = databaseArgs(input.startsWith("source ") ? input.substring(7) : "missing file");
        String from = input.startsWith("source ") ? source.get(1) : booted.toString();
        List<String> args = new ArrayList<>(List.of("transfer", "--from-db", from));
        if (input.startsWith("source ")) {
            args.addAll(List.of("--to-url", "jdbc:postgresql://127.0.0.1:1/posdb"));
        } else {
            List<String> server = databaseArgs(input);
            args.addAll(List.of("--to-url", server.get(1), "--user", server.get(3), "--password", server.get(5)));
        }
        StringWriter err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));

        assertThat(commandLine.execute(args.toArray(String[]::new))).as(err.toString()).isEqualTo(code);

        assertThat(err.toString().lines().filter(l -> l.startsWith("posdb transfer: ")).toList()).singleElement()
                .asString().contains(message);
        assertThat(err.toString()).doesNotContain(WRONG_PASSWORD);
    }

    static Stream<Arguments> transferOnBadInput() {
        return Stream.of(Arguments.of("source missing file", 6, "does not exist"),
                Arguments.of("source not a database", 6, "it is not an SQLite database (no SQLite header)"),
                Arguments.of("source truncated", 6, "it is truncated"),
                Arguments.of("unreachable server", 10, "Check the URL, the server and the credentials"));
    }

    private List<String> databaseArgs(String input) throws Exception {
        return switch (input) {
            case "missing file" -> List.of("--db", dir.resolve("missing.db").toString());
            case "not a database" -> List.of("--db",
                    Files.writeString(dir.resolve("notes.db"), "not a database\n".repeat(50)).toString());
            case "truncated" -> {
                byte[] bytes = Files.readAllBytes(booted);
                yield List.of("--db", Files.write(dir.resolve("half.db"), Arrays.copyOf(bytes, bytes.length / 2))
                        .toString());
            }
            case "newer database" -> List.of("--db", bootedCopy("INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, "
                    + "DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, LABELS) VALUES ('0042-loyalty-points', 'posdb', "
                    + "'changelog/changes/0042-loyalty-points.yaml', '2027-01-01 08:00:00', 99, 'EXECUTED', '9:abc', "
                    + "'release-3.0')"));
            case "edited changeset" -> List.of("--db", bootedCopy("UPDATE DATABASECHANGELOG SET MD5SUM = "
                    + "'9:00000000000000000000000000000000' WHERE ID = '0003-baseline-product'"));
            // Port 1 on the loopback interface: nothing listens there, the connection is refused.
            case "unreachable server" -> List.of("--url", "jdbc:postgresql://127.0.0.1:1/posdb", "--user", "posdb",
                    "--password", WRONG_PASSWORD);
            case "wrong password" -> {
                PostgresServer.requireConfigured();
                yield List.of("--url", System.getenv("POSDB_TEST_PG_URL"), "--user", PostgresServer.user(),
                        "--password", WRONG_PASSWORD);
            }
            default -> throw new IllegalArgumentException(input);
        };
    }

    private String bootedCopy(String sql) throws Exception {
        Path copy = Files.copy(booted, dir.resolve("copy.db"), StandardCopyOption.REPLACE_EXISTING);
        try (Connection connection = LegacyDatabases.open(copy); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return copy.toString();
    }
}
