package io.posdb.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Kills a posdb process with SIGKILL as soon as its log (stderr) shows a line: the kill is
 * placed by what the process is doing, not by a sleep, so it lands inside the named step.
 */
public final class KillOnLogLine {

    private static final long POLL_MILLIS = 5;

    private KillOnLogLine() {
    }

    /** Waits for {@code line} in {@code stderr}, then kills; false when the process ended without logging it. */
    public static boolean kill(Process process, Path stderr, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean alive = process.isAlive();
            if (Files.exists(stderr) && Files.readString(stderr, StandardCharsets.UTF_8).contains(line)) {
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                process.waitFor(30, TimeUnit.SECONDS);
                return alive;
            }
            if (!alive) {
                return false;
            }
            Thread.sleep(POLL_MILLIS); // polling the log, not timing the kill
        }
        process.destroyForcibly();
        throw new IllegalStateException("no line '" + line + "' in " + stderr + " within 5 minutes");
    }
}
