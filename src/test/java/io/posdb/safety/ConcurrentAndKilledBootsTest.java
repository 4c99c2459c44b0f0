package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.upgrade.sqlite.UpgradeLock;
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
@Tag("process")
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

            assertThat(exits).as("round %d exit codes", round).containsOnly(0);
            assertThat(query(roundDir.resolve("data/pos.db"), "SELECT COUNT(*) - COUNT(DISTINCT ID) FROM DATABASECHANGELOG"))
                    .as("no changeset applied twice").isZero();
            assertThat(allStderr(roundDir)).doesNotContain("SQLITE_BUSY");
        }
    }

    @Test
    void severalProcessesBootingOneLegacyDatabaseDoNotDoubleTheAudit() throws Exception {
        LegacyDatabases.shop(Files.createDirectories(dir.resolve("data")).resolve("pos.db"));

        List<Integer> exits = bootAtOnce(dir, "data/pos.db");

        assertThat(exits).containsOnly(0);
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
        assertThat(boot.exitValue()).as(Files.readString(err)).isZero();
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

        // Each kill is triggered by a line the upgrade logs (never by a sleep): before the first
        // changeset, at the start of the audit table, inside the remap of 150,000 users, between
        // the remap and its verification, and inside the table rebuild.
        List<String> triggers = List.of("Starting database migrations...",
                "Running migration: 0007-data-migration-audit", "to check for migration",
                "Running migration: 0009-verify-user-roles", "Running migration: 0010-enforce-user-role-constraint");
        for (int i = 0; i < triggers.size(); i++) {
            String trigger = triggers.get(i);
            Path work = Files.createDirectories(dir.resolve("kill-" + i));
            Path file = Files.copy(original, work.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
            KillOnLogLine.Outcome killed = KillOnLogLine.run(work, trigger, "boot", "--db", file.toString());
            assertThat(killed.killed()).as("killed at '%s': %s", trigger, killed.stderr()).isTrue();

            PosdbProcess.Result again = PosdbProcess.run(work, "boot", "--db", file.toString());

            assertThat(again.exitCode()).as("boot after the kill at '%s': %s", trigger, again.stderr())
                    .isZero();
            assertThat(again.stderr()).as("the next boot restored the snapshot (kill at '%s')", trigger)
                    .contains("was interrupted; restoring").contains("to its state before the upgrade");
            assertThat(DatabaseContents.businessRowsExcept(file, "user.role"))
                    .as("business data after the kill at '%s'", trigger).isEqualTo(business);
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
