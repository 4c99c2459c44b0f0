package io.posdb.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code posdb} as a separate JVM, the way a till or a script runs it. Under {@code mvn verify} (failsafe sets
 * {@code posdb.test.jar}, after {@code package}) that is the shipped jar with the class-data archive the build trained,
 * as {@code bin/posdb} starts it: the archive halves each JVM's start-up, and the integration tests start hundreds.
 * Anywhere else (an IDE, surefire) it is the test run's classpath, the same classes the jar holds.
 */
public final class PosdbProcess {

    private PosdbProcess() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Process start(Path workDir, Path stdout, Path stderr, String... args) throws IOException {
        return start(workDir, Map.of(), stdout, stderr, args);
    }

    /** As {@link #start(Path, Path, Path, String...)}, with these variables added to the environment. */
    public static Process start(Path workDir, Map<String, String> environment, Path stdout, Path stderr,
                                String... args) throws IOException {
        ProcessBuilder builder = builder(workDir, args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The command line of {@code posdb args}, run in {@code workDir}, output not yet redirected. */
    public static ProcessBuilder builder(Path workDir, String... args) {
        InProcessOnly.refuse("starts posdb as a process", "process");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Short runs, many at once on 2 cores: C1 alone and the serial collector, as surefire's JVMs (pom.xml).
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        String jar = System.getProperty("posdb.test.jar", "");
        if (!jar.isEmpty() && Files.isRegularFile(Path.of(jar))) {
            Path archive = Path.of(jar).resolveSibling("posdb.jsa");
            if (Files.isRegularFile(archive)) {
                // bin/posdb's options: a JVM that cannot use the archive starts without it, silently.
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off"));
            }
            command.addAll(List.of("-cp", jar));
        } else {
            // The test classpath holds logback-test.xml (warnings only): a real posdb logs with its own.
            command.addAll(List.of("-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path")));
        }
        command.add("io.posdb.cli.PosdbCommand");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    /**
     * Waits until {@code process} has logged a line containing {@code text} to {@code stderr} (its
     * redirected file): tests trigger on what the process reports, never on a sleep. Fails when the
     * process ends first; the 5-minute limit only stops a hung test.
     */
    public static void awaitLine(Process process, Path stderr, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(stderr, StandardCharsets.UTF_8).contains(text)) {
            if (!process.isAlive() && !Files.readString(stderr, StandardCharsets.UTF_8).contains(text)) {
                throw new IllegalStateException("posdb ended (exit " + process.exitValue() + ") before logging '"
                        + text + "':\n" + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("posdb did not log '" + text + "' in 5 minutes");
            }
            Thread.sleep(10);
        }
    }

    public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, Map.of(), args);
    }

    public static Result run(Path workDir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = start(workDir, environment, stdout, stderr, args);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("posdb " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }
}
