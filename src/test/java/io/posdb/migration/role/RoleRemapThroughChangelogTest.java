package io.posdb.migration.role;

import io.posdb.changelog.ChangelogSource;
import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.orm.Role;
import io.posdb.orm.User;
import io.posdb.report.UpgradeStep;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runs.UpgradeRuns;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.upgrade.BootResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real master changelog on the legacy fixtures, as the till's boot applies it. */
class RoleRemapThroughChangelogTest {

    @TempDir
    Path dir;

    /** Keeps the expected warnings (demoted roles, restores, refusals) off the test run's console. */
    private final CapturedLogs quiet = new CapturedLogs();

    @AfterEach
    void releaseLogs() {
        quiet.close();
    }

    private static BootResult boot(Path file) throws PosDatabaseException {
        return Bootstraps.withDefaults(SqliteDatabase.at(file)).boot();
    }

    private static Map<String, String> execTypes(BootResult result) {
        return result.applied().stream().collect(Collectors.toMap(AppliedChangeSet::id, AppliedChangeSet::execType));
    }

    @Test
    void upgradesTheLegacyShopRemappingRolesWithAuditStatsAndLogs() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        // The legacy columns but the role: a column a later release adds is not a change to a row.
        Map<String, List<String>> legacyColumns = DatabaseContents.businessColumns(file, "user.role");
        Map<String, List<String>> business = DatabaseContents.businessRows(file, legacyColumns);

        try (CapturedLogs logs = new CapturedLogs(); BootResult result = boot(file)) {
            assertThat(execTypes(result)).containsEntry("0005-baseline-saleitem", "MARK_RAN")
                    .containsEntry("0007-data-migration-audit", "EXECUTED")
                    .containsEntry("0008-remap-user-roles", "EXECUTED")
                    .containsEntry("0009-verify-user-roles", "EXECUTED")
                    .containsEntry("0010-enforce-user-role-constraint", "EXECUTED")
                    .containsEntry("0011-tag-release-2.0", "EXECUTED");
            RoleRemapStats stats = (RoleRemapStats) result.applied().stream()
                    .filter(a -> a.id().equals("0008-remap-user-roles")).findFirst().orElseThrow().report();
            assertThat(stats.updatedCount()).isEqualTo(3);
            assertThat(stats.migrations()).extracting(RoleChange::name, RoleChange::oldRole, RoleChange::newRole)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Primary User", "primary", "admin"),
                            org.assertj.core.groups.Tuple.tuple("Anna Kowalska", "staff", "user"),
                            org.assertj.core.groups.Tuple.tuple("Li Wei", "staff", "user"));
            assertThat(logs.messages()).containsSubsequence(
                    "Running migration: 0008-remap-user-roles (User role migration (PRIMARY/STAFF -> ADMIN/USER))",
                    "Found 3 user(s) to check for migration",
                    "Migrated user 1 ('Primary User'): 'primary' -> 'admin'",
                    "Role migration complete: 3 updated, 0 skipped, 0 errors");

