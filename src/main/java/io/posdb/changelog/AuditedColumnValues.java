package io.posdb.changelog;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many rows hold each value, now, in every column an audited data change has touched
 * (the role remap's {@code user.role}, a payment-method normalisation's column): after a
 * rollback this shows which values the data is back to, without posdb's records knowing
 * any business column by name. The columns come from the audit trail itself; archive rows
 * of dropped columns (note {@code archived: ...}) are left out, since those hold free values,
 * not categories. At most {@value #MOST_VALUES} values are counted per column.
 */
final class AuditedColumnValues {

    static final int MOST_VALUES = 20;

    private AuditedColumnValues() {
    }

    /** "table.column" → value ("NULL" for SQL NULL) → rows; empty when there is no audit trail. */
    static Map<String, Map<String, Long>> count(Connection connection) throws SQLException {
        Map<String, Map<String, Long>> values = new LinkedHashMap<>();
        if (!SqlIdentifiers.tableExists(connection, MigrationRecords.AUDIT_TABLE)) {
            return values;
        }
        for (String[] column : auditedColumns(connection)) {
            String table = column[0];
            String name = column[1];
            if (SqlIdentifiers.isPlain(table) && SqlIdentifiers.isPlain(name)
                    && SqlIdentifiers.tableExists(connection, table) && hasColumn(connection, table, name)) {
                values.put(table + "." + name, countValues(connection, table, name));
            }
        }
        return values;
    }

    private static List<String[]> auditedColumns(Connection connection) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT table_name, column_name FROM "
                + MigrationRecords.AUDIT_TABLE + " WHERE note IS NULL OR note NOT LIKE ? ORDER BY table_name, column_name")) {
            statement.setString(1, "archived:%");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return columns;
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        return SqlIdentifiers.columns(connection, table).stream()
                .anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, Long> countValues(Connection connection, String table, String column)
            throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        String c = SqlIdentifiers.quote(column);
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + c + ", COUNT(*) FROM "
                + SqlIdentifiers.quote(table) + " GROUP BY " + c + " ORDER BY " + c + " LIMIT " + MOST_VALUES);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String value = rs.getString(1);
                counts.put(value == null ? "NULL" : value, rs.getLong(2));
            }
        }
        return counts;
    }
}
