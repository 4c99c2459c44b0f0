package io.posdb.upgrade.postgres;

import io.posdb.changelog.ChangelogSource;
import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.PostgresDatabase;
import io.posdb.migration.role.RoleRemapStats;
import io.posdb.orm.Role;
import io.posdb.orm.User;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.transfer.LegacyRowsToPostgres;
import io.posdb.upgrade.BootResult;
import java.nio.file.Path;
import io.posdb.database.ApplicationName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same changelog, remap and entities on a real PostgreSQL server (see PostgresServer). */
@Tag("postgres")
class PostgresUpgradeTest {

    @TempDir
    Path dir;

    /** Keeps the expected warning (a stale lock released) off the test run's console. */
    private final CapturedLogs quiet = new CapturedLogs();

    @AfterEach
    void releaseLogs() {
        quiet.close();
    }

    private PostgresDatabase database;

    @BeforeEach
    void freshDatabase() throws Exception {
        database = PostgresServer.createDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        PostgresServer.drop(database);
    }

    @Test
    void aFreshServerDatabaseGetsTheSchemaTheEntitiesValidateAndTheRoleCheck() throws Exception {
        try (BootResult result = Bootstraps.withDefaults(database).boot()) {
            assertThat(result.applied()).extracting(AppliedChangeSet::id).contains("0001-baseline-user-postgresql",
                    "0010-enforce-user-role-constraint-postgresql", "0011-tag-release-2.0")
                    .doesNotContain("0001-baseline-user");
        }
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            assertThat(string(statement, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'ck_user_role'")).isEqualTo("1");
            assertThatThrownBy(() -> statement.execute("INSERT INTO \"user\" (username, name, pin_hash, role) "
                    + "VALUES ('x', 'X', 'h', 'staff')")).isInstanceOf(SQLException.class).hasMessageContaining("ck_user_role");
        }
        try (BootResult again = Bootstraps.withDefaults(database).boot()) {
            assertThat(again.applied()).isEmpty();
        }
    }

    @Test
    void remapsLegacyShapedDataWithAuditAndRollsItBack() throws Exception {
        try (Connection connection = database.open()) {
            ChangelogSteps.applyFirst(connection, 7); // the PostgreSQL baseline and the audit table
            try (Connection legacy = LegacyDatabases.open(LegacyDatabases.shop(dir.resolve("legacy.db")))) {
                LegacyRowsToPostgres.copy(legacy, connection);
            }
            if (!connection.getAutoCommit()) {
                connection.commit(); // Liquibase left the connection in manual-commit mode
            }
        }

        try (BootResult result = Bootstraps.withDefaults(database).boot()) {
            RoleRemapStats stats = (RoleRemapStats) result.applied().stream()
                    .filter(a -> a.id().equals("0008-remap-user-roles")).findFirst().orElseThrow().report();
            assertThat(stats.updatedCount()).isEqualTo(3);
            List<User> users = result.sessionFactory().fromTransaction(session ->
                    session.createSelectionQuery("from User order by id", User.class).getResultList());
            assertThat(users).extracting(User::getRole).containsExactly(Role.ADMIN, Role.USER, Role.USER);
        }
        assertThat(new MigrationRecords(database).audit("0008-remap-user-roles", null)).hasSize(3);

        new LiquibaseMigrations(database, ChangelogSource.packaged()).rollbackToTag("v1.0");
        assertThat(roles()).containsExactly("primary", "staff", "staff");

        Bootstraps.withDefaults(database).boot().close();
        assertThat(roles()).containsExactly("admin", "user", "user");
    }

    @Tag("process")
    @Test
    void severalTillProcessesBootingAtOnceEachChangeSetRunsOnce() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(PosdbProcess.start(dir, dir.resolve("out" + i), dir.resolve("err" + i), "boot",
                    "--url", url(), "--user", PostgresServer.user(), "--password", PostgresServer.password()));
        }
        for (Process process : processes) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            assertThat(string(statement, "SELECT COUNT(*) - COUNT(DISTINCT id) FROM databasechangelog")).isEqualTo("0");
            assertThat(string(statement, "SELECT COUNT(*) FROM databasechangelog")).isEqualTo("11");
        }
    }

    @Tag("process")
    @Test
    void aLockLeftByADeadTillIsReleasedAndALiveOneIsNamed() throws Exception {
        Bootstraps.withDefaults(database).boot().close();
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE databasechangeloglock SET locked = TRUE, lockedby = 'till-9', "
                    + "lockgranted = now() WHERE id = 1");
            statement.execute("DELETE FROM databasechangelog WHERE id = '0011-tag-release-2.0'");
        }
        Bootstraps.withDefaults(database).boot().close();
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            assertThat(string(statement, "SELECT locked FROM databasechangeloglock")).isEqualTo("f");
        }

        try (Connection holder = database.named(new ApplicationName("2.1.0", "till-upgrading")).open();
             PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, 0x706f736462L);
            lock.execute();
            PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--url", url(), "--user", PostgresServer.user(),
                    "--password", PostgresServer.password(), "--lock-wait", "1");
            assertThat(result.exitCode()).isEqualTo(8);
            assertThat(result.stderr()).contains("server process", "posdb 2.1.0 till-upgrading");
            assertThat(result.stderr() + result.stdout()).as("the password is never logged")
                    .doesNotContain(PostgresServer.password());
        }
    }

    private String url() {
        return database.description();
    }

    private List<String> roles() throws Exception {
        List<String> roles = new ArrayList<>();
        try (Connection connection = database.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT role FROM \"user\" ORDER BY id")) {
            while (rs.next()) {
                roles.add(rs.getString(1));
            }
        }
        return roles;
    }

    private static String string(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
