package io.posdb.upgrade.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.report.UpgradeRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The line a process stopped mid-work says names what restores the file: a boot after an upgrade; after a rollback or
 * a downgrade, the next posdb command that writes, as the doctor words their markers. The process itself is
 * {@code StoppedUpgradeProcessTest}'s (a stopped upgrade, SIGTERM triggered by a log line).
 */
class StoppedUpgradesTest {

    private final Path file = Path.of("/shop/pos.db");
    private final Path snapshot = Path.of("/shop/pos.db.before-rollback-1");

    @Test
    void aStoppedUpgradeSaysTheNextBootRestoresTheFile() {
        assertThat(StoppedUpgrades.line(file, UpgradeRun.UPGRADE, snapshot)).isEqualTo("posdb: stopped during the "
                + "upgrade of " + file + "; the next boot restores the file from " + snapshot.getFileName());
    }

    @Test
    void aStoppedRollbackOrDowngradeSaysTheNextCommandThatWritesRestoresTheFile() {
        for (String operation : new String[] {UpgradeRun.ROLLBACK, UpgradeRun.DOWNGRADE}) {
            assertThat(StoppedUpgrades.line(file, operation, snapshot)).isEqualTo("posdb: stopped during the "
                    + operation + " of " + file + "; the next posdb command that writes restores the file from "
                    + snapshot.getFileName());
        }
    }
}
