package io.posdb.migration.sqlite;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a rebuild does with the live table's columns that the new definition lacks (issue 10 §3:
 * a typo, or a rollback definition frozen at an older release, used to drop them and log
 * "rows kept"). A column that holds any non-NULL value is never dropped silently: the rebuild
 * refuses, naming each, unless {@code dropColumns} names it, and then its values are archived
 * into {@code data_migration_audit} first. A rollback also carries over the columns that
 * neither definition knows, i.e. columns added after the changeset (a 2.1 {@code user.email}).
 *
 * @param dropColumns      the columns the changeset may drop, lower-case
 * @param forwardProbeSql  for a rollback, the forward definition creating a scratch table (inside the
 *                         rebuild's transaction) whose columns are not carried over: a rollback drops
 *                         the columns its forward run added, under the same rule; null for a forward run
 * @param changeSetId      written into each archive row
 */
record RebuildColumns(Set<String> dropColumns, String forwardProbeSql, String changeSetId) {

    static final String ARCHIVE_NOTE = "archived: column dropped by the rebuild of table ";

    /** Adds to {@code temporary} each live column that no definition of the changeset knows; returns them. */
    List<String> carryOver(Connection connection, String table, String temporary, List<String> newColumns)
            throws SQLException {
        List<String> carried = new ArrayList<>();
        if (forwardProbeSql == null) {
            return carried;
        }
        Set<String> keep = lower(newColumns);
        Set<String> knownColumns = forwardColumns(connection);
        for (ColumnDeclaration column : ColumnDeclaration.of(connection, table)) {
            String name = column.name().toLowerCase(Locale.ROOT);
            if (!keep.contains(name) && !knownColumns.contains(name)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ALTER TABLE " + temporary + " ADD COLUMN " + column.sql());
                } catch (SQLException e) {
                    throw new SQLException("cannot carry column " + column.name() + " of table " + table
                            + " over into the rebuilt table: " + e.getMessage(), e);
                }
                carried.add(column.name());
            }
        }
        return carried;
    }

    private Set<String> forwardColumns(Connection connection) throws SQLException {
        String probe = SqlIdentifiers.quoteAny(RebuildTarget.TEMPORARY_PREFIX + "probe");
        try (Statement statement = connection.createStatement()) {
            statement.execute(forwardProbeSql.replace(RebuildTarget.TABLE_PLACEHOLDER, probe));
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + probe + ")")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            statement.execute("DROP TABLE " + probe);
            return lower(columns);
        }
    }

    /**
     * Refuses when a lost column holds data and is not in {@code dropColumns} (naming every such
     * column), else archives the values of the named ones. Returns the archived columns and counts.
     */
    Map<String, Long> archiveOrRefuse(Connection connection, String table, List<String> lost) throws SQLException {
        Map<String, Long> withData = new LinkedHashMap<>();
        for (String column : lost) {
            long values = nonNullValues(connection, table, column);
            if (values > 0) {
                withData.put(column, values);
            }
        }
        List<String> refused = withData.entrySet().stream()
                .filter(e -> !dropColumns.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .map(e -> e.getKey() + " (" + e.getValue() + " non-NULL values)").toList();
        if (!refused.isEmpty()) {
            throw new RefusedColumnDrop("the new definition of table " + table + " lacks column(s) holding data: "
                    + String.join(", ", refused) + "; add them to the definition, or name them in the parameter "
                    + "dropColumns to archive their values into data_migration_audit and drop them");
        }
        for (Map.Entry<String, Long> column : withData.entrySet()) {
            archive(connection, table, column.getKey());
        }
        return withData;
    }

    private void archive(Connection connection, String table, String column) throws SQLException {
        if (!io.posdb.sql.SqlIdentifiers.tableExists(connection, "data_migration_audit")) {
            throw new SQLException("cannot archive column " + column + " of table " + table
                    + ": table data_migration_audit does not exist (changeset 0007 creates it)");
        }
        // Identifiers come from the schema itself; every value is bound.
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO data_migration_audit "
                + "(changeset_id, table_name, row_id, column_name, old_value, new_value, note) "
                + "SELECT ?, ?, CAST(rowid AS TEXT), ?, CAST(" + SqlIdentifiers.quoteAny(column) + " AS TEXT), NULL, ? FROM "
                + SqlIdentifiers.quoteAny(table) + " WHERE " + SqlIdentifiers.quoteAny(column) + " IS NOT NULL ORDER BY rowid")) {
            insert.setString(1, changeSetId);
            insert.setString(2, table);
            insert.setString(3, column);
            insert.setString(4, ARCHIVE_NOTE + table);
            insert.executeUpdate();
        }
    }

    private static long nonNullValues(Connection connection, String table, String column) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + SqlIdentifiers.quoteAny(table) + " WHERE "
                     + SqlIdentifiers.quoteAny(column) + " IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Set<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** A refusal, not a database error: its message is the whole story. */
    static final class RefusedColumnDrop extends SQLException {
        RefusedColumnDrop(String message) {
            super(message);
        }
    }
}
