package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.bootstrap.UpgradeLock;
import io.posdb.cli.ExitCodes;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots as separate JVM processes: several at once, a live lock holder, and kill -9 mid-upgrade. */
@Tag("slow")
class ConcurrentAndKilledBootsTest {

    private static final int PROCESSES = 4;

    @TempDir
    Path dir;

    @Test
    void severalProcessesBootingOneFreshDatabaseAllEndReadyAndEachChangeSetRunsOnce() throws Exception {
        for (int round = 1; round <= 3; round++) {
            Path roundDir = Files.createDirectories(dir.resolve("round" + round));
            List<Integer> exits = bootAtOnce(roundDir, "data/pos.db");

            assertThat(exits).as("round %d exit codes", round).containsOnly(ExitCodes.OK);
            assertThat(query(roundDir.resolve("data/pos.db"), "SELECT COUNT(*) - COUNT(DISTINCT ID) FROM DATABASECHANGELOG"))
                    .as("no changeset applied twice").isZero();
            assertThat(allStderr(roundDir)).doesNotContain("SQLITE_BUSY");
        }
    }

    @Test
    void severalProcessesBootingOneLegacyDatabaseDoNotDoubleTheAudit() throws Exception {
        LegacyDatabases.shop(Files.createDirectories(dir.resolve("data")).resolve("pos.db"));

        List<Integer> exits = bootAtOnce(dir, "data/pos.db");

        assertThat(exits).containsOnly(ExitCodes.OK);
        Path file = dir.resolve("data/pos.db");
        assertThat(query(file, "SELECT COUNT(*) - COUNT(DISTINCT ID) FROM DATABASECHANGELOG")).isZero();
        assertThat(query(file, "SELECT COUNT(*) - COUNT(DISTINCT row_id) FROM data_migration_audit")).isZero();
    }

    @Test
    void aLiveLockHolderIsWaitedForAndNamedWhenTheWaitRunsOut() throws Exception {
        Path file = dir.resolve("pos.db");
        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString(), "--lock-wait", "1");

            assertThat(result.exitCode()).isEqualTo(8);
            assertThat(result.stderr()).contains("pid " + ProcessHandle.current().pid()).contains("--lock-wait");
        }
    }

    @Test
    void aLiveLockHolderThatFinishesInTimeIsWaitedFor() throws Exception {
        Path file = dir.resolve("pos.db");
        UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO);
        Thread releaser = new Thread(() -> {
            sleep(1500);
            held.close();
        });
        releaser.start();

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString(), "--lock-wait", "60");

        releaser.join();
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.stderr()).contains("Waiting for another process");
    }

    @Test
    void killedDuringAnUpgradeTheNextBootRestoresAndUpgradesWithNothingLost() throws Exception {
        Path original = LegacyDatabaseGenerator.generate(dir.resolve("original.db"), 150_000, 20_000);
        Map<String, List<String>> business = DatabaseContents.businessRowsExcept(original, "user.role");
        long oldRoles = query(original, "SELECT COUNT(*) FROM \"user\" WHERE role NOT IN ('admin', 'user')");

        for (long delayMillis : new long[] {300, 900, 1500, 2200, 3000}) {
            Path work = Files.createDirectories(dir.resolve("kill-" + delayMillis));
            Path file = Files.copy(original, work.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
            Process boot = PosdbProcess.start(work, work.resolve("out1"), work.resolve("err1"),
                    "boot", "--db", file.toString());
            sleep(delayMillis);
            boot.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            boot.waitFor(30, TimeUnit.SECONDS);

            PosdbProcess.Result again = PosdbProcess.run(work, "boot", "--db", file.toString());

            assertThat(again.exitCode()).as("boot after kill at %d ms: %s", delayMillis, again.stderr())
                    .isEqualTo(ExitCodes.OK);
            assertThat(DatabaseContents.businessRowsExcept(file, "user.role"))
                    .as("business data after kill at %d ms", delayMillis).isEqualTo(business);
            assertThat(query(file, "SELECT COUNT(*) FROM \"user\" WHERE role NOT IN ('admin', 'user')")).isZero();
            assertThat(query(file, "SELECT COUNT(*) FROM data_migration_audit"))
                    .as("one audit row per remapped user, not doubled").isEqualTo(oldRoles);
        }
    }

    private List<Integer> bootAtOnce(Path workDir, String db) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(PosdbProcess.start(workDir, workDir.resolve("out" + i), workDir.resolve("err" + i),
                    "boot", "--db", db));
        }
        List<Integer> exits = new ArrayList<>();
        for (Process process : processes) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            exits.add(process.exitValue());
        }
        return exits;
    }

    private static String allStderr(Path workDir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < PROCESSES; i++) {
            text.append(Files.readString(workDir.resolve("err" + i)));
        }
        return text.toString();
    }

    private static long query(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
