package io.posdb.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.bootstrap.BootResult;
import io.posdb.bootstrap.DatabaseBootstrap;
import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.LegacyDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase's own CLI (bin/liquibase) and the Maven plugin, run as real processes from the
 * repository root, against temporary databases: they and the app's boot agree on what has
 * been applied, so nothing runs twice whichever applied it first.
 */
class LiquibaseToolsAgreeWithTheAppTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int exitCode, String output) {
    }

    private Run run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private Run liquibase(Path db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "bin/liquibase"));
        command.addAll(List.of(args));
        command.add("--url=jdbc:sqlite:" + db);
        return run(command.toArray(String[]::new));
    }

    private Run maven(Path db, String... goalsAndProperties) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-ntp"));
        command.addAll(List.of(goalsAndProperties));
        command.add("-Dliquibase.url=jdbc:sqlite:" + db);
        return run(command.toArray(String[]::new));
    }

    private static BootResult boot(Path db) throws Exception {
        return new DatabaseBootstrap(SqliteDatabase.at(db)).boot();
    }

    @Test
    void launcherStatusListsThePendingChangeSets() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Run status = liquibase(db, "status", "--verbose");

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("11 changesets have not been applied")
                .contains("changelog/changes/0008-remap-user-roles.yaml::0008-remap-user-roles::posdb");
    }

    @Test
    void aDatabaseUpdatedByTheLauncherIsUpToDateForTheApp() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Run update = liquibase(db, "update");

        assertThat(update.exitCode()).as(update.output()).isZero();
        try (BootResult result = boot(db)) {
            assertThat(result.applied()).isEmpty();
        }
        assertThat(changelogRows(db)).hasSize(11).doesNotHaveDuplicates();
        assertThat(roles(db)).containsExactly("admin", "user", "user");
    }

    @Test
    void aDatabaseBootedByTheAppIsUpToDateForTheLauncher() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(db).close();

        Run status = liquibase(db, "status");
        Run update = liquibase(db, "update");

        assertThat(status.output()).contains("is up to date");
        assertThat(update.exitCode()).isZero();
        assertThat(changelogRows(db)).hasSize(11).doesNotHaveDuplicates();
    }

    @Test
    void launcherRollsBackByCountAndRunsTheUpdateTestingRollbackRoundTrip() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        assertThat(liquibase(db, "update-testing-rollback").exitCode()).isZero();
        assertThat(liquibase(db, "rollback-count", "--count=1").exitCode()).isZero();

        assertThat(changelogRows(db)).hasSize(10).doesNotContain("0011-tag-release-2.0");
        assertThat(liquibase(db, "history").output()).contains("0010-enforce-user-role-constraint");
    }

    @Test
    void mavenUpdateThenBootRunsNothingAndMavenRollsBackToATag() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Run update = maven(db, "liquibase:update");
        assertThat(update.exitCode()).as(update.output()).isZero();
        try (BootResult result = boot(db)) {
            assertThat(result.applied()).isEmpty();
        }

        Run rollback = maven(db, "liquibase:rollback", "-Dliquibase.rollbackTag=v1.0");
        assertThat(rollback.exitCode()).as(rollback.output()).isZero();
        assertThat(roles(db)).containsExactly("primary", "staff", "staff");
        assertThat(changelogRows(db)).doesNotContain("0008-remap-user-roles");
    }

    private static List<String> changelogRows(Path db) throws Exception {
        return strings(db, "SELECT ID || '@' || FILENAME FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED").stream()
                .map(row -> row.substring(0, row.indexOf('@'))).toList();
    }

    private static List<String> roles(Path db) throws Exception {
        return strings(db, "SELECT role FROM \"user\" ORDER BY id");
    }

    private static List<String> strings(Path db, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(db); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
