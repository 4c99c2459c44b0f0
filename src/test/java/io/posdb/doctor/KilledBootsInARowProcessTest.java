package io.posdb.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PrintedCommand;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A till whose service manager kills it when it does not start in time (systemd's TimeoutStartSec) and starts
 * it again never finishes an upgrade longer than that: each boot restores the snapshot and starts over. The
 * doctor tells that loop from one unlucky power cut: boots killed one after the other, at the same point of
 * the upgrade (kill -9 on its "Starting database migrations" line), are counted, the interrupted one included.
 */
@Tag("process")
class KilledBootsInARowProcessTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void bootsKilledOneAfterTheOtherAreNamedAsALoopThatOneUpdateByHandEnds(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        for (int boot = 1; boot <= 3; boot++) {
            KillOnLogLine.Outcome killed = KillOnLogLine.run(dir, "Starting database migrations", "boot", "--db",
                    file.toString());
            assertThat(killed.killed()).as("boot %d killed during its upgrade: %s", boot, killed.stderr()).isTrue();
        }

        PosdbProcess.Result looping = PosdbProcess.run(dir, "doctor", "--db", file.toString());

        assertThat(looping.stdout()).as(looping.stdout())
                .contains("  WARN last upgrade: the last 3 attempts were all killed before they ended, the newest the "
                        + "interrupted one above, started about ")
                .contains("next: stop the till, run posdb update --db '" + file + "' once by hand, start the till; or "
                        + "give the service a longer start timeout");

        // The update by hand, typed as printed: it names this file, not data/pos.db or POSDB_URL.
        String update = PrintedCommand.in(looping.stdout().substring(looping.stdout().indexOf("next: stop the till")));
        assertThat(PosdbProcess.run(dir, PrintedCommand.arguments(update)).exitCode()).isZero();
        PosdbProcess.Result after = PosdbProcess.run(dir, "doctor", "--db", file.toString());
        assertThat(after.stdout()).contains("  OK last upgrade: upgrade (no history) -> ").doesNotContain("killed before");
    }
}
