package io.posdb.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.CapturedConsole;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.ToolProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The README's test command on a developer's machine without root and without password-less
 * sudo: {@code source scripts/postgres-for-tests.sh && mvn …} still runs (the SQLite suite),
 * saying loudly that the PostgreSQL tests are skipped; under {@code CI=true} it stops instead.
 * The script runs as a real process whose PATH holds only stubs: {@code id} says uid 1000,
 * {@code sudo} wants a password (or is missing), and every tool that could reach the machine's
 * PostgreSQL (apt-get, pg_*, runuser, psql) is a tripwire that records its call and fails. The
 * real server and its password are never touched, whoever runs the tests.
 */
class PostgresForTestsWithoutRootTest {

    /** The README's command, with Maven replaced by what shows whether it would run, and with what. */
    private static final String README_COMMAND =
            "source scripts/postgres-for-tests.sh && echo \"mvn runs; POSDB_TEST_PG_URL=${POSDB_TEST_PG_URL-unset}\"";
    private static final List<String> TRIPWIRES = List.of("apt-get", "pg_lsclusters", "pg_createcluster",
            "pg_ctlcluster", "runuser", "psql", "ls", "awk", "grep", "head", "od", "tr");

    @TempDir
    Path dir;

    @Test
    void withoutRootOrSudoTheCommandRunsTheSuiteAndWarnsThatPostgresqlIsSkipped() throws Exception {
        for (boolean sudoWantsAPassword : List.of(false, true)) {
            Run run = readmeCommand(sudoWantsAPassword, false);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("postgres-for-tests: WARNING: no PostgreSQL server for the tests: "
                    + "not root and no password-less sudo", "the PostgreSQL tests will be SKIPPED",
                    "mvn runs; POSDB_TEST_PG_URL=unset");
            assertThat(run.tripped()).as("tools the script must not reach").isEmpty();
        }
    }

    @Test
    void underCiTheSameMachineFailsTheCommand() throws Exception {
        for (boolean sudoWantsAPassword : List.of(false, true)) {
            Run run = readmeCommand(sudoWantsAPassword, true);

            assertThat(run.exitCode()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("postgres-for-tests: ERROR: not root and no password-less sudo "
                    + "(CI=true: the PostgreSQL tests must run)").doesNotContain("mvn runs");
            assertThat(run.tripped()).as("tools the script must not reach").isEmpty();
        }
    }

    @Test
    void thenThePostgresqlTestsSkipLoudlyAndUnderCiFail() {
        try (CapturedConsole stderr = CapturedConsole.stderr()) {
            assertThatThrownBy(() -> PostgresServer.requireConfigured(Map.of()))
                    .isInstanceOf(TestAbortedException.class);
            assertThat(stderr.text()).contains("WARNING: SKIPPING POSTGRESQL TESTS");
        }
        assertThatThrownBy(() -> PostgresServer.requireConfigured(Map.of("CI", "true")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CI must not skip the PostgreSQL tests");
    }

    private record Run(int exitCode, String output, String tripped) {
    }

    private Run readmeCommand(boolean sudoWantsAPassword, boolean ci) throws Exception {
        Path bin = Files.createDirectories(dir.resolve((sudoWantsAPassword ? "sudo" : "no-sudo") + (ci ? "-ci" : "")));
        Path tripped = bin.resolve("tripped.log");
        stub(bin, "id", "if [ \"$1\" = -u ]; then echo 1000; else echo 'uid=1000(dev) gid=1000(dev) groups=1000(dev)'; fi");
        if (sudoWantsAPassword) {
            stub(bin, "sudo", "echo 'sudo: a password is required' >&2; exit 1");
        }
        for (String tool : TRIPWIRES) {
            stub(bin, tool, "echo \"" + tool + " $*\" >> '" + tripped + "'; exit 1");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", README_COMMAND)
                .directory(ToolProcess.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().clear(); // no POSDB_TEST_PG_* nor CI from the run that runs this test
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("HOME", dir.toString());
        if (ci) {
            builder.environment().put("CI", "true");
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the script finished").isTrue();
        return new Run(process.exitValue(), output, Files.exists(tripped) ? Files.readString(tripped) : "");
    }

    private static void stub(Path bin, String name, String body) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
