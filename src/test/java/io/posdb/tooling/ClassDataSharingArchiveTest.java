package io.posdb.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.ToolProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive the build trains ({@code target/posdb.jsa}, issue 20: boot within 1.05x validate)
 * holds the up-to-date boot's own classes, not only those of a fresh database's boot: a till boots up to date nearly
 * every day, and each posdb class that path loads from the jar instead is parsed and linked again at every boot.
 * Counted from the JVM's class-loading log of {@code bin/posdb boot} on a file already booted once, not timed.
 */
@Tag("process")
class ClassDataSharingArchiveTest {

    /** "io.posdb.x.Y source: shared objects file (top)" or "... source: file:/.../posdb.jar". */
    private static final Pattern LOADED = Pattern.compile(" (io\\.posdb\\.\\S+) source: (.*)$");

    @TempDir
    Path dir;

    @Test
    void theUpToDateBootLoadsPosdbsOwnClassesFromTheArchive() throws Exception {
        assertThat(ToolProcess.ROOT.resolve("target/posdb.jsa")).as("trained by mvn package").exists();
        Path file = dir.resolve("pos.db");
        bootLogging(file, dir.resolve("first-boot.log"));
        Path upToDate = dir.resolve("up-to-date-boot.log");
        bootLogging(file, upToDate);

        List<String> fromTheJar = Files.readAllLines(upToDate, StandardCharsets.UTF_8).stream()
                .map(LOADED::matcher).filter(Matcher::find)
                .filter(loaded -> !loaded.group(2).startsWith("shared objects file"))
                .map(loaded -> loaded.group(1))
                // Made at run time (lambdas, Hibernate's proxies and instantiators): never in an archive. The
                // command line's classes implement picocli's, which is compiled for Java 5: the JVM archives neither.
                .filter(name -> !name.contains("$$Lambda") && !name.contains("$Hibernate") && !name.contains("$Proxy")
                        && !name.startsWith("io.posdb.cli."))
                .toList();

        assertThat(upToDate).as("the class-loading log").content().contains("source: shared objects file");
        assertThat(fromTheJar).as("posdb classes the up-to-date boot loaded from the jar, not from the archive")
                .isEmpty();
    }

    /** {@code bin/posdb boot --db file}, as a till starts, with the JVM's class-loading log written to {@code log}. */
    private void bootLogging(Path file, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", ToolProcess.ROOT.resolve("bin/posdb").toString(), "boot",
                "--db", file.toString()).redirectOutput(dir.resolve("posdb.out").toFile())
                .redirectError(dir.resolve("posdb.err").toFile());
        builder.environment().put("POSDB_JAVA_OPTS", "-Xlog:class+load:file=" + log);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("posdb.err"))).isZero();
    }
}
