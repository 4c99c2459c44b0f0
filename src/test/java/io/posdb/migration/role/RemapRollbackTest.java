package io.posdb.migration.role;

import static io.posdb.migration.role.RemapFixture.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.migration.data.ValueRollbackStats;
import io.posdb.testsupport.CapturedLogs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remap's rollback: old values back from the audit trail, of the last forward run only;
 * every other user mapped back through the inverse mapping, so release 1.0 can read every role.
 */
class RemapRollbackTest {

    @TempDir
    Path dir;

    /** Keeps the expected warnings (demoted roles, restores, refusals) off the test run's console. */
    private final CapturedLogs quiet = new CapturedLogs();

    @AfterEach
    void releaseLogs() {
        quiet.close();
    }

    private RemapFixture db;

    @BeforeEach
    void legacyDatabaseWithAuditTable() throws Exception {
        db = RemapFixture.legacyDatabase(dir);
    }

    @Test
    void restoresTheOldValuesMapsTheOthersBackAndAuditsEach() throws Exception {
        db.users("Owner", "primary", "Cashier", " Staff ", "Boss", "manager", "Kept", "user");
        db.remap(change());

        try (CapturedLogs logs = new CapturedLogs()) {
            db.rollback(change());
            assertThat(logs.messages()).contains("Role migration rolled back: 3 users restored from the audit trail, "
                    + "1 not in the audit mapped back {admin->primary=0, user->staff=1}");
        }

        assertThat(db.rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", " Staff "),
                Map.entry("Boss", "manager"), Map.entry("Kept", "staff"));
        assertThat(db.audit()).containsExactly(
                "0008-remap-user-roles|user|1|role|primary|admin|",
                "0008-remap-user-roles|user|2|role| Staff |user|",
                "0008-remap-user-roles|user|3|role|manager|user|unknown role 'manager' demoted to user",
                "0008-remap-user-roles|user|1|role|admin|primary|rollback of audit #1",
                "0008-remap-user-roles|user|2|role|user| Staff |rollback of audit #2",
                "0008-remap-user-roles|user|3|role|user|manager|rollback of audit #3",
                "0008-remap-user-roles|user|4|role|user|staff|" + ValueRollbackStats.MAPPED_BACK_NOTE);
    }

    @Test
    void aUserCreatedAfterTheUpgradeGetsTheInverseMappingAndTheCountsSayWhich() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff");
        RemapLegacyUserRoles forward = change();
        db.remap(forward);
        db.sql("INSERT INTO \"user\" (username, name, pin_hash, role) VALUES ('nb', 'New boss', 'h', 'admin'), "
                + "('nc', 'New cashier', 'h', 'user'), ('sc', 'Second cashier', 'h', 'user')"); // created on 2.0

        RemapLegacyUserRoles rollback = change();
        db.rollback(rollback);

        assertThat(db.rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", "staff"),
                Map.entry("New boss", "primary"), Map.entry("New cashier", "staff"),
                Map.entry("Second cashier", "staff"));
        assertThat(rollback.rollbackStats()).isEqualTo(new ValueRollbackStats(2,
                Map.of("admin->primary", 1L, "user->staff", 2L)));
        assertThat(rollback.report()).isSameAs(rollback.rollbackStats());
    }

    @Test
    void updateRollbackUpdateAgainGivesTheSameRoles() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff");
        db.remap(change());
        Map<String, String> afterFirst = db.rolesByName();
        db.rollback(change());

        RoleRemapStats again = db.remap(change());

        assertThat(db.rolesByName()).isEqualTo(afterFirst);
        assertThat(again.updatedCount()).isEqualTo(2);
        assertThat(db.audit()).hasSize(6);
    }

    @Test
    void aSecondRollbackUndoesOnlyTheLastForwardRun() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff");
        db.remap(change());
        db.rollback(change());
        db.sql("UPDATE \"user\" SET role = 'PRIMARY' WHERE id = 2"); // changed while on release 1.0
        db.remap(change());

        db.rollback(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", "PRIMARY"));
        assertThat(db.count("SELECT COUNT(*) FROM data_migration_audit WHERE note LIKE 'rollback of audit #%'"))
                .isEqualTo(4);
        assertThat(db.audit()).last().isEqualTo("0008-remap-user-roles|user|2|role|admin|PRIMARY|rollback of audit #6");
    }

    @Test
    void aUserWhoseRoleChangedAfterTheRemapKeepsTheNewRoleInItsOldName() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff");
        db.remap(change());
        db.sql("UPDATE \"user\" SET role = 'admin' WHERE id = 2"); // promoted after the upgrade

        db.rollback(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", "primary"));
        assertThat(db.audit()).hasSize(4).endsWith(
                "0008-remap-user-roles|user|1|role|admin|primary|rollback of audit #1",
                "0008-remap-user-roles|user|2|role|admin|primary|" + ValueRollbackStats.MAPPED_BACK_NOTE);
    }

    @Test
    void aRollbackWithNothingInTheAuditMapsEveryRoleBack() throws Exception {
        db.users("Kept", "admin");
        db.remap(change());

        db.rollback(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Kept", "primary"));
        assertThat(db.audit()).containsExactly("0008-remap-user-roles|user|1|role|admin|primary|"
                + ValueRollbackStats.MAPPED_BACK_NOTE);
    }

    @Test
    void afterARollbackWithInverseMappingsAnUpdateAndASecondRollbackGiveTheSameRoles() throws Exception {
        db.users("Kept", "admin");
        db.remap(change());
        db.rollback(change());
        db.remap(change());

        db.rollback(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Kept", "primary"));
        assertThat(db.count("SELECT COUNT(*) FROM data_migration_audit WHERE note LIKE 'rollback of audit #%'"))
                .as("the second rollback restores from the second forward run's audit row").isEqualTo(1);
    }
}
