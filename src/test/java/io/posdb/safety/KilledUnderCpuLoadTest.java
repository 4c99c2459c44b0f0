package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #19 §4: kill -9 inside each changeset of a WAL-mode legacy upgrade large enough that SQLite
 * checkpoints during it (auto-checkpoints every 1,000 pages), with the CPU kept busy so that a
 * checkpoint takes long enough for the kill to cut it. The recovering boot must restore and upgrade
 * (exit 0), never refuse the file as truncated (exit 6), whatever state the kill left the main file in.
 */
@Tag("process")
@Tag("slow")
class KilledUnderCpuLoadTest {

    /** Users in the shop: the remap and the rebuilds then write thousands of pages (several checkpoints). */
    private static final int USERS = 30_000;
    private static final int SALES = 5_000;

    @TempDir
    static Path shared;

    private static Path fixture;
    private static long users;
    private static long sales;
    private static final AtomicBoolean busy = new AtomicBoolean(true);
    private static final List<Thread> spinners = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void largeWalShopAndBusyCores() throws Exception {
        fixture = LegacyDatabaseGenerator.generate(shared.resolve("large.db"), USERS, SALES);
        JournalMode.WAL.apply(fixture);
        users = WalFiles.count(fixture, "SELECT COUNT(*) FROM \"user\"");
        sales = WalFiles.count(fixture, "SELECT COUNT(*) FROM sale");
        // One spinning thread per core, in this JVM: the posdb processes compete with them for the CPU.
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread spinner = new Thread(() -> {
                long x = 0;
                while (busy.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print(""); // keeps the loop from being optimised away
                }
            }, "cpu-load-" + i);
            spinner.setDaemon(true);
            spinner.start();
            spinners.add(spinner);
        }
    }

    @AfterAll
    static void releaseTheCores() throws InterruptedException {
        busy.set(false);
        for (Thread spinner : spinners) {
            spinner.join();
        }
    }

    static Stream<String> everyPendingChangeSet() throws Exception {
        Path scratch = Files.createTempDirectory("pending-plan");
        Path file = LegacyDatabases.shop(scratch.resolve("pos.db"));
        List<String> ids = new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged()).plan()
                .pending().stream().map(PendingChangeSet::id).toList();
        WalFiles.deleteWithSideFiles(file);
        Files.delete(scratch);
        return ids.stream();
    }

    @ParameterizedTest(name = "killed inside {0} under CPU load")
    @MethodSource("everyPendingChangeSet")
    void aWalUpgradeKilledInsideAChangeSetUnderCpuLoadIsRestoredAndUpgradedByTheNextBoot(String changeSet)
            throws Exception {
        Path file = Files.copy(fixture, dir.resolve("pos.db"));

        KillOnLogLine.Outcome killed = KillOnLogLine.run(dir, "Running migration: " + changeSet,
                "boot", "--db", file.toString());
        assertThat(killed.killed()).as("the changeset's log line came: %s", killed.stderr()).isTrue();

        PosdbProcess.Result recovering = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(recovering.exitCode()).as(recovering.stderr()).isZero();
        assertThat(recovering.stderr()).doesNotContain("truncated");
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM \"user\"")).isEqualTo(users);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).isEqualTo(sales);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM pragma_quick_check WHERE quick_check <> 'ok'")).isZero();
        assertThat(WalFiles.journalMode(file)).isEqualTo("wal");
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
    }
}
