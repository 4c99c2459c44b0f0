package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input through {@code posdb boot}, run in this JVM by the command line a process runs:
 * its documented exit code, one clear line, the file unchanged. BadInputProcessTest proves the same
 * of a real process once.
 */
@ExtendWith(QuietLogs.class)
class BadInputTest {

    @TempDir
    Path dir;

    /** Refuses {@code file} with {@code exitCode} and one line naming {@code cause}, leaving the file as it was. */
    static void assertRefused(PosdbProcess.Result result, Path file, String before, int exitCode, String cause)
            throws Exception {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(exitCode);
        assertThat(result.stderr().lines().filter(l -> l.startsWith("posdb boot: ")).toList())
                .singleElement().asString().contains(cause);
        if (before != null) {
            assertThat(Bytes.digest(file)).isEqualTo(before);
        }
    }

    private void assertBootRefused(Path file, int exitCode, String cause, String... extraArgs) throws Exception {
        String before = Files.exists(file) ? Bytes.digest(file) : null;
        String[] args = new String[3 + extraArgs.length];
        args[0] = "boot";
        args[1] = "--db";
        args[2] = file.toString();
        System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);

        assertRefused(PosdbInProcess.run(args), file, before, exitCode, cause);
    }

    @Test
    void aTruncatedDatabaseExitsSix() throws Exception {
        Path legacy = LegacyDatabases.shop(dir.resolve("legacy.db"));
        byte[] bytes = Files.readAllBytes(legacy);
        assertBootRefused(Files.write(dir.resolve("half.db"), Arrays.copyOf(bytes, bytes.length / 2)), 6, "truncated");
    }

    @Test
    void aMissingChangelogExitsNine() throws Exception {
        assertBootRefused(LegacyDatabases.shop(dir.resolve("legacy.db")), 9, "does not exist",
                "--changelog", dir.resolve("missing/master.yaml").toString());
    }

    @Test
    void aMalformedChangelogExitsNine() throws Exception {
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0099-broken.yaml",
                "databaseChangeLog:\n  - changeSet:\n      id: [unclosed\n");
        assertBootRefused(LegacyDatabases.shop(dir.resolve("legacy.db")), 9, "0099-broken.yaml",
                "--changelog", changelog.toString());
    }

    @Test
    void aParentFolderThatCannotBeCreatedExitsSeven() throws Exception {
        Path blocker = Files.writeString(dir.resolve("shop"), "a file where the folder should be");
        assertBootRefused(blocker.resolve("pos.db"), 7, blocker.toString());
    }

    @Test
    void anUnknownOptionExitsTwo() {
        PosdbProcess.Result result = PosdbInProcess.run("boot", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void aStaleLiquibaseLockWithNoLiveHolderIsReleasedByTheNextBoot() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'dead-till' WHERE ID = 1");
        }

        try (CapturedLogs logs = new CapturedLogs()) {
            PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString());

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(String.join("\n", logs.messages())).contains("Released a stale Liquibase lock", "dead-till");
        }
    }
}
