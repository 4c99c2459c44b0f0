package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.ToolProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/new-changeset compiles the project before it generates (seconds), so that edited entities are read: a usage
 * error is said before that, by the classes already built. Shown with an {@code mvn} on the PATH that only records
 * that it ran: a bad NAME exits 2 without it, a good one still compiles first.
 */
@Tag("process")
class UsageErrorBeforeCompileTest {

    @TempDir
    Path dir;

    @Test
    void aNameStartingWithANumberIsAUsageErrorWithoutCompiling() throws Exception {
        Run run = newChangeset("0012-add-user-email");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("NAME '0012-add-user-email' starts with a number");
        assertThat(dir.resolve("mvn-ran")).as("Maven was not started").doesNotExist();
    }

    @Test
    void aGoodNameIsCompiledFirst() throws Exception {
        Run run = newChangeset("add-user-email");

        assertThat(dir.resolve("mvn-ran")).as("Maven compiled first: " + run.stderr()).exists();
        assertThat(run.exitCode()).as("the stand-in Maven fails, and the script stops there").isEqualTo(1);
    }

    private record Run(int exitCode, String stderr) {
    }

    /** bin/new-changeset NAME with a stand-in {@code mvn} that records that it ran and fails. */
    private Run newChangeset(String name) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\ntouch '" + dir.resolve("mvn-ran") + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("bash", ToolProcess.ROOT.resolve("bin/new-changeset").toString(), name)
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
