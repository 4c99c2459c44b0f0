package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehearsal's private copy of the shop in the temporary folder (as large as the shop) does not outlive its
 * process: stopped (SIGTERM, as {@code systemctl stop} does), the process deletes it on the way out; killed
 * (SIGKILL, nothing runs), the doctor names it and the next rehearsal removes it; and a live rehearsal's
 * copy is never taken by another process, even one frozen (SIGSTOP) in the middle of its work. Each process
 * gets a temporary folder of the test's own ({@code -Djava.io.tmpdir}), so what is found there is theirs.
 */
@Tag("process")
class StoppedAndKilledCopiesProcessTest {

    private static final String COPY_MADE = " on a copy: ";

    @TempDir
    Path dir;

    @Test
    void aRehearsalStoppedWithSigtermDeletesItsCopyOnTheWayOut() throws Exception {
        Path shop = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        Path temporary = Files.createDirectories(dir.resolve("tmp"));
        Path stderr = dir.resolve("rehearse.err");
        Process rehearsal = PosdbProcess.start(dir, environment(temporary), dir.resolve("rehearse.out"), stderr,
                "rehearse", "--db", shop.toString());

        PosdbProcess.awaitLine(rehearsal, stderr, COPY_MADE);
        assertThat(copies(temporary)).as("the copy exists while the rehearsal runs").hasSize(1);
        rehearsal.destroy(); // SIGTERM
        assertThat(rehearsal.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(rehearsal.exitValue()).as("stopped by the signal, not finished: " + log(stderr)).isEqualTo(143);
        assertThat(copies(temporary)).isEmpty();
    }

    @Test
    void aCopyAKilledRehearsalLeftIsNamedByTheDoctorAndRemovedByTheNextRehearsal() throws Exception {
        Path shop = WalFiles.shop(dir.resolve("pos.db"), JournalMode.DELETE);
        Path temporary = Files.createDirectories(dir.resolve("tmp"));
        Path stderr = dir.resolve("killed.err");
        Process killed = PosdbProcess.start(dir, environment(temporary), dir.resolve("killed.out"), stderr,
                "rehearse", "--db", shop.toString());
        assertThat(KillOnLogLine.kill(killed, stderr, COPY_MADE)).as("killed while rehearsing").isTrue();
        List<Path> left = copies(temporary);
        assertThat(left).hasSize(1);

        PosdbProcess.Result doctor = PosdbProcess.run(dir, environment(temporary), "doctor", "--db", shop.toString());
        assertThat(doctor.stdout()).contains("  WARN temporary copies: 1 copy of this shop killed posdb processes left in")
                .contains("next: rm -rf '" + left.get(0) + "'");

        PosdbProcess.Result next = PosdbProcess.run(dir, environment(temporary), "rehearse", "--db", shop.toString());
        assertThat(next.exitCode()).as(next.stderr()).isZero();
        assertThat(next.stderr()).contains("Removed " + left.get(0) + " (");
        assertThat(copies(temporary)).isEmpty();
    }

    @Test
    void aLiveRehearsalsCopyIsNotTakenByAnotherProcessEvenWhileItIsFrozen() throws Exception {
        Path shop = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        Path other = WalFiles.shop(Files.createDirectories(dir.resolve("other")).resolve("pos.db"), JournalMode.WAL);
        Path temporary = Files.createDirectories(dir.resolve("tmp"));
        Path stderr = dir.resolve("frozen.err");
        Process frozen = PosdbProcess.start(dir, environment(temporary), dir.resolve("frozen.out"), stderr,
                "rehearse", "--db", shop.toString());
        PosdbProcess.awaitLine(frozen, stderr, COPY_MADE);
        signal("-STOP", frozen);
        try {
            List<Path> itsCopy = copies(temporary);
            assertThat(itsCopy).hasSize(1);

            PosdbProcess.Result second = PosdbProcess.run(dir, environment(temporary), "rehearse", "--db", other.toString());

            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(copies(temporary)).as("the frozen rehearsal's copy is still there").isEqualTo(itsCopy);
        } finally {
            signal("-CONT", frozen);
        }
        assertThat(frozen.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(frozen.exitValue()).as(log(stderr)).isZero();
        assertThat(copies(temporary)).isEmpty();
    }

    private static Map<String, String> environment(Path temporary) {
        return Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temporary);
    }

    private static List<Path> copies(Path temporary) throws Exception {
        try (Stream<Path> entries = Files.list(temporary)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("posdb-rehearsal-")).sorted().toList();
        }
    }

    private static void signal(String signal, Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static String log(Path stderr) throws Exception {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
