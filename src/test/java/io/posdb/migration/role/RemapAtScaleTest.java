package io.posdb.migration.role;

import static io.posdb.migration.role.RemapFixture.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many users in one run, default heap: correctness only (timing is scripts/bench.sh's job, not a test's). */
class RemapAtScaleTest {

    private static final int USERS = 250_000;

    @TempDir
    Path dir;

    @Test
    void remapsManyUsersInOneRunWithEveryChangeAudited() throws Exception {
        RemapFixture db = RemapFixture.legacyDatabase(dir);
        try (Connection connection = LegacyDatabases.open(db.file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES (?, ?, 'h', ?)")) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= USERS; i++) {
                insert.setString(1, "u" + i);
                insert.setString(2, "User " + i);
                insert.setString(3, i % 5 == 0 ? "admin" : i % 1000 == 1 ? "manager" : i % 2 == 0 ? "staff" : "primary");
                insert.addBatch();
                if (i % 10_000 == 0) {
                    insert.executeBatch();
                }
            }
            connection.commit();
        }

        RemapLegacyUserRoles change = change();
        change.setProgressIntervalSeconds("0"); // a progress line after every range of ids
        RoleRemapStats stats;
        try (CapturedLogs logs = new CapturedLogs()) {
            stats = db.remap(change);
            assertThat(logs.messages()).filteredOn(m -> m.startsWith("Role migration progress: "))
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(m).matches("Role migration progress: \\d+/250000 users \\(\\d+%\\), \\d+ rows/s"));
        }

        assertThat(stats.updatedCount()).isEqualTo(200_000);
        assertThat(stats.skippedCount()).isEqualTo(50_000);
        assertThat(stats.migrations()).hasSize(1000);
        assertThat(stats.migrationsTruncated()).isTrue();
        assertThat(db.count("SELECT COUNT(*) FROM data_migration_audit")).isEqualTo(200_000);
        assertThat(db.count("SELECT COUNT(*) FROM data_migration_audit WHERE note IS NOT NULL")).isEqualTo(250);
        assertThat(db.count("SELECT COUNT(*) FROM \"user\" WHERE role NOT IN ('admin', 'user')")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM \"user\" WHERE role = 'admin'")).isEqualTo(50_000 + 100_000 - 250);
    }
}
