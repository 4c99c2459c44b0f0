package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19 §1: a WAL file whose checkpoint was cut short (the main file shorter than its header
 * says, the {@code -wal} holding every committed page) is a healthy database: SQLite reads it, and
 * posdb must not refuse it as truncated. Built deterministically by {@link WalFiles#cutCheckpointShort},
 * which writes the bytes SQLite's checkpoint writes, up to a page half way through.
 */
@ExtendWith(QuietLogs.class)
class CutCheckpointTest {

    /** Enough sales that the WAL holds pages past the main file's end. */
    private static final int SALES = 3_000;
    private static final String SALES_COUNT = "SELECT COUNT(*) FROM sale";

    @TempDir
    Path dir;

    @Test
    void theStateIsWhatACutCheckpointLeavesAndSqliteReadsItWhole() throws Exception {
        Path file = WalFiles.shopWithCutCheckpoint(dir.resolve("pos.db"), SALES);

        assertThat(Files.size(file)).as("the main file is shorter than its header declares")
                .isLessThan(declaredPages(file) * pageSize(file));
        assertThat(WalFiles.countInCopy(file, SALES_COUNT)).isEqualTo(salesInFixture() + SALES);
        assertThat(WalFiles.countInCopy(file, "SELECT COUNT(*) FROM pragma_quick_check WHERE quick_check <> 'ok'"))
                .isZero();
    }

    @Test
    void aLegacyShopLeftWithACutCheckpointUpgradesAndKeepsEverySale() throws Exception {
        Path file = WalFiles.shopWithCutCheckpoint(dir.resolve("pos.db"), SALES);
        long committed = WalFiles.countInCopy(file, SALES_COUNT);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        PosDatabaseChecks.requireExisting(settings);
        try (CapturedLogs logs = new CapturedLogs(); PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isNotEmpty();
            assertThat(logs.messages()).anyMatch(m -> m.contains("a checkpoint was cut short"));
        }

        assertHealthyWithEverySale(file, committed);
    }

    @Test
    void anUpToDateShopLeftWithACutCheckpointBootsAndKeepsEverySale() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.boot(settings).close();
        WalFiles.cutCheckpointShort(WalFiles.commitToWalOnly(file, SALES));
        long committed = WalFiles.countInCopy(file, SALES_COUNT);

        PosDatabaseChecks.requireExisting(settings);
        PosDatabaseChecks.plan(settings);
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
            Long salesSeenByHibernate = db.sessionFactory().fromSession(session ->
                    session.createQuery("select count(s) from Sale s", Long.class).getSingleResult());
            assertThat(salesSeenByHibernate).isEqualTo(committed);
        }

        assertHealthyWithEverySale(file, committed);
    }

    @Test
    void anInterruptedUpgradeWhoseFileWasLeftWithACutCheckpointIsRestoredFirstThenUpgraded() throws Exception {
        Path file = dir.resolve("pos.db");
        Path snapshot = WalFiles.interruptedUpgradeWithCutCheckpoint(file, SALES);
        long committed = WalFiles.countInCopy(snapshot, SALES_COUNT);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        PosDatabaseChecks.requireExisting(settings);
        try (CapturedLogs logs = new CapturedLogs(); PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isNotEmpty();
            assertThat(logs.messages()).anyMatch(m -> m.contains("was interrupted; restoring"));
        }

        assertHealthyWithEverySale(file, committed);
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
    }

    @Test
    void aFileTruncatedWithoutAWalIsStillRefusedAsTruncated() throws Exception {
        Path file = WalFiles.shopWithCutCheckpoint(dir.resolve("pos.db"), SALES);
        Files.delete(file.resolveSibling("pos.db-wal"));

        assertRefusedAsUnusable(file, "it is truncated");
    }

    @Test
    void aWalThatDoesNotHoldTheMissingPagesIsRefusedWithSqlitesWords() throws Exception {
        Path file = WalFiles.shopWithCutCheckpoint(dir.resolve("pos.db"), SALES);
        Path wal = file.resolveSibling("pos.db-wal");
        try (InputStream in = Files.newInputStream(wal)) {
            byte[] header = in.readNBytes(32);
            Files.write(wal, header); // a WAL header and no frame: the pages past the main file's end are nowhere
        }

        assertRefusedAsUnusable(file, "SQLite cannot read it with its -wal");
    }

    private static void assertRefusedAsUnusable(Path file, String why) {
        assertThatThrownBy(() -> PosDatabaseChecks.requireExisting(PosDatabaseSettings.sqlite(file).build()))
                .isInstanceOf(PosDatabaseException.class).hasMessageContaining(file.toString()).hasMessageContaining(why)
                .satisfies(e -> assertThat(((PosDatabaseException) e).kind()).isEqualTo(BootFailure.UNUSABLE_DATABASE));
    }

    private static void assertHealthyWithEverySale(Path file, long committed) throws Exception {
        assertThat(WalFiles.count(file, SALES_COUNT)).isEqualTo(committed);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                .isZero();
        assertThat(WalFiles.journalMode(file)).isEqualTo("wal");
    }

    private static long salesInFixture() throws Exception {
        Path scratch = Files.createTempDirectory("fixture");
        try {
            return WalFiles.count(LegacyDatabases.shop(scratch.resolve("f.db")), SALES_COUNT);
        } finally {
            WalFiles.deleteWithSideFiles(scratch.resolve("f.db"));
            Files.delete(scratch);
        }
    }

    private static long declaredPages(Path file) throws Exception {
        return Integer.toUnsignedLong(header(file).getInt(28));
    }

    private static long pageSize(Path file) throws Exception {
        return Short.toUnsignedInt(header(file).getShort(16));
    }

    private static ByteBuffer header(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return ByteBuffer.wrap(in.readNBytes(100));
        }
    }
}
