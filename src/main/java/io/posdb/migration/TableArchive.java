package io.posdb.migration;

import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a table only a newer release knew is kept when it goes: whole, as {@code archived_<table>}, holding its rows and
 * columns and constraining nothing. A plain rename would keep its foreign keys, so the older release's own writes
 * would cascade into the archive (a legacy {@code delete from user} emptying {@code archived_payment} through
 * {@code payment.sale_id ... on delete cascade}) or be refused by it ({@code delete from sale}: "FOREIGN KEY
 * constraint failed"); its triggers and unique constraints could refuse or change writes too. So the archive keeps
 * no foreign key (neither its own nor another table's to it), trigger, index or other constraint: the values only.
 */
public final class TableArchive {

    private TableArchive() {
    }

    /** What {@link #archive} did: the archive's name (null when the empty table was dropped) and the rows it moved. */
    public record Archived(String table, long rowsMoved) {
    }

    /**
     * Drops {@code table} when it is empty, else moves it whole into {@code archived_<table>} (or
     * {@code archived_<table>_2}, … when an earlier archive has that name). SQLite: the connection must be in
     * autocommit (PRAGMA foreign_keys only takes effect outside a transaction, and with foreign keys on, dropping the
     * table after the copy would cascade to tables referencing it); the copy runs in one transaction of its own.
     * {@code sqlite} is the caller's {@code Engine.of(connection)}: the custom changes' package does not know the
     * connection layer.
     */
    public static Archived archive(Connection connection, String table, boolean sqlite) throws SQLException {
        if (Jdbc.rowCount(connection, table) == 0) {
            execute(connection, "DROP TABLE " + SqlIdentifiers.quoteAny(table));
            return new Archived(null, 0);
        }
        String archived = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table;
        for (int n = 2; Jdbc.tableExists(connection, archived); n++) {
            archived = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table + "_" + n;
        }
        if (sqlite) {
            return new Archived(archived, copyIntoPlainTable(connection, table, archived));
        }
        execute(connection, "ALTER TABLE " + SqlIdentifiers.quoteAny(table) + " RENAME TO "
                + SqlIdentifiers.quoteAny(archived));
        dropWhatConstrainsPostgres(connection, archived);
        return new Archived(archived, 0);
    }

    /**
     * SQLite cannot drop a constraint: the rows are copied into a table declaring only the columns and their types,
     * and the table dropped, with foreign keys off so the drop cascades nowhere (its indexes and triggers go with it).
     * Returns the rows copied.
     */
    private static long copyIntoPlainTable(Connection connection, String table, String archived) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new SQLException("cannot archive table " + table + " inside a transaction: PRAGMA foreign_keys "
                    + "would have no effect and dropping the table would cascade");
        }
        boolean foreignKeys = Jdbc.rows(connection, "PRAGMA foreign_keys", List.of(), rs -> rs.getInt(1)).get(0) == 1;
        List<String[]> columns = Jdbc.rows(connection, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid",
                List.of(table), rs -> new String[] {rs.getString(1), rs.getString(2)});
        String declared = columns.stream().map(c -> (SqlIdentifiers.quoteAny(c[0]) + " " + c[1]).strip())
                .collect(Collectors.joining(", "));
        String names = columns.stream().map(c -> SqlIdentifiers.quoteAny(c[0])).collect(Collectors.joining(", "));
        execute(connection, "PRAGMA foreign_keys = OFF");
        try {
            connection.setAutoCommit(false);
            execute(connection, "CREATE TABLE " + SqlIdentifiers.quoteAny(archived) + " (" + declared + ")");
            long copied;
            try (Statement statement = connection.createStatement()) {
                copied = statement.executeUpdate("INSERT INTO " + SqlIdentifiers.quoteAny(archived) + " (" + names
                        + ") SELECT " + names + " FROM " + SqlIdentifiers.quoteAny(table));
            }
            execute(connection, "DROP TABLE " + SqlIdentifiers.quoteAny(table));
            connection.commit();
            return copied;
        } catch (SQLException | RuntimeException e) {
            Jdbc.rollBackAfter(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
            execute(connection, "PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF"));
        }
    }

    /**
     * PostgreSQL: after the rename, the foreign keys of other tables to the archive go first (its primary key and
     * unique constraints cannot go while one depends on them), then its own constraints, its triggers and its
     * indexes. NOT NULL stays: it refuses no write but the archive's own, which nobody makes.
     */
    private static void dropWhatConstrainsPostgres(Connection connection, String archived) throws SQLException {
        String regclass = SqlIdentifiers.quoteAny(archived);
        List<String> statements = new ArrayList<>(Jdbc.rows(connection, "SELECT 'ALTER TABLE ' || conrelid::regclass "
                + "|| ' DROP CONSTRAINT ' || quote_ident(conname) FROM pg_constraint WHERE contype = 'f' AND "
                + "(confrelid = CAST(? AS regclass) OR conrelid = CAST(? AS regclass)) ORDER BY conrelid, conname",
                List.of(regclass, regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT '"
                + " || quote_ident(conname) FROM pg_constraint WHERE contype IN ('p', 'u', 'x', 'c') AND conrelid = "
                + "CAST(? AS regclass) ORDER BY conname", List.of(regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT 'DROP TRIGGER ' || quote_ident(tgname) || ' ON ' || "
                + "tgrelid::regclass FROM pg_trigger WHERE tgrelid = CAST(? AS regclass) AND NOT tgisinternal "
                + "ORDER BY tgname", List.of(regclass), rs -> rs.getString(1)));
        for (String sql : statements) {
            execute(connection, sql);
        }
        // Read after the constraints went: the indexes that backed them went with them.
        for (String sql : Jdbc.rows(connection, "SELECT 'DROP INDEX ' || indexrelid::regclass FROM pg_index "
                + "WHERE indrelid = CAST(? AS regclass)", List.of(regclass), rs -> rs.getString(1))) {
            execute(connection, sql);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
