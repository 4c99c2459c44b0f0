package io.posdb.migration.role;

import static io.posdb.migration.role.RemapFixture.change;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.testsupport.CapturedLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remap called directly on a seeded legacy database: what each stored value becomes, audit, logs, stats. */
class RemapLegacyUserRolesTest {

    @TempDir
    Path dir;

    private RemapFixture db;
    private CapturedLogs logs;

    @BeforeEach
    void legacyDatabaseWithAuditTable() throws Exception {
        db = RemapFixture.legacyDatabase(dir);
        logs = new CapturedLogs();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void remapsEveryKindOfStoredValueAsTheTableSays() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff", "Padded", "  Staff\t", "Shouting", "PRIMARY",
                "Admin", "admin", "User", "user", "Odd case", "Admin ", "Spaced user", " user\r\n", "Blank", "",
                "Manager", "manager", "Root", "root", "Garbage", "x'); DROP TABLE user;--");

        RoleRemapStats stats = db.remap(change());

        assertThat(db.rolesByName()).containsExactly(
                Map.entry("Owner", "admin"), Map.entry("Cashier", "user"), Map.entry("Padded", "user"),
                Map.entry("Shouting", "admin"), Map.entry("Admin", "admin"), Map.entry("User", "user"),
                Map.entry("Odd case", "admin"), Map.entry("Spaced user", "user"), Map.entry("Blank", "user"),
                Map.entry("Manager", "user"), Map.entry("Root", "user"), Map.entry("Garbage", "user"));
        assertThat(stats.updatedCount()).isEqualTo(10);
        assertThat(stats.skippedCount()).isEqualTo(2);
        assertThat(stats.errorCount()).isZero();
        assertThat(stats.migrations()).hasSize(10).extracting(RoleChange::note).filteredOn(n -> n != null)
                .containsExactly("unknown role '' demoted to user", "unknown role 'manager' demoted to user",
                        "unknown role 'root' demoted to user", "unknown role 'x'); DROP TABLE user;--' demoted to user");
    }

    @Test
    void remapsPrimaryToAdmin() throws Exception {
        db.users("Primary User", "primary");

        db.remap(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("Primary User", "admin"));
    }

    @Test
    void demotesANullRoleToTheFallback() throws Exception {
        // The legacy column is NOT NULL: a table variant whose role column allows NULL.
        db.sql("CREATE TABLE member (id INTEGER PRIMARY KEY, label TEXT, role TEXT)",
                "INSERT INTO member VALUES (1, 'Nobody', NULL), (2, 'Boss', 'primary')");
        RemapLegacyUserRoles change = change();
        change.setTableName("member");
        change.setLabelColumn("label");

        RoleRemapStats stats = db.remap(change);

        assertThat(db.roles("member", "label")).containsExactly(Map.entry("Nobody", "user"), Map.entry("Boss", "admin"));
        assertThat(stats.updatedCount()).isEqualTo(2);
        assertThat(db.audit()).containsExactly(
                "0008-remap-user-roles|member|1|role|null|user|unknown role 'NULL' demoted to user",
                "0008-remap-user-roles|member|2|role|primary|admin|");
    }

    @Test
    void writesOneAuditRowAndOneLogLinePerChange() throws Exception {
        db.users("Primary User", "primary", "Anna", "staff", "Kept", "admin", "Boss", "manager");

        db.remap(change());

        assertThat(db.audit()).containsExactly(
                "0008-remap-user-roles|user|1|role|primary|admin|",
                "0008-remap-user-roles|user|2|role|staff|user|",
                "0008-remap-user-roles|user|4|role|manager|user|unknown role 'manager' demoted to user");
        assertThat(db.count("SELECT COUNT(*) FROM data_migration_audit WHERE migrated_at IS NULL")).isZero();
        assertThat(logs.messages()).contains("Migrated user 1 ('Primary User'): 'primary' -> 'admin'",
                "Migrated user 2 ('Anna'): 'staff' -> 'user'",
                "Role migration complete: 3 updated, 1 skipped, 0 errors");
        assertThat(logs.events()).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo(
                    "Migrated user 4 ('Boss'): 'manager' -> 'user' (unknown role 'manager' demoted to user)");
        });
    }

    @Test
    void namesWithQuotesUnicodeAndSqlArePlainData() throws Exception {
        db.users("O'Brien \"the\" Ünïcødé 店長", "primary", "Robert'); DROP TABLE \"user\";--", "staff");

        RoleRemapStats stats = db.remap(change());

        assertThat(db.rolesByName()).containsExactly(Map.entry("O'Brien \"the\" Ünïcødé 店長", "admin"),
                Map.entry("Robert'); DROP TABLE \"user\";--", "user"));
        assertThat(logs.messages()).contains("Migrated user 1 ('O'Brien \"the\" Ünïcødé 店長'): 'primary' -> 'admin'",
                "Migrated user 2 ('Robert'); DROP TABLE \"user\";--'): 'staff' -> 'user'");
        assertThat(stats.migrations()).extracting(RoleChange::name)
                .containsExactly("O'Brien \"the\" Ünïcødé 店長", "Robert'); DROP TABLE \"user\";--");
    }

    @Test
    void statsSerialiseWithSnakeCaseNamesAndTheConfirmationSummarises() throws Exception {
        db.users("Owner", "primary", "Kept", "user");
        RemapLegacyUserRoles change = change();

        RoleRemapStats stats = db.remap(change);

        String json = new ObjectMapper().writeValueAsString(stats);
        assertThat(json).isEqualTo("{\"updated_count\":1,\"skipped_count\":1,\"error_count\":0,\"migrations\":"
                + "[{\"user_id\":1,\"name\":\"Owner\",\"old_role\":\"primary\",\"new_role\":\"admin\",\"note\":null}],"
                + "\"migrations_truncated\":false}");
        assertThat(change.getConfirmationMessage())
                .isEqualTo("Role migration stats " + json);
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        db.users("Owner", "primary", "Cashier", "staff");
        db.remap(change());
        List<String> auditAfterFirst = db.audit();

        RoleRemapStats second = db.remap(change());

        assertThat(second.updatedCount()).isZero();
        assertThat(second.skippedCount()).isEqualTo(2);
        assertThat(second.migrations()).isEmpty();
        assertThat(db.audit()).isEqualTo(auditAfterFirst);
        assertThat(logs.messages()).contains("Role migration complete: 0 updated, 2 skipped, 0 errors");
    }

    @Test
    void switchesFromPerUserLinesToASummaryPastTheLogLimit() throws Exception {
        db.users("A", "staff", "B", "staff", "C", "staff", "D", "primary");
        RemapLegacyUserRoles change = change();
        change.setLogDetailLimit("2");
        change.setReportDetailLimit("3");

        RoleRemapStats stats = db.remap(change);

        assertThat(logs.messages()).filteredOn(m -> m.startsWith("Migrated user")).hasSize(2);
        assertThat(logs.messages()).contains(
                "Role migration: 2 more change(s) not logged one by one; every change is in data_migration_audit");
        assertThat(stats.migrations()).hasSize(3);
        assertThat(stats.migrationsTruncated()).isTrue();
        assertThat(db.audit()).hasSize(4);
    }
}
