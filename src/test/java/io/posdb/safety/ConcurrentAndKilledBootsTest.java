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
        Path err = dir.resolve("err");
        Process boot;
        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            boot = PosdbProcess.start(dir, dir.resolve("out"), err, "boot", "--db", file.toString(), "--lock-wait", "600");
            PosdbProcess.awaitLine(boot, err, "Waiting for"); // the child is blocked on our lock: release it now
        }

        assertThat(boot.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(boot.exitValue()).as(Files.readString(err)).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(err)).contains("Application ready");
    }

    /**
     * Killed (SIGKILL) at points inside the upgrade, each found by the line the boot logs on reaching
     * it; the next boot must restore the snapshot (its log says so), upgrade again, and lose nothing.
     */
    @Test
    void killedDuringAnUpgradeTheNextBootRestoresAndUpgradesWithNothingLost() throws Exception {
        Path original = LegacyDatabaseGenerator.generate(dir.resolve("original.db"), 150_000, 20_000);
        Map<String, List<String>> business = DatabaseContents.businessRowsExcept(original, "user.role");
        long oldRoles = query(original, "SELECT COUNT(*) FROM \"user\" WHERE role NOT IN ('admin', 'user')");

        List<String> killPoints = List.of("Starting database migrations...",
                "Running migration: 0007-data-migration-audit", "to check for migration",
                "Running migration: 0009-verify-user-roles", "Running migration: 0010-enforce-user-role-constraint");
        for (int point = 0; point < killPoints.size(); point++) {
            String line = killPoints.get(point);
            Path work = Files.createDirectories(dir.resolve("kill-" + point));
            Path file = Files.copy(original, work.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
            Process boot = PosdbProcess.start(work, work.resolve("out1"), work.resolve("err1"),
                    "boot", "--db", file.toString());
            PosdbProcess.awaitLine(boot, work.resolve("err1"), line);
            boot.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            boot.waitFor(30, TimeUnit.SECONDS);
            assertThat(Files.readString(work.resolve("err1"))).as("killed at '%s' before the upgrade finished", line)
                    .doesNotContain("All migrations completed successfully");

            PosdbProcess.Result again = PosdbProcess.run(work, "boot", "--db", file.toString());

            assertThat(again.exitCode()).as("boot after kill at '%s': %s", line, again.stderr())
                    .isEqualTo(ExitCodes.OK);
            assertThat(again.stderr()).as("the boot after the kill at '%s' restored the snapshot", line)
                    .contains("The previous upgrade of " + file + " was interrupted; restoring");
            assertThat(DatabaseContents.businessRowsExcept(file, "user.role"))
                    .as("business data after kill at '%s'", line).isEqualTo(business);
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
}
