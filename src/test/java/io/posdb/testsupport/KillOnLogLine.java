package io.posdb.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Kills a posdb process with SIGKILL (no shutdown hook, no cleanup, like a power cut) the
 * moment its log shows a given line: the kill lands where that line is written, whatever the
 * machine's speed, never after a guessed sleep.
 */
public final class KillOnLogLine {

    private static final long POLL_MILLIS = 5;

    private KillOnLogLine() {
    }

    /** What the process logged (up to its death), and whether the trigger line came. */
    public record Outcome(boolean killed, int exitCode, String stderr) {
    }

    /** Starts {@code posdb args} in {@code workDir}, reading its stderr through a pipe, and kills it on {@code trigger}. */
    public static Outcome run(Path workDir, String trigger, String... args) throws IOException, InterruptedException {
        Process process = PosdbProcess.builder(workDir, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder stderr = new StringBuilder();
        boolean killed = false;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while (!killed && (line = lines.readLine()) != null) {
                stderr.append(line).append('\n');
                if (line.contains(trigger)) {
                    process.destroyForcibly(); // SIGKILL on Linux; it also closes our end of the pipes
                    killed = true;
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("posdb " + String.join(" ", args) + " did not end in 5 minutes");
        }
        return new Outcome(killed, process.exitValue(), stderr.toString());
    }

    /**
     * For a process already started with its stderr going to a file: waits for {@code line} in
     * that file, then kills; false when the process ended without logging it.
     */
    public static boolean kill(Process process, Path stderr, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean alive = process.isAlive();
            if (Files.exists(stderr) && Files.readString(stderr, StandardCharsets.UTF_8).contains(line)) {
                process.destroyForcibly();
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
