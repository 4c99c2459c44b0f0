package io.posdb.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.ToolProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/posdb} runs the jar the build made, which holds the changelog it was built from: after a developer adds
 * a changeset and forgets to rebuild, {@code posdb status} would answer "up to date" for the changelog without it.
 * The launcher says so, naming the newer file and the command that rebuilds; a jar newer than the sources is run
 * silently. Run on a copy of the launcher with the build's own jar, in a folder laid out as the repository is.
 */
@Tag("process")
class StaleJarIsSaidTest {

    @TempDir
    Path root;

    @Test
    void aJarOlderThanTheChangelogIsSaidWithTheFileAndTheRebuildCommand() throws Exception {
        Path changeset = layOut();
        Files.setLastModifiedTime(changeset, FileTime.from(Instant.now().plusSeconds(60)));

        Result run = posdbVersion();

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("target/posdb.jar is older than changelog/changes/0099-add-x.yaml")
                .contains("mvn -B -q package -DskipTests");
    }

    @Test
    void aJarNewerThanTheSourcesRunsWithoutAWord() throws Exception {
        Path changeset = layOut();
        Files.setLastModifiedTime(changeset, FileTime.from(Instant.now().minusSeconds(3600)));

        Result run = posdbVersion();

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("older than");
    }

    /** bin/posdb, target/posdb.jar (the build's), changelog/changes/0099-add-x.yaml and src/main: the repository's shape. */
    private Path layOut() throws Exception {
        Path launcher = Files.createDirectories(root.resolve("bin")).resolve("posdb");
        Files.copy(ToolProcess.ROOT.resolve("bin/posdb"), launcher);
        Path jar = Files.createDirectories(root.resolve("target")).resolve("posdb.jar");
        Files.copy(ToolProcess.ROOT.resolve("target/posdb.jar"), jar);
        Files.createDirectories(root.resolve("src/main"));
        Path changeset = Files.createDirectories(root.resolve("changelog/changes")).resolve("0099-add-x.yaml");
        Files.writeString(changeset, "databaseChangeLog: []\n");
        return changeset;
    }

    private record Result(int exitCode, String stderr) {
    }

    private Result posdbVersion() throws Exception {
        Path err = root.resolve("posdb.err");
        Process process = new ProcessBuilder("bash", root.resolve("bin/posdb").toString(), "--version")
                .redirectOutput(root.resolve("posdb.out").toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }
}
