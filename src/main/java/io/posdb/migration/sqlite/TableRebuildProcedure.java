package io.posdb.migration.sqlite;

import io.posdb.migration.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SQLite's twelve-step table rebuild on one connection; see {@link SqliteTableRebuild} for why. */
final class TableRebuildProcedure {

    private static final Logger log = LoggerFactory.getLogger(SqliteTableRebuild.class);

    private final Connection connection;
    private final String table;
    private final String temporary;

    TableRebuildProcedure(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
        this.temporary = "posdb_rebuild_" + table;
    }

    String run(String definition) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new SQLException("the rebuild of " + table + " must run outside a transaction: declare "
                    + "runInTransaction: false on its changeset (PRAGMA foreign_keys is ignored inside one)");
        }
        boolean foreignKeys = pragmaOn("foreign_keys");
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = OFF");                                   // step 1
            connection.setAutoCommit(false);                                                  // step 2
            try {
                long rows = rebuildInTransaction(statement, definition);
                connection.commit();                                                          // step 11
                log.info("Rebuilt table {} ({} rows kept, foreign keys intact)", table, rows);
                return "Rebuilt table " + table + " (" + rows + " rows kept, foreign keys intact)";
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                statement.execute("PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF")); // step 12
            }
        }
    }

    private long rebuildInTransaction(Statement statement, String definition) throws SQLException {
        String quoted = SqlIdentifiers.quote(table);
        List<String> dependents = dependentObjects();                                         // step 3
        List<String> oldColumns = SqlIdentifiers.columns(connection, table);
        long rowsBefore = count(statement, quoted);
        Long sequence = sequence();
        statement.execute(definition.strip().replaceFirst("(?i)^CREATE TABLE \\{table\\}",
                "CREATE TABLE " + SqlIdentifiers.quote(temporary)));                          // step 4
        List<String> shared = new ArrayList<>(SqlIdentifiers.columns(connection, temporary));
        shared.retainAll(oldColumns);
        String columns = String.join(", ", shared.stream().map(SqlIdentifiers::quote).toList());
        statement.execute("INSERT INTO " + SqlIdentifiers.quote(temporary) + " (" + columns + ") SELECT "
                + columns + " FROM " + quoted);                                               // step 5
        statement.execute("DROP TABLE " + quoted);                                            // step 6
        statement.execute("ALTER TABLE " + SqlIdentifiers.quote(temporary) + " RENAME TO " + quoted); // step 7
        for (String sql : dependents) {
            statement.execute(sql);                                                           // step 8
        }
        restoreSequence(sequence);
        long rowsAfter = count(statement, quoted);
        if (rowsAfter != rowsBefore) {
            throw new SQLException("table " + table + " had " + rowsBefore + " rows before the rebuild and "
                    + rowsAfter + " after");
        }
        checkForeignKeys(statement);                                                          // step 10
        return rowsAfter;
    }

    /** Indexes, triggers and views tied to the table, to recreate after the rename. */
    private List<String> dependentObjects() throws SQLException {
        List<String> sql = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT sql FROM sqlite_master "
                + "WHERE tbl_name = ? AND type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY rowid")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sql.add(rs.getString(1));
                }
            }
        }
        return sql;
    }

    /** The AUTOINCREMENT counter, so ids of deleted rows are never handed out again. */
    private Long sequence() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
            if (!rs.next()) {
                return null; // no AUTOINCREMENT table has been written to yet
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void restoreSequence(Long sequence) throws SQLException {
        if (sequence == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE sqlite_sequence SET seq = ? WHERE name = ?")) {
            update.setLong(1, sequence);
            update.setString(2, table);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")) {
                    insert.setString(1, table);
                    insert.setLong(2, sequence);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void checkForeignKeys(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                throw new SQLException("PRAGMA foreign_key_check failed after the rebuild: row " + rs.getString(2)
                        + " of table " + rs.getString(1) + " refers to a missing row of " + rs.getString(3));
            }
        }
    }

    private boolean pragmaOn(String pragma) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private static long count(Statement statement, String quotedTable) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + quotedTable)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
