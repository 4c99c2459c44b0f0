package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.ProvisionalUpgrade;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process killed with -9 while its upgrade waits for the application's decision
 * ({@link PosDatabase#upgradeProvisionally}: the Spring Boot starter between posdb's upgrade and JPA's
 * validation) is a killed upgrade like any other: the marker is left, and the next boot puts the snapshot
 * back (every row, the sales only in the {@code -wal} too), records the run as killed and restored, then
 * upgrades again.
 */
@Tag("process")
@ExtendWith(QuietLogs.class) // the recovering upgrade says at WARN that it restores the killed one
class KilledWhileUndecidedTest {

    static final String UNDECIDED = "upgrade applied, waiting for the application's decision";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void killedWhileTheUpgradeWaitsTheNextBootRestoresTheFileThenUpgradesIt(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3);
        }
        Path copy = WalFiles.copyWithWal(file, Files.createTempDirectory(dir, "before").resolve("copy.db"));
        // The upgrade remaps the roles; every other value comes through it unchanged.
        Map<String, List<String>> rows = DatabaseContents.businessRowsExcept(copy, "user.role");
        Path stderr = dir.resolve("undecided.err");

        Process undecided = undecidedUpgrade(file, stderr);
        assertThat(KillOnLogLine.kill(undecided, stderr, UNDECIDED)).as(Files.readString(stderr)).isTrue();
        assertThat(file.resolveSibling(file.getFileName() + ".upgrading")).as("the upgrade's marker").exists();

        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);

        assertThat(PosDatabaseChecks.runs(settings)).extracting(UpgradeRun::outcome)
                .containsExactlyInAnyOrder(UpgradeRun.KILLED_RESTORED, UpgradeRun.APPLIED);
        assertThat(PosDatabaseChecks.plan(settings).pending()).isEmpty();
        assertThat(DatabaseContents.businessRowsExcept(file, "user.role")).as("every row, the -wal's sales too")
                .isEqualTo(rows);
    }

    private static Process undecidedUpgrade(Path file, Path stderr) throws Exception {
        InProcessOnly.refuse("starts an upgrade in a process of its own", "process");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Undecided.class.getName(), file.toString()));
        // Started in the database's folder, as a till is: not in the repository, whose changelog/ folder would be a
        // second copy of the packaged changelog on Liquibase's search path.
        return new ProcessBuilder(command).directory(file.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(stderr.toFile()).start();
    }

    /** The upgrade, held undecided until the process dies: what a Spring Boot till is while JPA starts. */
    public static final class Undecided {

        public static void main(String[] args) throws Exception {
            ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(PosDatabaseSettings.sqlite(Path.of(args[0])).build());
            System.err.println(UNDECIDED + ": " + upgrade.applied().size() + " changeset(s)");
            System.err.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
