package io.posdb.migration.sqlite;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQLite's twelve-step table rebuild on one connection in autocommit mode; see
 * {@link SqliteTableRebuild} for why. Step numbers in comments are those of
 * https://www.sqlite.org/lang_altertable.html section 7.
 */
final class TableRebuildProcedure {

    /** How many foreign-key violations the failure message lists. */
    private static final int VIOLATIONS_SHOWN = 5;

    private final Connection connection;
    private final String table;
    private final String quoted;
    private final String temporary;

    TableRebuildProcedure(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
        this.quoted = SqlIdentifiers.quote(table);
        this.temporary = SqlIdentifiers.quote(RebuildTarget.TEMPORARY_PREFIX + table);
    }

    /** What a rebuild kept: rows, columns carried over from the live table, columns archived (values). */
    record Outcome(long rows, List<String> carriedOver, Map<String, Long> archived) {
    }

    /** Rebuilds the table as {@code createTemporarySql} defines it, treating lost columns as {@code policy} says. */
    Outcome run(String createTemporarySql, RebuildColumns policy) throws SQLException {
        ConnectionSettings before = ConnectionSettings.read(connection);                   // steps 1 and 12
        Outcome rows;
        try {
            before.prepareForRebuild(connection);                                         // step 1
            connection.setAutoCommit(false);                                              // step 2
            rows = rebuildInTransaction(createTemporarySql, policy);
            connection.commit();                                                          // step 11
        } catch (SQLException | RuntimeException e) {
            undo(before, e);
            throw e;
        }
        before.restore(connection);                                                       // step 12
        return rows;
    }

    /** Rolls back and restores the connection, keeping {@code failure} as the exception that counts. */
    private void undo(ConnectionSettings before, Exception failure) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            before.restore(connection);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private Outcome rebuildInTransaction(String createTemporarySql, RebuildColumns policy) throws SQLException {
        List<String> dependents = indexesAndTriggers();                                    // step 3
        List<String> oldColumns = columns(quoted);
        long rowsBefore = count();
        AutoincrementCounter counter = AutoincrementCounter.read(connection, table);
        List<String> carried;
        Map<String, Long> archived;
        try (Statement statement = connection.createStatement()) {
            statement.execute(createTemporarySql);                                         // step 4
            carried = policy.carryOver(connection, table, temporary, columns(temporary));
            List<String> newColumns = columns(temporary);
            Set<String> kept = RebuildColumns.lower(newColumns);
            archived = policy.archiveOrRefuse(connection, table, oldColumns.stream()
                    .filter(c -> !kept.contains(c.toLowerCase(Locale.ROOT))).toList());
            List<String> shared = new ArrayList<>(newColumns);
            shared.retainAll(oldColumns);
            String columns = String.join(", ", shared.stream().map(SqlIdentifiers::quoteAny).toList());
            statement.execute("INSERT INTO " + temporary + " (" + columns + ") SELECT " + columns
                    + " FROM " + quoted);                                                  // step 5
            statement.execute("DROP TABLE " + quoted);                                     // step 6
            statement.execute("ALTER TABLE " + temporary + " RENAME TO " + quoted);        // step 7
            for (String sql : dependents) {
                statement.execute(sql);                                                    // step 8
            }
        }
        counter.restore(connection);                                                       // step 9
        checkViewsStillWork();
        long rowsAfter = count();
        if (rowsAfter != rowsBefore) {
            throw new SQLException("table " + table + " had " + rowsBefore + " rows before the rebuild and "
                    + rowsAfter + " after");
        }
        checkForeignKeys();                                                                // step 10
        return new Outcome(rowsAfter, carried, archived);
    }

    /**
     * Indexes and triggers of the table: DROP TABLE removes them, so they are recreated.
     * Automatic indexes (UNIQUE, PRIMARY KEY) have no SQL and come back with the new
     * definition. Views are not dropped with the table and stay as they are (see
     * {@link #checkViewsStillWork}).
     */
    private List<String> indexesAndTriggers() throws SQLException {
        List<String> sql = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT sql FROM sqlite_master "
                + "WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sql.add(rs.getString(1));
                }
            }
        }
        return sql;
    }

    /** A view that used a column the new definition no longer has would fail only when next read: fail now. */
    private void checkViewsStillWork() throws SQLException {
        List<String> views = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'view'")) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        for (String view : views) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT * FROM " + SqlIdentifiers.quoteAny(view) + " LIMIT 0").close();
            } catch (SQLException e) {
                throw new SQLException("view " + view + " no longer works after the rebuild: " + e.getMessage(), e);
            }
        }
    }

    private void checkForeignKeys() throws SQLException {
        List<String> violations = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next() && violations.size() < VIOLATIONS_SHOWN) {
                violations.add("row " + rs.getString("rowid") + " of table " + rs.getString("table")
                        + " refers to a missing row of " + rs.getString("parent"));
            }
        }
        if (!violations.isEmpty()) {
            throw new SQLException("PRAGMA foreign_key_check found violations (first " + violations.size() + "): "
                    + String.join("; ", violations));
        }
    }

    private List<String> columns(String quotedName) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA table_info(" + quotedName + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        return columns;
    }

    private long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + quoted)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
