package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.database.ApplicationName;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which database a command acts on (issue 11 §1): an explicit option always wins over POSDB_URL
 * exported in the environment, and the first log line says which database was chosen and by what.
 * The cases that need an environment or a working directory of their own run as real processes
 * (tagged "process"); the others run the same command line in this JVM.
 */
class DatabaseChoiceTest {

    /** Nothing listens on port 1: if this URL were used, the command would fail with exit 10. */
    private static final Map<String, String> HEAD_OFFICE = Map.of("POSDB_URL", "jdbc:postgresql://127.0.0.1:1/headoffice");

    @TempDir
    Path dir;

    private static String firstLogLine(PosdbProcess.Result result) {
        return result.stderr().lines().findFirst().orElse("");
    }

    @Tag("process")
    @Test
    void dbBeatsPosdbUrlFromTheEnvironment() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));

        PosdbProcess.Result result = PosdbProcess.run(dir, HEAD_OFFICE, "boot", "--db", shop.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(firstLogLine(result)).contains("database " + shop, "from --db");
        assertThat(result.stderr()).doesNotContain("headoffice");
    }

    @Tag("process")
    @Test
    void urlBeatsPosdbUrlFromTheEnvironment() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));

        PosdbProcess.Result result = PosdbProcess.run(dir, HEAD_OFFICE, "history", "--url", "jdbc:sqlite:" + shop);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(firstLogLine(result)).contains("database " + shop, "from --url");
    }

    @Tag("process")
    @Test
    void posdbUrlAppliesWhenNeitherOptionIsGivenAndIsNamed() throws Exception {
        PosdbProcess.Result result = PosdbProcess.run(dir, HEAD_OFFICE, "status");

        assertThat(result.exitCode()).isEqualTo(BootFailure.CONNECTION.exitCode());
        assertThat(firstLogLine(result)).contains("jdbc:postgresql://127.0.0.1:1/headoffice",
                "from the environment variable POSDB_URL");
        assertThat(Files.exists(dir.resolve("data/pos.db"))).isFalse();
    }

    @Tag("process")
    @Test
    void withoutOptionsOrEnvironmentTheDefaultFileIsUsed() throws Exception {
        PosdbProcess.Result result = PosdbProcess.run(dir, "status");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PENDING);
        assertThat(firstLogLine(result)).contains("data/pos.db", "from the default");
    }

    @Test
    void aTillNameThatCannotBeAServersApplicationNameIsAUsageErrorNamingTheOption() {
        // Refused before connecting: nothing listens on port 1.
        PosdbProcess.Result result = PosdbInProcess.run("status", "--url", "jdbc:postgresql://127.0.0.1:1/shop",
                "--till-name", "till north");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--till-name", "printable ASCII without spaces");
    }

    @Test
    void theTransfersServerConnectionCarriesTheTillNameAsEveryCommandsDoes() {
        for (Object command : new Object[] {new TransferCommand(), new StatusCommand()}) {
            CommandLine line = new CommandLine(command);
            line.parseArgs(command instanceof TransferCommand
                    ? new String[] {"--from-db", "shop.db", "--to-url", "jdbc:postgresql://127.0.0.1:1/shop", "--till-name", "north-1"}
                    : new String[] {"--url", "jdbc:postgresql://127.0.0.1:1/shop", "--till-name", "north-1"});
            PostgresDatabase server = command instanceof TransferCommand transfer
                    ? transfer.login.database(line.getCommandSpec(), "--to-url", transfer.toUrl, "")
                    : (PostgresDatabase) ((StatusCommand) command).options.choice().database();

            assertThat(server.applicationName()).get().extracting(ApplicationName::text)
                    .as(line.getCommandName()).isEqualTo("posdb " + PosDatabase.release() + " north-1");
        }
    }

    @Test
    void dbTogetherWithUrlIsAUsageError() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", shop.toString(), "--url",
                "jdbc:postgresql://127.0.0.1:1/headoffice");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.stderr()).contains("--db and --url both name a database: give one of them");
    }

    @Test
    void releaseLocksOnAServerIsAUsageErrorNamingWhatReleasesAServersLock() {
        PosdbProcess.Result result = PosdbInProcess.run("release-locks", "--url", "jdbc:postgresql://127.0.0.1:1/headoffice");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.stderr()).contains("release-locks works on SQLite files (--db); on a server, Liquibase's "
                + "own bin/liquibase release-locks --url JDBC_URL releases a lock a dead process left");
    }

    @Test
    void aSqliteFileUriWithOptionsIsTheFileItNames() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("my shop.db"));

        PosdbProcess.Result byUri = PosdbInProcess.run("history", "--url",
                "jdbc:sqlite:" + shop.toUri() + "?busy_timeout=1000");
        PosdbProcess.Result byPath = PosdbInProcess.run("history", "--url", "jdbc:sqlite:" + shop);

        assertThat(byUri.exitCode()).as(byUri.stderr()).isZero();
        assertThat(byPath.exitCode()).as(byPath.stderr()).isZero();
        assertThat(byUri.stdout()).isEqualTo(byPath.stdout()).isEqualTo(PosdbInProcess.run("history", "--db",
                shop.toString()).stdout());
    }

    @Tag("process")
    @Tag("postgres")
    @Test
    void aWrongPasswordExitsTenWithoutShowingThePassword() throws Exception {
        PostgresServer.requireConfigured();
        String password = "wrong-" + System.nanoTime();

        PosdbProcess.Result result = PosdbProcess.run(dir, Map.of("POSDB_PASSWORD", password), "history", "--url",
                System.getenv("POSDB_TEST_PG_URL"), "--user", PostgresServer.user());

        assertThat(result.exitCode()).isEqualTo(BootFailure.CONNECTION.exitCode());
        assertThat(result.stderr().lines().filter(l -> l.startsWith("posdb history: ")).toList()).singleElement()
                .asString().contains("password authentication failed", "Check the URL, the server and the credentials");
        assertThat(result.stderr() + result.stdout()).doesNotContain(password);
    }

    @Test
    void aFileThatIsNotADatabaseExitsSixFromAReadingCommandToo() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.db"), "not a database\n".repeat(50));

        PosdbProcess.Result result = PosdbInProcess.run("history", "--db", notes.toString());

        assertThat(result.exitCode()).isEqualTo(BootFailure.UNUSABLE_DATABASE.exitCode());
        assertThat(result.stderr()).contains("posdb history: Database " + notes + " cannot be used: it is not an "
                + "SQLite database");
    }
}
