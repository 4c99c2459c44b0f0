package io.posdb.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.CapturedConsole;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.ToolProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The README's test command, {@code source scripts/postgres-for-tests.sh && mvn …}, run as a real
 * process whose PATH holds only stubs that record every call, so the machine's real PostgreSQL
 * and its passwords are never reached, whoever runs the tests.
 * <p>On a developer's machine without PostgreSQL, root or password-less sudo the command still
 * runs (the SQLite suite), saying loudly that the PostgreSQL tests are skipped; under
 * {@code CI=true} it stops instead. {@code id} says uid 1000, {@code sudo} wants a password (or is
 * missing), and every tool that could reach a PostgreSQL server is a tripwire that fails.
 * <p>As root with PostgreSQL installed, the tests get a cluster of their own (initdb into the
 * script's folder, run as the postgres user) and the packaged cluster is never touched: no
 * pg_ctlcluster, pg_createcluster, psql, no ALTER USER/ROLE, nothing on port 5432; a cluster it
 * made earlier is reused as it is, and a data folder it did not make is left alone.
 */
class PostgresForTestsWithoutRootTest {

    /** The README's command, with Maven replaced by what shows whether it would run, and with what. */
    private static final String README_COMMAND =
            "source scripts/postgres-for-tests.sh && echo \"mvn runs; POSDB_TEST_PG_URL=${POSDB_TEST_PG_URL-unset}\"";
    private static final List<String> TRIPWIRES = List.of("apt-get", "pg_lsclusters", "pg_createcluster",
            "pg_ctlcluster", "runuser", "psql", "ls", "awk", "grep", "head", "od", "tr", "mkdir", "chown", "chmod",
            "rm");
    /** Tools the script must never run as root with PostgreSQL installed: each would reach the packaged cluster. */
    private static final List<String> NEVER_AS_ROOT = List.of("apt-get", "pg_lsclusters", "pg_createcluster",
            "pg_ctlcluster", "psql", "sudo", "rm");
    /** The command with Maven replaced by what the tests would be given. */
    private static final String EXPORTS = "source scripts/postgres-for-tests.sh && echo \"url=$POSDB_TEST_PG_URL "
            + "user=$POSDB_TEST_PG_USER password=$POSDB_TEST_PG_PASSWORD\"";

    @TempDir
    Path dir;

    @Tag("process")
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

    @Tag("process")
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
        InProcessOnly.refuse("runs bash as a process", "process");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", README_COMMAND)
                .directory(ToolProcess.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().clear(); // no POSDB_TEST_PG_* nor CI from the run that runs this test
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("HOME", dir.toString());
        // No PostgreSQL installed (the machine running this test may have one) and the cluster
        // folder in the test's own folder.
        builder.environment().put("POSDB_TEST_PG_PACKAGES", Files.createDirectories(dir.resolve("no-packages")).toString());
        builder.environment().put("POSDB_TEST_PG_DIR", dir.resolve("cluster").toString());
        if (ci) {
            builder.environment().put("CI", "true");
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the script finished").isTrue();
        return new Run(process.exitValue(), output, Files.exists(tripped) ? Files.readString(tripped) : "");
    }

    @Tag("process")
    @Test
    void asRootWithPostgresqlInstalledTheTestsGetTheirOwnClusterAndThePackagedOneIsNeverTouched() throws Exception {
        Path cluster = dir.resolve("cluster");
        Root root = asRoot(false);

        Run run = root.run(EXPORTS);

        assertThat(run.exitCode()).as(run.output()).isZero();
        String password = Files.readString(cluster.resolve("password")).strip();
        assertThat(password).startsWith("posdb-").hasSizeGreaterThan(20);
        assertThat(run.output()).containsPattern("url=jdbc:postgresql://localhost:550\\d\\d/postgres user=posdb_tests "
                + "password=" + password + "\n");
        assertThat(root.calls()).contains(
                "runuser -u postgres -- " + root.packages() + "/15/bin/initdb -D " + cluster.resolve("data")
                        + " -U posdb_tests --pwfile=" + cluster.resolve("password") + " -A scram-sha-256",
                "runuser -u postgres -- " + root.packages() + "/15/bin/pg_ctl -D " + cluster.resolve("data") + " -l "
                        + cluster.resolve("server.log") + " -w -t 60 -o -p 550");
        assertThat(Files.readString(cluster.resolve("data/postgresql.conf")))
                .contains("listen_addresses = 'localhost'", "unix_socket_directories = '" + cluster + "'");
        root.assertThePackagedClusterIsNeverTouched(cluster);
    }

    @Tag("process")
    @Test
    void aClusterTheScriptMadeIsReusedAsItIsWithoutSettingAnyPassword() throws Exception {
        Path cluster = dir.resolve("cluster");
        Files.createDirectories(cluster.resolve("data"));
        Files.writeString(cluster.resolve("data/PG_VERSION"), "15\n");
        Files.writeString(cluster.resolve("data/postmaster.pid"), "4242\n" + cluster.resolve("data") + "\n1700000000\n55007\n");
        Files.writeString(cluster.resolve("password"), "posdb-made-earlier\n");
        Root root = asRoot(true);

        Run run = root.run(EXPORTS);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("url=jdbc:postgresql://localhost:55007/postgres user=posdb_tests "
                + "password=posdb-made-earlier\n");
        assertThat(root.calls()).doesNotContain("initdb", " start").contains("pg_ctl -D " + cluster.resolve("data") + " status");
        assertThat(Files.readString(cluster.resolve("password"))).isEqualTo("posdb-made-earlier\n");
        root.assertThePackagedClusterIsNeverTouched(cluster);
    }

    @Tag("process")
    @Test
    void aDataFolderTheScriptDidNotMakeIsLeftAlone() throws Exception {
        Path cluster = dir.resolve("cluster");
        Files.createDirectories(cluster.resolve("data"));
        Files.writeString(cluster.resolve("data/PG_VERSION"), "15\n"); // someone's cluster: no password file of ours
        Root root = asRoot(false);

        Run run = root.run(EXPORTS);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("postgres-for-tests: WARNING: no PostgreSQL server for the tests: "
                + cluster.resolve("data") + " exists but is not a cluster this script made");
        assertThat(root.calls()).doesNotContain("initdb", "pg_ctl", "mkdir", "chown", "chmod");
        assertThat(Files.readString(cluster.resolve("data/PG_VERSION"))).isEqualTo("15\n");
        assertThat(cluster.resolve("password")).doesNotExist();
        root.assertThePackagedClusterIsNeverTouched(cluster);
    }

    /** A root shell on a machine with PostgreSQL 15 installed the Debian way; every tool records its call. */
    private record Root(Path bin, Path packages, Path cluster) {

        String calls() throws Exception {
            Path log = bin.resolve("calls.log");
            return Files.exists(log) ? Files.readString(log) : "";
        }

        Run run(String command) throws Exception {
            InProcessOnly.refuse("runs bash as a process", "process");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command)
                    .directory(ToolProcess.ROOT.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().put("PATH", bin.toString());
            builder.environment().put("HOME", bin.getParent().toString());
            builder.environment().put("POSDB_TEST_PG_PACKAGES", packages.toString());
            builder.environment().put("POSDB_TEST_PG_DIR", cluster.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("the script finished").isTrue();
            return new Run(process.exitValue(), output, calls());
        }

        void assertThePackagedClusterIsNeverTouched(Path ownFolder) throws Exception {
            List<String> calls = calls().lines().toList();
            assertThat(calls).as("every call").isNotEmpty();
            assertThat(calls).noneMatch(call -> NEVER_AS_ROOT.contains(call.split(" ")[0]))
                    .noneMatch(call -> call.toUpperCase(java.util.Locale.ROOT).contains("ALTER"))
                    .noneMatch(call -> call.matches(".*\\b5432\\b.*"))
                    .noneMatch(call -> call.contains("/etc/postgresql") || call.contains("/var/lib/postgresql"));
            // Every folder handed to a PostgreSQL tool or made/changed is the script's own.
            for (String call : calls) {
                String[] words = call.split(" ");
                for (int i = 0; i < words.length - 1; i++) {
                    if (words[i].equals("-D") || words[0].matches("mkdir|chmod|chown") && words[i + 1].startsWith("/")) {
                        assertThat(Path.of(words[i + 1])).as(call).startsWith(ownFolder);
                    }
                }
            }
        }
    }

    private Root asRoot(boolean clusterRunning) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("root-bin"));
        Path packages = Files.createDirectories(dir.resolve("usr-lib-postgresql/15/bin"));
        String record = "echo \"${0##*/} $*\" >> '" + bin.resolve("calls.log") + "'";
        stub(bin, "id", record + "\nif [ \"$1\" = -u ] && [ -z \"$2\" ]; then echo 0; else echo 101; fi");
        stub(bin, "runuser", record + "\nwhile [ \"$1\" != -- ]; do shift; done; shift; exec \"$@\"");
        stub(bin, "mkdir", record + "\nexec /bin/mkdir \"$@\"");
        stub(bin, "chmod", record + "\nexec /bin/chmod \"$@\"");
        stub(bin, "chown", record);
        stub(bin, "od", record + "\necho ' 5e 11 c0 de 5e 11 c0 de 5e 11 c0 de'");
        for (String tool : NEVER_AS_ROOT) {
            stub(bin, tool, record + "\nexit 1");
        }
        // initdb makes what a real one makes that the script reads or writes.
        stub(packages, "initdb", record + "\n/bin/mkdir -p \"$2\" && echo 15 > \"$2/PG_VERSION\" && : > \"$2/postgresql.conf\"");
        stub(packages, "pg_ctl", record + "\ncase \"$*\" in *status*) exit " + (clusterRunning ? 0 : 3) + ";; esac");
        return new Root(bin, dir.resolve("usr-lib-postgresql"), dir.resolve("cluster"));
    }

    private static void stub(Path bin, String name, String body) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
