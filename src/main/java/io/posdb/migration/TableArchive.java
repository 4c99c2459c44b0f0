package io.posdb.migration;

import io.posdb.sql.DanglingReferences;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a table only a newer release knew is kept when it goes: whole, as {@code archived_<table>}, holding its rows and
 * columns and constraining nothing. A plain rename would keep its foreign keys, so the older release's own writes
 * would cascade into the archive (a legacy {@code delete from user} emptying {@code archived_payment} through
 * {@code payment.sale_id ... on delete cascade}) or be refused by it ({@code delete from sale}: "FOREIGN KEY
 * constraint failed"); its triggers and unique constraints could refuse or change writes too. So the archive keeps
 * no foreign key (neither its own nor another table's to it), trigger, index or other constraint: the values only.
 * The same archive keeps a removed entity's table ({@link ArchiveTable}), recording what makes the table again
 * ({@link #archiveRecorded}), which its rollback and {@code posdb downgrade} give back ({@link #restore}).
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
     * {@code sqlite}, here and below, is the caller's answer to which engine the connection is on ({@code
     * Engine.of(connection)}, or the Liquibase database a custom change runs on): the custom changes' package does not
     * know the connection layer, and posdb tells a connection's engine one way.
     */
    public static Archived archive(Connection connection, String table, boolean sqlite) throws SQLException {
        if (Jdbc.rowCount(connection, table) == 0) {
            Jdbc.execute(connection, "DROP TABLE " + SqlIdentifiers.quoteAny(table));
            return new Archived(null, 0);
        }
        return move(connection, table, sqlite, false, archived -> { });
    }

    /**
     * What {@link #archiveRecorded} keeps besides the rows, in the archive's transaction: the statements that make
     * the table again as it was, and the archive's name, as one {@code data_migration_audit} row.
     */
    @FunctionalInterface
    private interface RecordOfTheMove {
        void write(String archived) throws SQLException;
    }

    /**
     * Moves {@code table} whole into its archive as {@link #archive} does, even when it is empty, and records in
     * {@code data_migration_audit} what {@link #restore} needs to give it back as it was: one row (row_id
     * {@link ColumnArchive#DEFINITIONS_ROW}, column_name {@value #TABLE_ROW_COLUMN}) whose old_value is a JSON
     * array of the statements that make it again, read from the database now, and whose new_value is the archive's
     * name. Read from the database, not taken from the changelog: a shop's table has what its file has (an index made
     * by hand, a legacy definition), and PostgreSQL's definition is known only to the server. SQLite: the table's
     * CREATE statement, then its indexes' and triggers'; the archive keeps no type but the declared ones, so the
     * table is made again from its own CREATE and the rows copied back. PostgreSQL: the archive is the table renamed
     * (columns, types, defaults, NOT NULL, CHECKs, sequences kept), so only what it drops is recorded: its key and
     * unique constraints, its indexes, its own and other tables' foreign keys, its triggers, as the server prints them.
     * An empty table is archived too, not dropped: on PostgreSQL dropping it would drop what makes it (the
     * sequences its columns own), which the restore could not make again from the catalog. Written in the
     * archive's own transaction, so the record and the archive exist together or not at all.
     */
    public static Archived archiveRecorded(Connection connection, String changeSetId, String table, String why,
                                           boolean sqlite) throws SQLException {
        if (!Jdbc.tableExists(connection, SqlIdentifiers.AUDIT_TABLE)) {
            throw new SQLException("cannot archive table " + table + ": table " + SqlIdentifiers.AUDIT_TABLE
                    + " does not exist (changeset 0007 creates it)");
        }
        List<String> definitions = sqlite ? sqliteDefinitions(connection, table)
                : postgresDefinitions(connection, table);
        return move(connection, table, sqlite, true, archived -> ColumnArchive.recordDefinitions(connection,
                changeSetId, table, TABLE_ROW_COLUMN, definitions, archived, "table archived whole into " + archived
                + ", " + why));
    }

    /** The column_name of the row {@link #archiveRecorded} writes: the table's, not one column's. */
    public static final String TABLE_ROW_COLUMN = "(table)";

    /**
     * {@code changeSetId} recorded an archive of {@code table} ({@link #archiveRecorded}), which {@link #restore} gives
     * back; false when it recorded none: the changeset archived nothing, or moved the table otherwise.
     */
    public static boolean recorded(Connection connection, String changeSetId, String table) throws SQLException {
        return ColumnArchive.latestDefinitions(connection, changeSetId, table, TABLE_ROW_COLUMN).isPresent();
    }

    /** What {@link #restore} gave back: the archive it emptied and the rows it moved back. */
    public record Restored(String archive, long rows) {
    }

    /**
     * Gives back the table {@code changeSetId} archived ({@link #archiveRecorded}, its latest record): the table made
     * again from the recorded statements, with every row of its archive, and the archive gone. Empty when the
     * changeset recorded no archive of the table (it was marked as ran: the table was already gone). Refuses, changing
     * nothing, when the table exists again or the archive is missing. SQLite: the connection must be in autocommit,
     * as for {@link #archive}; the rows are copied back by the columns both have, with foreign keys off (the table's
     * drop and the copy cascade nowhere), in one transaction that fails if a reference would be left dangling.
     * PostgreSQL: the archive is renamed back and what constrained the table made again, in the caller's transaction.
     */
    public static Optional<Restored> restore(Connection connection, String changeSetId, String table, boolean sqlite)
            throws SQLException {
        Optional<ColumnArchive.Definitions> recorded = ColumnArchive.latestDefinitions(connection, changeSetId, table,
                TABLE_ROW_COLUMN);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        List<String> statements = recorded.get().statements();
        String archive = recorded.get().newValue();
        if (Jdbc.tableExists(connection, table)) {
            throw new SQLException("cannot give table " + table + " back from " + archive + ": a table " + table
                    + " exists again");
        }
        if (!Jdbc.tableExists(connection, archive)) {
            throw new SQLException("cannot give table " + table + " back: its archive " + archive + " is missing");
        }
        long rows = Jdbc.rowCount(connection, archive);
        if (sqlite) {
            copyBack(connection, table, archive, statements, rows);
        } else {
            Jdbc.execute(connection, "ALTER TABLE " + SqlIdentifiers.quoteAny(archive) + " RENAME TO "
                    + SqlIdentifiers.quoteAny(table));
            for (String statement : statements) {
                Jdbc.execute(connection, statement);
            }
        }
        return Optional.of(new Restored(archive, rows));
    }

    /**
     * SQLite: the table made again by its recorded CREATE, the rows copied back, the archive dropped, then its indexes
     * (a unique one judges the rows as they are back) and triggers (none fires on the copy).
     */
    private static void copyBack(Connection connection, String table, String archive, List<String> statements,
                                 long rows) throws SQLException {
        DanglingReferences before = DanglingReferences.of(connection);
        withForeignKeysOff(connection, "give table " + table + " back", () -> {
            Jdbc.execute(connection, statements.get(0));
            List<String> archived = Jdbc.columns(connection, archive);
            String names = Jdbc.columns(connection, table).stream().filter(archived::contains)
                    .map(SqlIdentifiers::quoteAny).collect(Collectors.joining(", "));
            Jdbc.execute(connection, "INSERT INTO " + SqlIdentifiers.quoteAny(table) + " (" + names + ") SELECT "
                    + names + " FROM " + SqlIdentifiers.quoteAny(archive));
            Jdbc.execute(connection, "DROP TABLE " + SqlIdentifiers.quoteAny(archive));
            for (String statement : statements.subList(1, statements.size())) {
                Jdbc.execute(connection, statement);
            }
            if (Jdbc.rowCount(connection, table) != rows) {
                throw new SQLException("table " + table + " holds " + Jdbc.rowCount(connection, table) + " rows after "
                        + "the copy back from " + archive + ", which held " + rows);
            }
            DanglingReferences added = DanglingReferences.of(connection).addedSince(before);
            if (!added.isEmpty()) {
                throw new SQLException("giving table " + table + " back would leave references dangling ("
                        + added.counts() + "): " + added.firstRows());
            }
            return rows;
        });
    }

    /** SQLite: the table's CREATE statement first, then its indexes' and triggers', as the file keeps them. */
    private static List<String> sqliteDefinitions(Connection connection, String table) throws SQLException {
        return Jdbc.rows(connection, "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                + "AND type IN ('table', 'index', 'trigger') ORDER BY type <> 'table', rowid", List.of(table),
                rs -> rs.getString(1));
    }

    /**
     * PostgreSQL, before the archive drops them: the table's primary key, unique and exclusion constraints (with the
     * indexes behind them), its other indexes, the foreign keys from and to it, its triggers; in the order they can be
     * made again. Not its CHECKs: the archive keeps them ({@link #move}).
     */
    private static List<String> postgresDefinitions(Connection connection, String table) throws SQLException {
        String regclass = SqlIdentifiers.quoteAny(table);
        List<String> statements = new ArrayList<>(Jdbc.rows(connection, "SELECT 'ALTER TABLE ' || conrelid::regclass "
                + "|| ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE contype IN ('p', 'u', 'x') AND conrelid = CAST(? AS regclass) "
                + "ORDER BY contype <> 'p', conname", List.of(regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE "
                + "i.indrelid = CAST(? AS regclass) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE "
                + "c.conindid = i.indexrelid AND c.conrelid = i.indrelid) ORDER BY i.indexrelid::regclass::text",
                List.of(regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT 'ALTER TABLE ' || conrelid::regclass || ' ADD CONSTRAINT ' "
                + "|| quote_ident(conname) || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
                + "AND (conrelid = CAST(? AS regclass) OR confrelid = CAST(? AS regclass)) ORDER BY conrelid, conname",
                List.of(regclass, regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = "
                + "CAST(? AS regclass) AND NOT tgisinternal ORDER BY tgname", List.of(regclass),
                rs -> rs.getString(1)));
        return statements;
    }


    /** Work in {@link #withForeignKeysOff}'s transaction; returns the rows it moved. */
    @FunctionalInterface
    private interface WithoutForeignKeys {
        long run() throws SQLException;
    }

    /**
     * SQLite: {@code work} in one transaction of its own with foreign keys off, so that dropping a table cascades
     * nowhere, and the connection's setting given back after, whatever happens; all or nothing. The connection must
     * be in autocommit: PRAGMA foreign_keys takes effect only outside a transaction.
     */
    private static long withForeignKeysOff(Connection connection, String what, WithoutForeignKeys work)
            throws SQLException {
        requireAutocommit(connection, what);
        boolean foreignKeys = Jdbc.rows(connection, "PRAGMA foreign_keys", List.of(), rs -> rs.getInt(1)).get(0) == 1;
        Jdbc.execute(connection, "PRAGMA foreign_keys = OFF");
        try {
            connection.setAutoCommit(false);
            long moved = work.run();
            connection.commit();
            return moved;
        } catch (SQLException | RuntimeException e) {
            Jdbc.rollBackAfter(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
            Jdbc.execute(connection, "PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF"));
        }
    }

    private static void requireAutocommit(Connection connection, String what) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new SQLException("cannot " + what + " inside a transaction: PRAGMA foreign_keys would have no "
                    + "effect and dropping a table would cascade");
        }
    }

    /**
     * Moves {@code table} whole into its archive, empty or not (see {@link #archive}), writing {@code record} in the
     * move's transaction. {@code keepChecks}
     * (PostgreSQL): the archive keeps the table's CHECKs, which refuse no write but the archive's own, as NOT NULL
     * does; for {@link #archiveRecorded}, whose restore could not make them again as they were: the server prints a
     * CHECK in a text that, added again, it prints otherwise (the casts of an IN list move), which drift reads as a
     * changed CHECK.
     */
    private static Archived move(Connection connection, String table, boolean sqlite, boolean keepChecks,
                                 RecordOfTheMove record) throws SQLException {
        String archived = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table;
        for (int n = 2; Jdbc.tableExists(connection, archived); n++) {
            archived = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table + "_" + n;
        }
        if (sqlite) {
            return new Archived(archived, copyIntoPlainTable(connection, table, archived, record));
        }
        Jdbc.execute(connection, "ALTER TABLE " + SqlIdentifiers.quoteAny(table) + " RENAME TO "
                + SqlIdentifiers.quoteAny(archived));
        dropWhatConstrainsPostgres(connection, archived, keepChecks);
        record.write(archived);
        return new Archived(archived, 0);
    }

    /**
     * SQLite cannot drop a constraint: the rows are copied into a table declaring only the columns and their types,
     * and the table dropped, with foreign keys off so the drop cascades nowhere (its indexes and triggers go with it).
     * Returns the rows copied.
     */
    private static long copyIntoPlainTable(Connection connection, String table, String archived, RecordOfTheMove record)
            throws SQLException {
        List<String[]> columns = Jdbc.rows(connection, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid",
                List.of(table), rs -> new String[] {rs.getString(1), rs.getString(2)});
        String declared = columns.stream().map(c -> (SqlIdentifiers.quoteAny(c[0]) + " " + c[1]).strip())
                .collect(Collectors.joining(", "));
        String names = columns.stream().map(c -> SqlIdentifiers.quoteAny(c[0])).collect(Collectors.joining(", "));
        return withForeignKeysOff(connection, "archive table " + table, () -> {
            Jdbc.execute(connection, "CREATE TABLE " + SqlIdentifiers.quoteAny(archived) + " (" + declared + ")");
            long copied;
            try (Statement statement = connection.createStatement()) {
                copied = statement.executeUpdate("INSERT INTO " + SqlIdentifiers.quoteAny(archived) + " (" + names
                        + ") SELECT " + names + " FROM " + SqlIdentifiers.quoteAny(table));
            }
            Jdbc.execute(connection, "DROP TABLE " + SqlIdentifiers.quoteAny(table));
            record.write(archived);
            return copied;
        });
    }

    /**
     * PostgreSQL: after the rename, the foreign keys of other tables to the archive go first (its primary key and
     * unique constraints cannot go while one depends on them), then its own constraints, its triggers and its
     * indexes. NOT NULL stays: it refuses no write but the archive's own, which nobody makes.
     */
    private static void dropWhatConstrainsPostgres(Connection connection, String archived, boolean keepChecks)
            throws SQLException {
        String regclass = SqlIdentifiers.quoteAny(archived);
        List<String> statements = new ArrayList<>(Jdbc.rows(connection, "SELECT 'ALTER TABLE ' || conrelid::regclass "
                + "|| ' DROP CONSTRAINT ' || quote_ident(conname) FROM pg_constraint WHERE contype = 'f' AND "
                + "(confrelid = CAST(? AS regclass) OR conrelid = CAST(? AS regclass)) ORDER BY conrelid, conname",
                List.of(regclass, regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT '"
                + " || quote_ident(conname) FROM pg_constraint WHERE contype IN ('p', 'u', 'x'"
                + (keepChecks ? "" : ", 'c'") + ") AND conrelid = CAST(? AS regclass) ORDER BY conname",
                List.of(regclass), rs -> rs.getString(1)));
        statements.addAll(Jdbc.rows(connection, "SELECT 'DROP TRIGGER ' || quote_ident(tgname) || ' ON ' || "
                + "tgrelid::regclass FROM pg_trigger WHERE tgrelid = CAST(? AS regclass) AND NOT tgisinternal "
                + "ORDER BY tgname", List.of(regclass), rs -> rs.getString(1)));
        for (String sql : statements) {
            Jdbc.execute(connection, sql);
        }
        // Read after the constraints went: the indexes that backed them went with them.
        for (String sql : Jdbc.rows(connection, "SELECT 'DROP INDEX ' || indexrelid::regclass FROM pg_index "
                + "WHERE indrelid = CAST(? AS regclass)", List.of(regclass), rs -> rs.getString(1))) {
            Jdbc.execute(connection, sql);
        }
    }

}
