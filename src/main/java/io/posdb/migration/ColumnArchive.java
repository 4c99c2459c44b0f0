package io.posdb.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a column's values are kept before the column goes: one {@code data_migration_audit} row per
 * non-NULL value (row key, old value, note {@code archived: ...}), and for a column with a default one per NULL
 * too (old value NULL), which {@code RestoreArchivedColumn} and a downgrade read back. A restore gives a row without
 * an archive row (one added after the drop) what the column gives a new row: its default, or NULL. A row that held
 * NULL must get NULL back, so where the default is not NULL the archive says which rows those were; where there is
 * no default, NULL is what they get anyway, and the archive stays one row per value. One statement for the SQLite
 * rebuild, posdb downgrade's undo and the changesets the generator writes (there as SQL text, with the values as
 * literals); the restore that reads them back, the same two ways. Beside the values, one row per drop keeps the
 * indexes and constraints the engine dropped with the column ({@link #DEFINITIONS_ROW}), which the restore makes
 * again.
 */
public final class ColumnArchive {

    /** What every archive row's note starts with; restores and lint recognise archive rows by it. */
    public static final String NOTE_PREFIX = "archived: ";

    /**
     * The row_id of the one archive row a drop writes for the indexes and constraints that went with the column
     * (SQLite: the indexes that name it, in their key, an expression or a WHERE; PostgreSQL: its CHECKs, foreign
     * keys, unique constraints and indexes): its old_value is a JSON array of the statements that make them again,
     * in order, under their names; empty when none went. Its note is not a value's ({@link #NOTE_PREFIX}), so no
     * value restore or list of archived values takes it for one, and readers of audited value changes leave this
     * row_id out. A restore reads the latest one: a drop rolled back and made again records them again.
     */
    public static final String DEFINITIONS_ROW = "(definitions)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ColumnArchive() {
    }

    /** Records {@code statements} (they make the indexes and constraints dropped with the column) as the drop's. */
    public static void archiveDefinitions(Connection connection, String changeSetId, String table, String column,
                                          List<String> statements, String why) throws SQLException {
        recordDefinitions(connection, changeSetId, table, column, statements, null, definitionsNote(why));
    }

    /** The note of a {@link #DEFINITIONS_ROW}. */
    public static String definitionsNote(String why) {
        return "indexes and constraints dropped with the column, " + why;
    }

    /**
     * What a {@link #DEFINITIONS_ROW} holds: the statements, in order, and its new_value (NULL for a column's; the
     * archive's name for a whole table's, {@code TableArchive}).
     */
    public record Definitions(List<String> statements, String newValue) {
    }

    /**
     * Writes one {@link #DEFINITIONS_ROW}: for a dropped column (column_name the column's) or a table archived whole
     * (column_name {@code TableArchive.TABLE_ROW_COLUMN}), one record format that {@link #latestDefinitions} reads.
     */
    static void recordDefinitions(Connection connection, String changeSetId, String table, String column,
                                  List<String> statements, String newValue, String note) throws SQLException {
        String array;
        try {
            array = JSON.writeValueAsString(statements);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        List<Object> values = new ArrayList<>(List.of(changeSetId, table, DEFINITIONS_ROW, column, array));
        values.add(newValue); // may be NULL: List.of refuses it
        values.add(note);
        try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO \"data_migration_audit\" (changeset_id, "
                + "table_name, row_id, column_name, old_value, new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?)", values)) {
            insert.executeUpdate();
        }
    }

    /**
     * The latest {@link #DEFINITIONS_ROW} {@code changeSetId} wrote for {@code table}'s {@code column}; empty when it
     * wrote none (or ran before posdb recorded them, or no archive was ever made).
     */
    static Optional<Definitions> latestDefinitions(Connection connection, String changeSetId, String table,
                                                   String column) throws SQLException {
        if (!Jdbc.tableExists(connection, SqlIdentifiers.AUDIT_TABLE)) { // nothing was ever archived
            return Optional.empty();
        }
        List<String[]> latest = Jdbc.rows(connection, "SELECT old_value, new_value FROM \"data_migration_audit\" "
                + "WHERE changeset_id = ? AND table_name = ? AND column_name = ? AND row_id = ? ORDER BY id DESC LIMIT 1",
                List.of(changeSetId, table, column, DEFINITIONS_ROW), rs -> new String[] {rs.getString(1), rs.getString(2)});
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Definitions(List.of(JSON.readValue(latest.get(0)[0], String[].class)),
                    latest.get(0)[1]));
        } catch (JsonProcessingException e) {
            throw new SQLException("the " + DEFINITIONS_ROW + " row of " + table + "." + column + " that " + changeSetId
                    + " wrote in " + SqlIdentifiers.AUDIT_TABLE + " is not a JSON array of statements: "
                    + latest.get(0)[0], e);
        }
    }

    /**
     * The statements the latest drop of the column by {@code changeSetId} recorded ({@link #archiveDefinitions}), in
     * the order they make the indexes and constraints again; none when it recorded none (or was made before posdb
     * recorded them).
     */
    public static List<String> archivedDefinitions(Connection connection, String changeSetId, String table,
                                                   String column) throws SQLException {
        return latestDefinitions(connection, changeSetId, table, column).map(Definitions::statements).orElse(List.of());
    }

    /**
     * Makes again what the drop of {@code columns} by {@code changeSetId} took with them ({@link #archivedDefinitions}),
     * in order, each statement once (an index on two dropped columns was recorded for each), for the generated
     * rollback ({@code RestoreArchivedColumn}) and posdb downgrade alike. A statement also recorded for a column of
     * the drop that is not back yet is left to that column's restore: a rollback brings the columns back one at a
     * time, and an index naming a missing column cannot be made; the restore of the last of its columns makes it.
     * Returns how many statements it ran.
     */
    public static int makeAgain(Connection connection, String changeSetId, String table, List<String> columns)
            throws SQLException {
        Set<String> statements = new LinkedHashSet<>();
        for (String column : columns) {
            statements.addAll(archivedDefinitions(connection, changeSetId, table, column));
        }
        if (statements.isEmpty()) {
            return 0;
        }
        List<String> present = Jdbc.columns(connection, table);
        for (String dropped : Jdbc.rows(connection, "SELECT DISTINCT column_name FROM \"data_migration_audit\" WHERE "
                + "changeset_id = ? AND table_name = ? AND row_id = ?", List.of(changeSetId, table, DEFINITIONS_ROW),
                rs -> rs.getString(1))) {
            if (present.stream().noneMatch(dropped::equalsIgnoreCase)) {
                statements.removeAll(archivedDefinitions(connection, changeSetId, table, dropped));
            }
        }
        Jdbc.execute(connection, statements.toArray(String[]::new));
        return statements.size();
    }

    /**
     * The column archive rows name a table's rows by, one rule for whoever writes or reads them (a table rebuild, the
     * generator's changesets, a downgrade, a restore): the primary key when it is one column (an INTEGER id, or a
     * TEXT code), else the column {@code id}, else SQLite's rowid. A key the table keeps comes first: a rebuild
     * copies rows by their columns, so the rowids of a table without an INTEGER PRIMARY KEY are renumbered, and a
     * rowid archived before one may name another row after it. A table with neither (nor a rowid: WITHOUT ROWID with
     * a key of several columns) cannot be archived: the archive statement fails, and nothing is changed.
     */
    public static String keyColumn(List<String> primaryKey, List<String> columns) {
        if (primaryKey.size() == 1) {
            return primaryKey.get(0);
        }
        return columns.stream().filter("id"::equalsIgnoreCase).findFirst().orElse("rowid");
    }

    /** {@link #keyColumn(List, List)} of the table as the connection's metadata has it now. */
    public static String keyColumn(Connection connection, String table) throws SQLException {
        List<String> primaryKey = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(null, null, table)) {
            while (rs.next()) {
                primaryKey.add(rs.getString("COLUMN_NAME"));
            }
        }
        return keyColumn(primaryKey, Jdbc.columns(connection, table));
    }

    /**
     * Archives the values now, every value bound, its NULLs too when the column has a default (read from the
     * connection's metadata, as the column is now); returns how many rows were written.
     */
    public static int archive(Connection connection, String changeSetId, String table, String key, String column,
                              String why) throws SQLException {
        try (PreparedStatement insert = Jdbc.prepare(connection, statement(table, key, column,
                Jdbc.columnDefault(connection, table, column).isPresent(), "?", "?", "?", "?"),
                List.of(changeSetId, table, column, NOTE_PREFIX + why))) {
            return insert.executeUpdate();
        }
    }

    /**
     * The same statement as text for a changelog, its values as SQL literals; {@code hasDefault}: the column has a
     * default on the engine the changeset runs on (its NULLs are archived too).
     */
    public static String sql(String changeSetId, String table, String key, String column, boolean hasDefault,
                             String why) {
        return statement(table, key, column, hasDefault, SqlIdentifiers.literal(changeSetId),
                SqlIdentifiers.literal(table), SqlIdentifiers.literal(column), SqlIdentifiers.literal(NOTE_PREFIX + why));
    }

    /**
     * Puts archived values back into the column (which must exist again): each row its latest archive
     * row's value, cast to {@code type}, NULL included; rows without one keep what they have. Returns the rows set.
     */
    public static int restore(Connection connection, String changeSetId, String table, String key, String column,
                              String type) throws SQLException {
        // The archive rows are named twice: in the value's subquery and in the EXISTS that picks the rows.
        try (PreparedStatement fill = Jdbc.prepare(connection, restoreStatement(table, key, column, type, "?",
                "?", "?"), List.of(changeSetId, table, column, changeSetId, table, column))) {
            return fill.executeUpdate();
        }
    }

    /** The same restore as text for a changelog, its values as SQL literals. */
    public static String restoreSql(String changeSetId, String table, String key, String column, String type) {
        return restoreStatement(table, key, column, type, SqlIdentifiers.literal(changeSetId),
                SqlIdentifiers.literal(table), SqlIdentifiers.literal(column));
    }

    private static String restoreStatement(String table, String key, String column, String type, String changeSetId,
                                           String tableName, String columnName) {
        String q = SqlIdentifiers.quoteAny(table);
        String archived = archiveRowsOfEachRow(table, key, changeSetId, tableName, columnName);
        return "UPDATE " + q + " SET " + SqlIdentifiers.quoteAny(column) + " = (SELECT CAST(a.old_value AS " + type + ")"
                + archived + " ORDER BY a.id DESC LIMIT 1) WHERE EXISTS (SELECT 1" + archived + ")";
    }

    /**
     * Gives the rows without an archive row of the column, those added after the drop, {@code value} (an SQL
     * expression: the column's default): what a new row gets, as SQLite's rebuild gives them. Run after
     * {@link #restore}; right only for an archive that kept the column's NULLs ({@link #archive}, a column with a
     * default). Returns the rows set.
     */
    public static int fillNotArchived(Connection connection, String changeSetId, String table, String key,
                                      String column, String value) throws SQLException {
        try (PreparedStatement fill = Jdbc.prepare(connection, fillNotArchivedStatement(table, key, column, value, "?",
                "?", "?"), List.of(changeSetId, table, column))) {
            return fill.executeUpdate();
        }
    }

    /** The same fill as text for a changelog, its values as SQL literals ({@code value} as it is: SQL). */
    public static String fillNotArchivedSql(String changeSetId, String table, String key, String column,
                                            String value) {
        return fillNotArchivedStatement(table, key, column, value, SqlIdentifiers.literal(changeSetId),
                SqlIdentifiers.literal(table), SqlIdentifiers.literal(column));
    }

    private static String fillNotArchivedStatement(String table, String key, String column, String value,
                                                   String changeSetId, String tableName, String columnName) {
        return "UPDATE " + SqlIdentifiers.quoteAny(table) + " SET " + SqlIdentifiers.quoteAny(column) + " = " + value
                + " WHERE NOT EXISTS (SELECT 1" + archiveRowsOfEachRow(table, key, changeSetId, tableName, columnName)
                + ")";
    }

    /** The archive rows of the table's row at hand (in an UPDATE or SELECT of {@code table}), from FROM on. */
    private static String archiveRowsOfEachRow(String table, String key, String changeSetId, String tableName,
                                               String columnName) {
        return " FROM \"data_migration_audit\" a WHERE a.changeset_id = " + changeSetId + " AND a.table_name = "
                + tableName + " AND a.column_name = " + columnName + " AND a.row_id = CAST("
                + SqlIdentifiers.quoteAny(table) + "." + SqlIdentifiers.quoteAny(key) + " AS VARCHAR) AND a.note LIKE "
                + "'archived:%'";
    }

    /**
     * The keys of the rows the archive holds no value of the column for, in key order: rows added after the drop,
     * or rows whose value was NULL (never archived). Read before the column is added back, so a restore that cannot
     * give those rows a value refuses before it writes anything.
     */
    public static List<String> keysNotArchived(Connection connection, String changeSetId, String table, String key,
                                               String column) throws SQLException {
        if (!Jdbc.tableExists(connection, SqlIdentifiers.AUDIT_TABLE)) { // nothing was ever archived: no row has one
            return Jdbc.rows(connection, keysWhere(table, key, ""), List.of(), rs -> rs.getString(1));
        }
        return Jdbc.rows(connection, keysNotArchivedStatement(table, key, "?", "?", "?"),
                List.of(changeSetId, table, column), rs -> rs.getString(1));
    }

    /** The same query as text for a changelog, its values as SQL literals: one column of keys as VARCHAR. */
    public static String keysNotArchivedSql(String changeSetId, String table, String key, String column) {
        return keysNotArchivedStatement(table, key, SqlIdentifiers.literal(changeSetId), SqlIdentifiers.literal(table),
                SqlIdentifiers.literal(column));
    }

    private static String keysNotArchivedStatement(String table, String key, String changeSetId, String tableName,
                                                   String columnName) {
        return keysWhere(table, key, " WHERE NOT EXISTS (SELECT 1" + archiveRowsOfEachRow(table, key, changeSetId,
                tableName, columnName) + ")");
    }

    /** The keys of the table's rows {@code where} picks (empty: all), as VARCHAR, in key order. */
    private static String keysWhere(String table, String key, String where) {
        String k = SqlIdentifiers.quoteAny(table) + "." + SqlIdentifiers.quoteAny(key);
        return "SELECT CAST(" + k + " AS VARCHAR) FROM " + SqlIdentifiers.quoteAny(table) + where + " ORDER BY " + k;
    }

    /**
     * Why a NOT NULL column without a default cannot come back: rows added after the drop have no archived value
     * and nothing else to take. {@code keys} names those rows (a few of them and how many in all).
     */
    public static String notRestorable(String changeSetId, String table, String key, String column, String keys) {
        return "column " + table + "." + column + " cannot be restored: it is NOT NULL without a default, and rows "
                + "of " + table + " added after " + changeSetId + " dropped it have no value archived for it ("
                + table + "." + key + " " + keys + "); nothing was changed. Delete those rows, or write this rollback "
                + "by hand to give them a value";
    }

    /** The first keys, and how many in all when there are more: {@code 7, 8, 9 … (25 rows)}. */
    public static String someOf(List<String> keys) {
        int shown = 10;
        return keys.size() <= shown ? String.join(", ", keys)
                : String.join(", ", keys.subList(0, shown)) + " … (" + keys.size() + " rows)";
    }

    /** VARCHAR without a length: TEXT on SQLite, never truncated on PostgreSQL. */
    private static String statement(String table, String key, String column, boolean hasDefault, String changeSetId,
                                    String tableName, String columnName, String note) {
        String q = SqlIdentifiers.quoteAny(column);
        return "INSERT INTO \"data_migration_audit\" (changeset_id, table_name, row_id, column_name, old_value, "
                + "new_value, note) SELECT " + changeSetId + ", " + tableName + ", CAST(" + SqlIdentifiers.quoteAny(key)
                + " AS VARCHAR), " + columnName + ", CAST(" + q + " AS VARCHAR), NULL, " + note + " FROM "
                + SqlIdentifiers.quoteAny(table) + (hasDefault ? "" : " WHERE " + q + " IS NOT NULL") + " ORDER BY "
                + SqlIdentifiers.quoteAny(key);
    }
}
