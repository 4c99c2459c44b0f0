package io.posdb.migration.role;

import static io.posdb.migration.role.RemapFixture.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.CapturedLogs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remap's rollback: old values back from the audit trail, of the last forward run only. */
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
    void restoresTheOldValuesAndAuditsEachRestoration() throws Exception {
        db.users("Owner", "primary", "Cashier", " Staff ", "Boss", "manager", "Kept", "user");
        db.remap(change());

        try (CapturedLogs logs = new CapturedLogs()) {
            db.rollback(change());
            assertThat(logs.messages()).contains("Role migration rolled back: 3 users restored from the audit trail");
        }

        assertThat(db.rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", " Staff "),
                Map.entry("Boss", "manager"), Map.entry("Kept", "user"));
        assertThat(db.audit()).containsExactly(
                "0008-remap-user-roles|user|1|role|primary|admin|",
                "0008-remap-user-roles|user|2|role| Staff |user|",
                "0008-remap-user-roles|user|3|role|manager|user|unknown role 'manager' demoted to user",
                "0008-remap-user-roles|user|1|role|admin|primary|rollback of audit #1",
                "0008-remap-user-roles|user|2|role|user| Staff |rollback of audit #2",
                "0008-remap-user-roles|user|3|role|user|manager|rollback of audit #3");
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
    void leavesAloneAUserWhoseRoleChangedAfterTheRemap() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff");
        db.remap(change());
        db.sql("UPDATE \"user\" SET role = 'admin' WHERE id = 2"); // promoted after the upgrade

        db.rollback(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Owner", "primary"), Map.entry("Cashier", "admin"));
        assertThat(db.audit()).hasSize(3).last().isEqualTo(
                "0008-remap-user-roles|user|1|role|admin|primary|rollback of audit #1");
    }

    @Test
    void aRollbackWithNothingToRestoreChangesNothing() throws Exception {
        db.users("Kept", "admin");
        db.remap(change());

        db.rollback(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Kept", "admin"));
        assertThat(db.audit()).isEmpty();
    }
}