            List<User> users = result.sessionFactory().fromTransaction(session ->
                    session.createSelectionQuery("from User order by id", User.class).getResultList());
            assertThat(users).extracting(User::getRole).containsExactly(Role.ADMIN, Role.USER, Role.USER);
        }
        assertThat(DatabaseContents.businessRows(file, legacyColumns)).isEqualTo(business);
        assertThat(new io.posdb.changelog.MigrationRecords(SqliteDatabase.at(file)).audit("0008-remap-user-roles", null))
                .hasSize(3);
    }

    @Test
    void aShopWhoseRolesWereAlreadyMigratedMarksTheRemapAsRanAndSaysWhy() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("migrated.db"), LegacyDatabases.SCHEMA,
                LegacyDatabases.SAMPLE_DATA, LegacyDatabases.ROLES_ALREADY_MIGRATED);
        Map<String, List<String>> legacyColumns = DatabaseContents.businessColumns(file);
        Map<String, List<String>> business = DatabaseContents.businessRows(file, legacyColumns);

        try (CapturedLogs logs = new CapturedLogs(); BootResult result = boot(file)) {
            assertThat(execTypes(result)).containsEntry("0008-remap-user-roles", "MARK_RAN")
                    .containsEntry("0010-enforce-user-role-constraint", "EXECUTED");
            assertThat(logs.messages()).contains("Migration 0008-remap-user-roles marked as ran: "
                    + "every user's role is already exactly 'admin' or 'user'; nothing to remap");
        }
        assertThat(DatabaseContents.businessRows(file, legacyColumns)).isEqualTo(business);
        assertThat(new io.posdb.changelog.MigrationRecords(SqliteDatabase.at(file)).audit("0008-remap-user-roles", null))
                .isEmpty();
    }

    @Test
    void theVerificationHaltsNamingHowManyRowsFailAndWhichIds() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        ChangelogSteps.applyFirst(file, 8); // up to and including the remap
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // A legacy till wrote an old role after the remap, before the constraint.
            statement.execute("INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (7, 'late', 'L', 'h', 'staff')");
        }
        Map<String, List<String>> rows = DatabaseContents.allRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);

        assertThatThrownBy(() -> boot(file))
                .isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("0009-verify-user-roles")
                .hasMessageContaining("1 row(s) of table user have a role other than 'admin'/'user'; ids: 7");
        assertThat(DatabaseContents.allRows(file)).as("every row restored, history and audit too").isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).as("the schema restored").isEqualTo(schema);
        // What the restore took away with the audit, the record of the attempt keeps: the halt and its ids.
        UpgradeStep halted = UpgradeRuns.read(SqliteDatabase.at(file)).get(0).steps().stream()
                .filter(step -> step.outcome().equals(UpgradeStep.FAILED)).findFirst().orElseThrow();
        assertThat(halted.changesetId()).isEqualTo("0009-verify-user-roles");
        assertThat(halted.namedRows()).containsExactly("7");
    }

    @Test
    void updateRollbackToReleaseOneUpdateAgainOnTheLegacyShop() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Map<String, List<String>> legacyRows = DatabaseContents.businessRows(file);
        Map<String, String> legacySchema = DatabaseContents.schema(file);
        boot(file).close();
        Map<String, List<String>> upgradedRows = DatabaseContents.businessRows(file);
        Map<String, String> upgradedSchema = withoutAudit(DatabaseContents.schema(file));

        new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged()).rollbackToTag("v1.0");

        assertThat(DatabaseContents.businessRows(file)).as("release 1.0 data").isEqualTo(legacyRows);
        assertThat(withoutAudit(DatabaseContents.schema(file))).as("release 1.0 schema").isEqualTo(legacySchema);

        boot(file).close();

        assertThat(DatabaseContents.businessRows(file)).isEqualTo(upgradedRows);
        assertThat(withoutAudit(DatabaseContents.schema(file))).isEqualTo(upgradedSchema);
        assertThat(new io.posdb.changelog.MigrationRecords(SqliteDatabase.at(file)).audit("0008-remap-user-roles", "1"))
                .extracting(a -> a.oldValue() + "->" + a.newValue())
                .containsExactly("primary->admin", "admin->primary", "primary->admin");
    }

    @Test
    void aCrashAfterTheRemapCommittedButBeforeItsHistoryRowChangesNothingOnTheNextBoot() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(file).close();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // What a crash between the remap's commit and Liquibase's DATABASECHANGELOG insert leaves.
            statement.execute("DELETE FROM DATABASECHANGELOG WHERE ID IN ('0008-remap-user-roles', "
                    + "'0009-verify-user-roles', '0010-enforce-user-role-constraint', '0011-tag-release-2.0')");
        }
        Map<String, List<String>> before = DatabaseContents.businessRows(file);

        try (BootResult result = boot(file)) {
            assertThat(execTypes(result)).containsEntry("0008-remap-user-roles", "MARK_RAN")
                    .containsEntry("0010-enforce-user-role-constraint", "MARK_RAN");
        }
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
        assertThat(new io.posdb.changelog.MigrationRecords(SqliteDatabase.at(file)).audit("0008-remap-user-roles", null))
                .hasSize(3);
    }

    @Test
    void theAuditTrailIsAppendOnly() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(file).close();

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("UPDATE data_migration_audit SET new_value = 'admin'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("DELETE FROM data_migration_audit"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void foreignKeysStayEnforcedAndIntactThroughTheUpgrade() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));

        boot(file).close();

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // 0010 rebuilds "user": the tables that reference it must still reference "user" itself.
            var saleKeys = statement.executeQuery("PRAGMA foreign_key_list(sale)");
            assertThat(saleKeys.next()).isTrue();
            assertThat(saleKeys.getString("table")).as("sale.cashier_id references").isEqualTo("user");
            assertThat(statement.executeQuery("PRAGMA foreign_key_check").next()).isFalse();
            assertThat(statement.executeQuery("SELECT COUNT(*) FROM sale").getInt(1)).isEqualTo(5);
            assertThat(statement.executeQuery("SELECT COUNT(*) FROM saleitem").getInt(1)).isEqualTo(10);
        }
    }

    private static Map<String, String> withoutAudit(Map<String, String> schema) {
        Map<String, String> filtered = new TreeMap<>(schema);
        filtered.keySet().removeIf(key -> key.contains("data_migration_audit"));
        return filtered;
    }
}
