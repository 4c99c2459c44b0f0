package io.posdb.changelog;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** MigrationRecords.state(): the values it reports come from the audit trail, not from column names it knows. */
@ExtendWith(QuietLogs.class)
class DatabaseStateTest {

    @TempDir
    Path dir;

    @Test
    void anAdoptedLegacyShopReportsTheRowsPerValueOfTheColumnItsDataChangesTouched() throws Exception {
        SqliteDatabase database = booted(LegacyDatabases.shop(dir.resolve("shop.db")));

        DatabaseState state = new MigrationRecords(database).state();

        assertThat(state.values()).containsOnlyKeys("user.role");
        assertThat(state.values().get("user.role")).isEqualTo(rowsPerValue(database, "user", "role"));
    }

    @Test
    void archivedColumnsAndColumnsOfTablesThatAreGoneAreNotCounted() throws Exception {
        SqliteDatabase database = booted(LegacyDatabases.shop(dir.resolve("shop.db")));
        try (Connection connection = database.open()) {
            audit(connection, "user", "username", "archived: dropped by a test");
            audit(connection, "no_such_table", "anything", null);
            audit(connection, "user", "no_such_column", null);
        }

        assertThat(new MigrationRecords(database).state().values()).containsOnlyKeys("user.role");
    }

    @Test
    void aFreshDatabaseWithoutAuditedChangesReportsNoValues() throws Exception {
        SqliteDatabase database = booted(dir.resolve("pos.db"));

        assertThat(new MigrationRecords(database).state().values()).isEmpty();
    }

    private static SqliteDatabase booted(Path file) throws Exception {
        SqliteDatabase database = SqliteDatabase.at(file);
        Bootstraps.withDefaults(database).boot().close();
        return database;
    }

    private static void audit(Connection connection, String table, String column, String note) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO data_migration_audit "
                + "(changeset_id, table_name, row_id, column_name, old_value, new_value, note) "
                + "VALUES ('a-test', ?, '1', ?, 'x', NULL, ?)")) {
            insert.setString(1, table);
            insert.setString(2, column);
            insert.setString(3, note);
            insert.executeUpdate();
        }
    }

    private static Map<String, Long> rowsPerValue(SqliteDatabase database, String table, String column)
            throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = database.open();
             PreparedStatement query = connection.prepareStatement("SELECT \"" + column + "\", COUNT(*) FROM \""
                     + table + "\" GROUP BY 1 ORDER BY 1");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(counts).isNotEmpty();
        return counts;
    }
}
