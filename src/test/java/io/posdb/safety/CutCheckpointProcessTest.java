package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19 as a till meets it: {@code posdb boot}, a real process, on a WAL shop whose checkpoint was
 * cut short, with and without the marker of an interrupted upgrade. Exit 0, every committed sale there,
 * the journal mode kept. (In one JVM, with every command: CutCheckpointTest, CutCheckpointCommandsTest.)
 */
@Tag("process")
class CutCheckpointProcessTest {

    private static final int SALES = 3_000;
    private static final String SALES_COUNT = "SELECT COUNT(*) FROM sale";

    @TempDir
    Path dir;

    @Test
    void bootExitsZeroOnAShopWhoseCheckpointWasCutShortAndKeepsEverySale() throws Exception {
        Path file = WalFiles.shopWithCutCheckpoint(dir.resolve("pos.db"), SALES);
        long committed = WalFiles.countInCopy(file, SALES_COUNT);

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(boot.stderr()).contains("a checkpoint was cut short").doesNotContain("truncated");
        assertHealthy(file, committed);
    }

    @Test
    void bootRestoresAnInterruptedUpgradeWhoseFileWasLeftWithACutCheckpointThenExitsZero() throws Exception {
        Path file = dir.resolve("pos.db");
        long committed = WalFiles.countInCopy(WalFiles.interruptedUpgradeWithCutCheckpoint(file, SALES), SALES_COUNT);

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(boot.stderr()).contains("was interrupted; restoring").doesNotContain("truncated");
        assertHealthy(file, committed);
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
    }

    private static void assertHealthy(Path file, long committed) throws Exception {
        assertThat(WalFiles.count(file, SALES_COUNT)).isEqualTo(committed);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                .isZero();
        assertThat(WalFiles.journalMode(file)).isEqualTo("wal");
    }
}
