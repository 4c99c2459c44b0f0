package io.posdb.migration.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remap called directly on a seeded legacy database (the changelog's first 7 changesets applied). */
class RemapLegacyUserRolesTest {

    @TempDir
    Path dir;

    private Path file;
    private CapturedLogs logs;

    @BeforeEach
    void legacyDatabaseWithAuditTable() throws Exception {
        file = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA);
        ChangelogSteps.applyFirst(file, 7);
        logs = new CapturedLogs();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    private void users(String... namesAndRoles) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES (?, ?, 'h', ?)")) {
            for (int i = 0; i < namesAndRoles.length; i += 2) {
                insert.setString(1, "u" + i);
                insert.setString(2, namesAndRoles[i]);
                insert.setString(3, namesAndRoles[i + 1]);
                insert.executeUpdate();
            }
        }
    }

    static RemapLegacyUserRoles change() {
        RemapLegacyUserRoles change = new RemapLegacyUserRoles();
        change.setChangeSetId("0008-remap-user-roles");
        change.setTableName("user");
        change.setIdColumn("id");
        change.setRoleColumn("role");
        change.setLabelColumn("name");
        change.setMapping("primary=admin,staff=user");
        change.setFallback("user");
        return change;
    }

    /** Runs like Liquibase does: in a transaction, committed on success, rolled back on failure. */
    private RoleRemapStats remap(RemapLegacyUserRoles change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            Database database = ChangelogSteps.wrap(connection);
            assertThat(change.validate(database).getErrorMessages()).isEmpty();
            try {
                change.execute(database);
                connection.commit();
            } catch (CustomChangeException e) {
                connection.rollback();
                throw e;
            }
            return change.stats();
        }
    }

    private void rollback(RemapLegacyUserRoles change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            change.rollback(ChangelogSteps.wrap(connection));
            connection.commit();
        }
    }

    private Map<String, String> rolesByName() throws Exception {
        Map<String, String> roles = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name, role FROM \"user\" ORDER BY id")) {
            while (rs.next()) {
                roles.put(rs.getString(1), rs.getString(2));
            }
        }
        return roles;
    }

    private List<String> audit() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT changeset_id, table_name, row_id, column_name, old_value, "
                     + "new_value, coalesce(note, '') FROM data_migration_audit ORDER BY id")) {
            while (rs.next()) {
                rows.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        return rows;
    }

    @Test
    void remapsEveryKindOfStoredValueAsTheTableSays() throws Exception {
        users("Owner", "primary", "Cashier", "staff", "Padded", "  Staff\t", "Shouting", "PRIMARY",
                "Admin", "admin", "User", "user", "Odd case", "Admin ", "Blank", "", "Manager", "manager",
                "Root", "root", "Garbage", "x'); DROP TABLE sale;--");

        RoleRemapStats stats = remap(change());

        assertThat(rolesByName()).containsExactly(
                Map.entry("Owner", "admin"), Map.entry("Cashier", "user"), Map.entry("Padded", "user"),
                Map.entry("Shouting", "admin"), Map.entry("Admin", "admin"), Map.entry("User", "user"),
                Map.entry("Odd case", "admin"), Map.entry("Blank", "user"), Map.entry("Manager", "user"),
                Map.entry("Root", "user"), Map.entry("Garbage", "user"));
        assertThat(stats.updatedCount()).isEqualTo(9);
        assertThat(stats.skippedCount()).isEqualTo(2);
        assertThat(stats.errorCount()).isZero();
        assertThat(stats.migrations()).hasSize(9).extracting(RoleChange::note).filteredOn(n -> n != null)
                .containsExactly("unknown role '' demoted to user", "unknown role 'manager' demoted to user",
                        "unknown role 'root' demoted to user", "unknown role 'x'); DROP TABLE sale;--' demoted to user");
    }

    @Test
    void writesOneAuditRowAndOneLogLinePerChange() throws Exception {
        users("Primary User", "primary", "Anna", "staff", "Kept", "admin", "Boss", "manager");
        RemapLegacyUserRoles lastChange = change();

        remap(lastChange);

        assertThat(audit()).containsExactly(
                "0008-remap-user-roles|user|1|role|primary|admin|",
                "0008-remap-user-roles|user|2|role|staff|user|",
                "0008-remap-user-roles|user|4|role|manager|user|unknown role 'manager' demoted to user");
        assertThat(logs.messages()).contains("Migrated user 1 ('Primary User'): 'primary' -> 'admin'",
                "Migrated user 2 ('Anna'): 'staff' -> 'user'",
                "Role migration complete: 3 updated, 1 skipped, 0 errors");
        assertThat(lastChange.getConfirmationMessage()).startsWith("Role migration complete: 3 updated, 1 skipped, 0 errors")
                .contains("\"updated_count\":3", "\"old_role\":\"primary\"", "\"user_id\":1");
        assertThat(logs.events()).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("'manager' -> 'user'", "unknown role 'manager' demoted to user");
        });
    }

    @Test
    void namesWithQuotesUnicodeAndSqlArePlainData() throws Exception {
        users("O'Brien \"the\" Ünïcødé 店長", "primary", "Robert'); DROP TABLE \"user\";--", "staff");

        remap(change());

        assertThat(rolesByName()).containsExactly(Map.entry("O'Brien \"the\" Ünïcødé 店長", "admin"),
                Map.entry("Robert'); DROP TABLE \"user\";--", "user"));
        assertThat(logs.messages()).contains("Migrated user 1 ('O'Brien \"the\" Ünïcødé 店長'): 'primary' -> 'admin'");
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        users("Owner", "primary", "Cashier", "staff");
        remap(change());
        List<String> auditAfterFirst = audit();

        RoleRemapStats second = remap(change());

        assertThat(second.updatedCount()).isZero();
        assertThat(second.skippedCount()).isEqualTo(2);
        assertThat(audit()).isEqualTo(auditAfterFirst);
    }

    @Test
    void rollbackRestoresTheOldValuesFromTheAuditAndAuditsItself() throws Exception {
        users("Owner", "primary", "Cashier", " Staff ", "Boss", "manager", "Kept", "user");
        remap(change());

        rollback(change());

        assertThat(rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", " Staff "),
                Map.entry("Boss", "manager"), Map.entry("Kept", "user"));
        assertThat(audit()).hasSize(6).last().asString().contains("rollback of audit #3");
    }

    @Test
    void updateRollbackUpdateAgainGivesTheSameRoles() throws Exception {
        users("Owner", "primary", "Cashier", "staff");
        remap(change());
        Map<String, String> afterFirst = rolesByName();
        rollback(change());

        RoleRemapStats again = remap(change());

        assertThat(rolesByName()).isEqualTo(afterFirst);
        assertThat(again.updatedCount()).isEqualTo(2);
    }

    @Test
    void switchesFromPerUserLinesToASummaryPastTheLogLimit() throws Exception {
        users("A", "staff", "B", "staff", "C", "staff", "D", "primary");
        RemapLegacyUserRoles change = change();
        change.setLogDetailLimit("2");
        change.setReportDetailLimit("3");

        RoleRemapStats stats = remap(change);

        assertThat(logs.messages()).filteredOn(m -> m.startsWith("Migrated user")).hasSize(2);
        assertThat(logs.messages()).anySatisfy(m -> assertThat(m).contains("2 more change(s) not logged"));
        assertThat(stats.migrations()).hasSize(3);
        assertThat(stats.migrationsTruncated()).isTrue();
        assertThat(audit()).hasSize(4);
    }

    @Test
    void remapsManyUsersInOneRunWithEveryChangeAudited() throws Exception {
        try (Connection connection = LegacyDatabases.open(file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES (?, ?, 'h', ?)")) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= 250_000; i++) {
                insert.setString(1, "u" + i);
                insert.setString(2, "User " + i);
                insert.setString(3, i % 5 == 0 ? "admin" : i % 2 == 0 ? "staff" : "primary");
                insert.addBatch();
                if (i % 10_000 == 0) {
                    insert.executeBatch();
                }
            }
            connection.commit();
        }

        RoleRemapStats stats = remap(change());

        assertThat(stats.updatedCount()).isEqualTo(200_000);
        assertThat(stats.skippedCount()).isEqualTo(50_000);
        assertThat(stats.migrations()).hasSize(1000);
        assertThat(audit()).hasSize(200_000);
        assertThat(rolesByName().values()).containsOnly("admin", "user");
    }

    @Nested
    class FailurePaths {

        @Test
        void rejectsParametersThatAreNotPlainIdentifiersOrColumns() throws Exception {
            RemapLegacyUserRoles change = change();
            change.setRoleColumn("role; DROP TABLE sale");
            change.setLabelColumn("nickname");
            try (Connection connection = LegacyDatabases.open(file)) {
                Database database = ChangelogSteps.wrap(connection);
                assertThat(change.validate(database).getErrorMessages())
                        .anySatisfy(m -> assertThat(m).contains("roleColumn 'role; DROP TABLE sale' is not a plain identifier"));

                change.setRoleColumn("rank");
                assertThat(change.validate(database).getErrorMessages()).containsExactlyInAnyOrder(
                        "roleColumn 'rank' is not a column of table user",
                        "labelColumn 'nickname' is not a column of table user");
            }
        }

        @Test
        void rejectsAMalformedMapping() {
            for (String mapping : List.of("primary", "primary=admin,primary=user", "=admin", "primary=,staff=user", "")) {
                RemapLegacyUserRoles change = change();
                change.setMapping(mapping);
                assertThat(change.validate(null).getErrorMessages()).as(mapping)
                        .anySatisfy(m -> assertThat(m).containsAnyOf("mapping", "fallback"));
            }
        }

        @Test
        void rejectsAFallbackThatIsNotAMappedRole() {
            RemapLegacyUserRoles change = change();
            change.setFallback("root");

            assertThat(change.validate(null).getErrorMessages())
                    .containsExactly("fallback 'root' must be one of the mapping's roles [admin, user]");
        }

        @Test
        void aDatabaseErrorMidRemapLeavesTheTableUnchangedAndNamesTheUser() throws Exception {
            users("A", "staff", "B", "primary", "C", "staff", "D", "staff");
            try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TRIGGER fail_on_c BEFORE UPDATE OF role ON \"user\" WHEN OLD.id = 3 "
                        + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
            }
            Map<String, String> before = rolesByName();

            assertThatThrownBy(() -> remap(change()))
                    .isInstanceOf(CustomChangeException.class)
                    .hasMessageContaining("user 3")
                    .hasMessageContaining("disk says no");

            assertThat(rolesByName()).isEqualTo(before);
            assertThat(audit()).isEmpty();
        }
    }
}
