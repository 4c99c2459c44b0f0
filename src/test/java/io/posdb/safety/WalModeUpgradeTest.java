package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import io.posdb.upgrade.BootResult;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import io.posdb.api.PosDatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #10 §1 in one JVM: tills' files are in WAL mode, often with committed sales only in
 * the {@code -wal}. The snapshot must hold them, the restore must not replay the failed
 * upgrade's log into the restored file, and the journal mode must stay what it was.
 */
@ExtendWith(QuietLogs.class)
class WalModeUpgradeTest {

    private static final int HOT_SALES = 7;
    private static final String HOT_SALES_COUNT = "SELECT COUNT(*) FROM sale WHERE receipt_no LIKE '"
            + WalFiles.HOT_RECEIPT_PREFIX + "%'";

    /** Changes data, then fails: what the restore has to undo, after changesets that committed. */
    private static final String FAILING_CHANGESET = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/9999-fails.yaml
              - changeSet:
                  id: 9999-fails
                  author: test
                  changes:
                    - sql:
                        sql: DELETE FROM saleitem
                    - sql:
                        sql: SELECT * FROM table_that_does_not_exist
                  rollback:
                    - sql:
                        sql: SELECT 1
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpgradeKeepsTheFilesJournalMode(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);

        boot(file, ChangelogSource.packaged()).close();

        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
        assertThat(WalFiles.journalMode(snapshot())).as("the snapshot's mode").isEqualTo(mode.name().toLowerCase());
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                .isZero();
    }

    @Test
    void salesCommittedOnlyInAHotWalSurviveTheUpgradeAndAreInTheSnapshot() throws Exception {
        Path file = WalFiles.shopWithHotWal(dir.resolve("pos.db"), HOT_SALES);
        long fixtureSales = WalFiles.salesInMainFileAlone(file);
        assertThat(WalFiles.countInCopy(file, "SELECT COUNT(*) FROM sale"))
                .as("the sales are only in the -wal").isEqualTo(fixtureSales + HOT_SALES);

        boot(file, ChangelogSource.packaged()).close();

        assertThat(WalFiles.count(file, HOT_SALES_COUNT)).isEqualTo(HOT_SALES);
        assertThat(WalFiles.countInCopy(snapshot(), HOT_SALES_COUNT)).as("in the snapshot").isEqualTo(HOT_SALES);
        assertThat(WalFiles.journalMode(file)).isEqualTo("wal");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aShopReachedThroughASymbolicLinkKeepsItsSnapshotAndLockBesideTheFileSqliteOpens(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, HOT_SALES);
        }
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("pos.db"), file);

        boot(link, ChangelogSource.packaged()).close();

        try (Stream<Path> besideTheLink = Files.list(elsewhere)) {
            assertThat(besideTheLink).as("nothing of posdb's beside the link").containsExactly(link);
        }
        assertThat(Files.exists(file.resolveSibling("pos.db.lock"))).as("the lock beside the file").isTrue();
        long hotSales = mode == JournalMode.WAL ? HOT_SALES : 0;
        assertThat(WalFiles.countInCopy(snapshot(), HOT_SALES_COUNT)).as("the snapshot holds the -wal's sales")
                .isEqualTo(hotSales);
        assertThat(WalFiles.count(file, HOT_SALES_COUNT)).isEqualTo(hotSales);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aFailedUpgradeRestoresEveryCommittedSaleAndLeavesNoSideFileToReplay(JournalMode mode) throws Exception {
        Path file = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(dir.resolve("pos.db"), HOT_SALES)
                : WalFiles.shop(dir.resolve("pos.db"), mode);
        Path before = WalFiles.copyWithWal(file, Files.createDirectories(dir.resolve("before")).resolve("pos.db"));
        Map<String, List<String>> business = DatabaseContents.businessRows(before);
        Map<String, String> schema = DatabaseContents.schema(before);
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "9999-fails.yaml", FAILING_CHANGESET);

        assertThatThrownBy(() -> boot(file, ChangelogSource.file(changelog)))
                .isInstanceOf(PosDatabaseException.class).hasMessageContaining("9999-fails").hasMessageContaining("restored");

        assertThat(WalFiles.sideFiles(file)).as("no -wal, -shm or -journal of the failed upgrade").isEmpty();
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(business);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'DATABASECHANGELOG'"))
                .as("no trace of the upgrade").isZero();
    }

    /** Each failed attempt took a whole copy of the shop: kept beyond --keep-snapshots, they would fill a till's disk. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void repeatedFailedUpdatesKeepOnlyTheNewestSnapshotsAndTheLastOneHoldsTheShop(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Map<String, List<String>> business = DatabaseContents.businessRows(file);
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "9999-fails.yaml", FAILING_CHANGESET);
        int keep = PosDatabaseSettings.DEFAULT_KEEP_SNAPSHOTS;
        List<String> taken = new ArrayList<>();

        for (int attempt = 0; attempt < keep + 2; attempt++) {
            PosdbProcess.Result result = PosdbInProcess.run("update", "--db", file.toString(), "--changelog",
                    changelog.toString());
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            taken.add(snapshots().get(snapshots().size() - 1));
        }

        assertThat(snapshots()).as("the newest --keep-snapshots (default) of the attempts' snapshots")
                .containsExactlyElementsOf(taken.subList(taken.size() - keep, taken.size()));
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(business);
        assertThat(DatabaseContents.businessRows(dir.resolve(taken.get(taken.size() - 1)))).as("the last snapshot")
                .isEqualTo(business);
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
    }

    @Test
    void pruningNeverRemovesTheSnapshotAMarkerStillNames() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        Path named = file.resolveSibling("pos.db.20200101-000000-000.before-1.9.snapshot");
        Files.copy(file, named);
        Files.writeString(file.resolveSibling("pos.db.20200102-000000-000.before-1.9.snapshot"), "old");
        Files.writeString(file.resolveSibling("pos.db.upgrading"), named.getFileName().toString());

        new UpgradeSnapshots(SqliteDatabase.at(file)).prune(1);

        assertThat(snapshots()).containsExactly(named.getFileName().toString(),
                "pos.db.20200102-000000-000.before-1.9.snapshot");
    }

    /** The snapshots beside pos.db, oldest first. */
    private List<String> snapshots() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".snapshot")).sorted().toList();
        }
    }

    @Test
    void aReaderHoldingAReadTransactionCannotMakeTheSnapshotMissCommittedSales() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        long fixtureSales = WalFiles.count(file, "SELECT COUNT(*) FROM sale");
        try (Connection reader = LegacyDatabases.open(file); Connection till = LegacyDatabases.open(file)) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM sale").close(); // the read transaction starts here
            }
            WalFiles.commitSales(till, HOT_SALES);
            assertThat(WalFiles.salesInMainFileAlone(file)).as("the reader keeps the sales out of the main file")
                    .isEqualTo(fixtureSales);

            boot(file, ChangelogSource.packaged()).close();

            assertThat(WalFiles.countInCopy(snapshot(), HOT_SALES_COUNT)).isEqualTo(HOT_SALES);
            reader.rollback();
        }
        assertThat(WalFiles.count(file, HOT_SALES_COUNT)).isEqualTo(HOT_SALES);
    }

    @Tag("process")
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anInterruptedUpgradeIsNotRestoredUnderAnotherProcessThatHasTheFileOpen(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Path snapshot = file.resolveSibling("pos.db.20260101-000000-000.before-2.0.0.snapshot");
        Files.copy(file, snapshot);
        Files.writeString(file.resolveSibling("pos.db.upgrading"), snapshot.getFileName().toString());

        try (Connection other = LegacyDatabases.open(file)) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM sale").close(); // a read lock, as a till's report holds
            }
            PosdbProcess.Result refused = PosdbProcess.run(dir, "boot", "--db", file.toString());

            assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.LOCKED.exitCode());
            assertThat(refused.stderr()).contains(file.toString()).contains("is open in another process");
            other.rollback();
        }
        assertThat(file.resolveSibling("pos.db.upgrading")).as("the restore is still to do").exists();

        PosdbProcess.Result again = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains("Restored ");
    }

    private Path snapshot() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".snapshot")).findFirst().orElseThrow();
        }
    }

    private static BootResult boot(Path file, ChangelogSource changelog) throws PosDatabaseException {
        return new DatabaseBoot(SqliteDatabase.at(file),
                PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).keepSnapshots(3).allowNewerDatabase(false)
                .changelog(changelog).build()).boot();
    }
}
