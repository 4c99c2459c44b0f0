package io.posdb.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's developer tools as real processes, the way a developer or a script
 * runs them: {@code bin/liquibase} (Liquibase's own CLI) from any folder, and Maven from the
 * repository root with the same Maven, local repository and offline mode as the build that
 * runs the tests (surefire passes them as {@code posdb.test.maven.*}).
 */
public final class ToolProcess {

    /** The repository root: surefire's working directory and {@code basedir}. */
    public static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    /** Only a guard against a hung process; no test depends on how long a run takes. */
    private static final long TIMEOUT_MINUTES = 10;

    private ToolProcess() {
    }

    /** Exit code and everything the process wrote (stdout and stderr interleaved). */
    public record Run(int exitCode, String output) {
    }

    /** {@code bin/liquibase ARGS...}, started in {@code workDir}; output is kept in a file there. */
    public static Run liquibase(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/liquibase").toString()));
        command.addAll(List.of(args));
        return run(workDir, workDir, command);
    }

    /** {@code mvn -B -q ARGS...} from the repository root; output is kept in a file in {@code logDir}. */
    public static Run maven(Path logDir, String... args) throws IOException, InterruptedException {
        return maven(logDir, true, args);
    }

    /** As {@link #maven(Path, String...)}; {@code quiet=false} keeps Maven's INFO lines, as a developer sees them. */
    public static Run maven(Path logDir, boolean quiet, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-ntp"));
        if (quiet) {
            command.add("-q");
        }
        if ("offline=true".equals(System.getProperty("posdb.test.maven.offline"))) {
            command.add("-o");
        }
        String localRepository = System.getProperty("posdb.test.maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.addAll(List.of(args));
        return run(logDir, ROOT, command);
    }

    /**
     * {@code java MAIN ARGS...} from the repository root on the project's classes and runtime classpath
     * ({@code target/classpath.txt}): a build step as exec-maven-plugin runs it, with the JVM's own logging set-up.
     */
    public static Run java(Path logDir, String mainClass, String... args) throws IOException, InterruptedException {
        String classpath = ROOT.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(ROOT.resolve("target/classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dliquibase.analytics.enabled=false", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return run(logDir, ROOT, command);
    }

    private static String mavenExecutable() {
        String home = System.getProperty("posdb.test.maven.home");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static Run run(Path logDir, Path workDir, List<String> command) throws IOException, InterruptedException {
        InProcessOnly.refuse("runs " + command.get(0) + " as a process", "process");
        Path log = Files.createTempFile(logDir, "tool", ".log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                    + TIMEOUT_MINUTES + " minutes; output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
