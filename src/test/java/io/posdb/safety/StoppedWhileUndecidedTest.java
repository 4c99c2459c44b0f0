package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.ProvisionalUpgrade;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process stopped with SIGTERM while its upgrade waits for the application's decision ({@link
 * PosDatabase#upgradeProvisionally}: a Spring Boot till stopped between posdb's upgrade and JPA's validation). Spring
 * does not end the startup at once: it interrupts it and closes the context once the startup gives way, so the
 * startup may still confirm (or close) the upgrade after posdb's stop line was said. The line must stay true: the
 * stop leaves the upgrade to the next boot, which restores the file, whatever the startup does afterwards.
 */
@Tag("process")
@ExtendWith(QuietLogs.class) // the recovering upgrade says at WARN that it restores the stopped one
class StoppedWhileUndecidedTest {

    static final String UNDECIDED = "upgrade applied, waiting for the application's decision";
    static final String STOPPED = "posdb: stopped during the upgrade of ";
    static final String CONFIRM_REFUSED = "the startup's confirm after the stop: ";

    @TempDir
    Path dir;

    @Test
    void aConfirmAfterTheStopLineIsRefusedAndTheNextBootRestoresTheFileAsTheLineSays() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        Path stderr = dir.resolve("starting.err");
        Process starting = startingApplication(file, stderr);

        PosdbProcess.awaitLine(starting, stderr, UNDECIDED);
        starting.destroy(); // SIGTERM
        assertThat(starting.waitFor(2, TimeUnit.MINUTES)).isTrue();

        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(starting.exitValue()).as(log).isEqualTo(143);
        assertThat(log.lines().filter(line -> line.startsWith(STOPPED)).toList()).as(log).singleElement()
                .satisfies(line -> assertThat(line).contains("the next boot restores the file from"));
        assertThat(log).contains(CONFIRM_REFUSED + "The process is stopping: the upgrade of " + file
                + " is left undecided, and the next boot restores the file from its snapshot");
        assertThat(file.resolveSibling(file.getFileName() + ".upgrading")).as("the upgrade's marker, as the line says")
                .exists();

        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);

        assertThat(PosDatabaseChecks.runs(settings)).extracting(UpgradeRun::outcome)
                .containsExactlyInAnyOrder(UpgradeRun.KILLED_RESTORED, UpgradeRun.APPLIED);
    }

    private static Process startingApplication(Path file, Path stderr) throws Exception {
        InProcessOnly.refuse("starts an upgrade in a process of its own", "process");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartingApplication.class.getName(), file.toString());
        // In the database's folder, as a till is (see KilledWhileUndecidedTest).
        return new ProcessBuilder(command).directory(file.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(stderr.toFile()).start();
    }

    /**
     * An application starting on the undecided upgrade, as a Spring Boot till is while JPA validates. At the stop its
     * startup goes on and confirms, the way Spring's close lets it, here once posdb's stop line is out (the
     * ordering that made the line untrue), and then closes it, as Spring closes the failed context.
     */
    public static final class StartingApplication {

        public static void main(String[] args) throws Exception {
            CountDownLatch stopLineSaid = new CountDownLatch(1);
            PrintStream stderr = System.err;
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8) {
                @Override
                public void println(String line) {
                    super.println(line);
                    if (line.startsWith(STOPPED)) {
                        stopLineSaid.countDown();
                    }
                }
            });
            ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(PosDatabaseSettings.sqlite(Path.of(args[0])).build());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stopLineSaid.await(1, TimeUnit.MINUTES);
                    upgrade.confirm();
                    stderr.println("the startup confirmed the upgrade after the stop");
                } catch (Exception e) {
                    stderr.println(CONFIRM_REFUSED + e.getMessage());
                }
                upgrade.close();
                stderr.flush();
            }, "startup-going-on"));
            stderr.println(UNDECIDED + ": " + upgrade.applied().size() + " changeset(s)");
            stderr.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
