package io.posdb.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code posdb} as a separate JVM and kills it with SIGKILL (no shutdown hook, no
 * cleanup, like a power cut) the moment its log shows a given line: the kill lands where
 * that line is written, whatever the machine's speed, never after a guessed sleep.
 */
public final class KillOnLogLine {

    private KillOnLogLine() {
    }

    /** What the process logged (up to its death), and whether the trigger line came. */
    public record Outcome(boolean killed, int exitCode, String stderr) {
    }

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
}
