package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeProgress;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A thread interrupted during its upgrade (a Future cancelled, a framework shutting down while the till starts):
 * what the upgrade reports is what the file holds. The interrupt used to close the file channel of the envelope's
 * last step, the marker's removal once the upgrade stood: the upgrade was reported failed and "restored at the next
 * boot", while the file was upgraded, its run recorded applied and no marker left to restore from. The envelope's
 * file steps now end whatever the interrupt, and the interrupt is left set for the caller.
 */
@ExtendWith(QuietLogs.class)
class InterruptedUpgradeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpgradeInterruptedAfterItsLastChangesetReportsWhatTheFileHolds(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3);
        }
        long sales = WalFiles.count(file, "SELECT COUNT(*) FROM sale");
        List<String> planned = new ArrayList<>();
        UpgradeProgress interruptAtTheEnd = new UpgradeProgress() {
            @Override
            public void plan(String operation, List<String> changesets) {
                planned.addAll(changesets);
            }

            @Override
            public void changesetFinished(String changesetId, String outcome, long durationMillis) {
                if (changesetId.equals(planned.get(planned.size() - 1))) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        PosDatabaseException failure = null;
        try {
            PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).progress(interruptAtTheEnd).build());
        } catch (PosDatabaseException e) {
            failure = e;
        }
        boolean interruptLeftSet = Thread.interrupted();

        assertThat(planned).as("the upgrade's plan").isNotEmpty();
        assertThat(file.resolveSibling("pos.db.upgrading")).as("no marker: nothing left to restore").doesNotExist();
        long stillPending = WalFiles.count(file, "SELECT COUNT(*) FROM DATABASECHANGELOG");
        if (failure == null) {
            assertThat(interruptLeftSet).as("the interrupt, left for the caller").isTrue();
            assertThat(stillPending).as("every planned changeset applied").isGreaterThanOrEqualTo(planned.size());
        } else {
            assertThat(failure.getMessage()).as("a failure says the file was restored, and it was")
                    .doesNotContain("the next boot retries the restore").contains("restored");
            assertThat(Files.exists(file)).isTrue();
            assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'DATABASECHANGELOG'"))
                    .as("the legacy file as it was").isZero();
        }
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).as("the sales").isEqualTo(sales);
    }
}
