package io.posdb.migration.sqlite;

import io.posdb.migration.ColumnArchive;
import io.posdb.migration.PosdbTableChange;
import io.posdb.migration.RunningChangeSet;
import io.posdb.migration.ScratchDatabase;
import io.posdb.migration.SqlPreview;
import io.posdb.sql.DanglingReferences;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a table's definition the way SQLite documents it must be done (ALTER TABLE,
 * section 7: "Making Other Kinds Of Table Schema Changes",
 * https://www.sqlite.org/lang_altertable.html), since SQLite cannot alter a column and
 * Liquibase refuses {@code modifyDataType} there. The twelve steps read top to bottom in
 * {@link #rebuildTable} and {@link #rebuildInTransaction}; each step's comment gives its number.
 * <p>Why not create-copy-drop-rename as is: with foreign keys enforced, dropping the old
 * table deletes its rows first and ON DELETE CASCADE takes every sale and sale item with
 * it, while reporting success. The documented procedure switches foreign keys off for the
 * rebuild (outside any transaction, where the pragma works), rebuilds in one transaction,
 * proves with {@code PRAGMA foreign_key_check} that it broke no reference, commits, and switches them back on.
 * <p>Parameters:
 * <ul>
 * <li>{@code tableName}: the table, a plain identifier (checked to exist when the change runs).
 * <li>{@code createTableSql}: the new definition, written {@code CREATE TABLE {table} (...)}.
 *     The {@code {table}} right after CREATE TABLE is replaced by the temporary name
 *     {@code "posdb_rebuild_<table>"}; any later {@code {table}} (a self-reference) by the
 *     quoted table name, which it will have after the rename.
 * <li>{@code rollbackCreateTableSql}: the previous definition, same form, used by {@link #rollback}.
 * <li>{@code dropColumns} (optional): comma-separated columns this changeset may drop. A column the
 *     new definition lacks and that holds any non-NULL value makes the rebuild refuse, naming it,
 *     unless it is named here; its values are then archived into {@code data_migration_audit}
 *     (one row per value, note {@code archived: ...}) in the rebuild's transaction.
 * </ul>
 * What happens to the live table's columns the new definition lacks (issue 10 §3: a typo, or a
 * rollback definition frozen at an older release, used to drop them and log "rows kept"): a column
 * that holds any non-NULL value is never dropped silently (see {@link #archiveOrRefuse}). A rebuild
 * keeps the live columns that neither definition has (see {@link #carryOver}): on a rollback, columns
 * added by later releases (e.g. with {@code ALTER TABLE ... ADD COLUMN}, a 2.1 {@code user.email}), which a
 * definition frozen at this release must not drop; on a forward run, a column made by hand on a shop's
 * file, which no changeset knows and the till runs with.
 * The changeset must declare {@code runInTransaction: false}; the change refuses to run otherwise.
 */
public class SqliteTableRebuild extends PosdbTableChange implements CustomTaskRollback {

    private static final Pattern DEFINITION = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+\\{table\\}\\s*\\(.*");
    private static final String TABLE_PLACEHOLDER = "{table}";

    /** The name of the table a definition defines in {@link #definedInMemory}'s database. */
    public static final String DEFINED_TABLE = "defined";

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]+\"|`[^`]+`|\\S+?)\\s*\\(");
    private static final String TEMPORARY_PREFIX = "posdb_rebuild_";
    private static final String ARCHIVE_NOTE = "column dropped by the rebuild of table ";
    private static final Logger log = LoggerFactory.getLogger(SqliteTableRebuild.class);

    private String createTableSql;
    private String rollbackCreateTableSql;
    private String dropColumns;

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getCreateTableSql() { return createTableSql; }
    public void setCreateTableSql(String value) { createTableSql = value; }
    public String getRollbackCreateTableSql() { return rollbackCreateTableSql; }
    public void setRollbackCreateTableSql(String value) { rollbackCreateTableSql = value; }
    public String getDropColumns() { return dropColumns; }
    public void setDropColumns(String value) { dropColumns = value; }

    /**
     * Checks the parameters only. That the table exists is checked when the change runs:
     * Liquibase validates every pending changeset before running the first, so on a fresh
     * database the table does not exist yet at this point.
     */
    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = super.validate(database);
        checkDefinition(errors, "createTableSql", createTableSql);
        checkDefinition(errors, "rollbackCreateTableSql", rollbackCreateTableSql);
        dropColumnList().stream().filter(column -> !SqlIdentifiers.isPlain(column)).forEach(column ->
                errors.addError("dropColumns names '" + column + "', which is not a plain column name"));
        return errors;
    }

    /**
     * A table's CREATE TABLE statement in the form this change takes ({@code CREATE TABLE {table} (...)}),
     * whatever name it gives the table; the rest of the text stays as it is.
     */
    public static String definitionOf(String createTable) {
        Matcher create = CREATE_TABLE.matcher(createTable);
        if (!create.find()) {
            throw new IllegalArgumentException("not a CREATE TABLE statement: " + createTable);
        }
        return "CREATE TABLE " + TABLE_PLACEHOLDER + " (" + createTable.substring(create.end());
    }

    /**
     * The columns a definition ({@link #definitionOf} form) defines, as SQLite itself reads them: it is
     * run in a database of its own, in memory, so nothing of the caller's changes. They are the columns the
     * rebuild carries rows by ({@code pragma_table_info}, as the schema catalog reads them): a generated column,
     * which holds no value of its own, is not one, so lint and the rebuild name the same columns.
     */
    public static List<String> columnsOf(String definition) throws SQLException {
        try (Connection connection = definedInMemory(definition)) {
            return columns(connection, DEFINED_TABLE);
        }
    }

    /**
     * A database of its own, in memory, holding the table a definition ({@link #definitionOf} form) defines, named
     * {@value #DEFINED_TABLE}: the definition read as SQLite reads it (columns, types, NOT NULL, defaults) without
     * anything of the caller's changing. The caller closes it.
     */
    public static Connection definedInMemory(String definition) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        try {
            execute(connection, definition.replace(TABLE_PLACEHOLDER, SqlIdentifiers.quoteAny(DEFINED_TABLE)));
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static void checkDefinition(ValidationErrors errors, String parameter, String sql) {
        if (sql == null || sql.isBlank()) {
            errors.addError(parameter + " is required: the full CREATE TABLE {table} (...) statement");
        } else if (!DEFINITION.matcher(sql).matches()) {
            errors.addError(parameter + " must start with 'CREATE TABLE {table} (' ({table} stands for the table name)");
        }
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        outcome(rebuild(database, createTableSql, rollbackCreateTableSql));
    }

    /** The previous definition; the forward one names the columns the forward run added (not carried over). */
    @Override
    public void rollback(Database database) throws CustomChangeException {
        outcome(rebuild(database, rollbackCreateTableSql, createTableSql));
    }

    /**
     * What a rebuild kept: rows, columns carried over from the live table, columns archived (values); and the
     * indexes that went with the columns the new definition drops.
     */
    private record Outcome(long rows, List<String> carriedOver, Map<String, Long> archived, List<String> droppedIndexes) {
    }

    /** A refusal, not a database error: its message is the whole story. */
    private static final class RefusedColumnDrop extends SQLException {
        RefusedColumnDrop(String message) {
            super(message);
        }
    }

    /**
     * Checks the change can run, runs the procedure and says what it kept.
     *
     * @param otherDefinition the changeset's other definition (see {@link #carryOver}): for a forward run the
     *                        previous one (null when the changeset gives none), for a rollback the forward one
     */
    private String rebuild(Database database, String definition, String otherDefinition)
            throws CustomChangeException {
        String task = "Rebuilding table " + tableName();
        if (SqlPreview.describeIfPreview(database, "Rebuild table " + tableName() + " as: "
                + String.valueOf(definition).strip().replace('\n', ' '))) {
            return "previewed";
        }
        requireValid(database, task);
        Connection connection = Jdbc.connectionUnder(database);
        requireReady(connection, task);
        try {
            Outcome done = rebuildTable(connection, temporaryDefinition(definition), otherDefinition);
            String columns = (done.carriedOver().isEmpty() ? "" : ", columns kept from the live table: "
                    + String.join(", ", done.carriedOver()))
                    + (done.archived().isEmpty() ? "" : ", dropped after archiving their values into "
                    + "data_migration_audit: " + done.archived())
                    + (done.droppedIndexes().isEmpty() ? "" : ", indexes dropped with their columns: "
                    + String.join(", ", done.droppedIndexes()));
            if (ScratchDatabase.isBeingBuilt()) {
                // Liquibase logs the confirmation (--verbose shows it): "0 rows" would read as a shop's table emptied.
                log.debug("Rebuilt table {} in a scratch database", tableName());
                return "table " + tableName() + " rebuilt in a scratch database";
            }
            log.info("Rebuilt table {} ({} rows kept, foreign keys intact{})", tableName(), done.rows(), columns);
            // Liquibase logs the confirmation message too (mvn liquibase:update shows both): not the same line twice.
            return "table " + tableName() + " rebuilt: " + done.rows() + " rows" + columns;
        } catch (RefusedColumnDrop e) {
            throw new CustomChangeException(task + " refused, nothing was changed: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new CustomChangeException(task + " failed, nothing was changed: " + e.getMessage(), e);
        }
    }

    /** Autocommit on (else PRAGMA foreign_keys would silently do nothing) and an existing table. */
    private void requireReady(Connection connection, String task) throws CustomChangeException {
        try {
            if (!connection.getAutoCommit()) {
                throw new CustomChangeException(task + ": the connection is inside a transaction, where PRAGMA "
                        + "foreign_keys has no effect and dropping the table would cascade; declare "
                        + "runInTransaction: false on the changeset that uses SqliteTableRebuild");
            }
            if (strings(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", tableName()).isEmpty()) {
                throw new CustomChangeException(task + ": tableName '" + tableName() + "' is not a table of this database");
            }
        } catch (SQLException e) {
            throw new CustomChangeException(task + ": cannot read the connection state: " + e.getMessage(), e);
        }
    }

    /** The first {table} becomes the temporary name, any other the final name (see the class comment). */
    private String temporaryDefinition(String definition) {
        int first = definition.indexOf(TABLE_PLACEHOLDER);
        String rest = definition.substring(first + TABLE_PLACEHOLDER.length())
                .replace(TABLE_PLACEHOLDER, SqlIdentifiers.quote(tableName()));
        return definition.substring(0, first) + temporary() + rest;
    }

    // ---- The procedure, https://www.sqlite.org/lang_altertable.html section 7, step by step ----

    /**
     * Steps 1 and 12 around the connection settings, steps 2 and 11 around the transaction; the
     * steps in between run in {@link #rebuildInTransaction}. On any failure the transaction is
     * rolled back and the settings are given back, so nothing was changed.
     */
    private Outcome rebuildTable(Connection connection, String createTemporarySql, String otherDefinition)
            throws SQLException {
        boolean foreignKeys = pragmaOn(connection, "foreign_keys");
        boolean legacyAlterTable = pragmaOn(connection, "legacy_alter_table");
        Outcome done;
        try {
            switchOffForeignKeys(connection);                                              // step 1
            connection.setAutoCommit(false);                                               // step 2
            done = rebuildInTransaction(connection, createTemporarySql, otherDefinition);   // steps 3 to 10
            connection.commit();                                                           // step 11
        } catch (SQLException | RuntimeException e) {
            undo(connection, foreignKeys, legacyAlterTable, e);
            throw e;
        }
        restoreSettings(connection, foreignKeys, legacyAlterTable);                         // step 12
        return done;
    }

    /** Steps 3 to 10, in one transaction, with what SQLite's steps leave to the caller checked on the way. */
    private Outcome rebuildInTransaction(Connection connection, String createTemporarySql, String otherDefinition)
            throws SQLException {
        List<String> dependents = indexesAndTriggers(connection);                           // step 3
        Set<String> viewsAlreadyBroken = brokenViews(connection).keySet();
        DanglingReferences referencesAlreadyDangling = DanglingReferences.of(connection);
        List<String> oldColumns = columns(connection, tableName());
        long rowsBefore = Jdbc.rowCount(connection, tableName());
        Long counter = autoincrementCounter(connection);
        execute(connection, createTemporarySql);                                            // step 4
        List<String> carried = carryOver(connection, otherDefinition, columns(connection, TEMPORARY_PREFIX + tableName()));
        List<String> newColumns = columns(connection, TEMPORARY_PREFIX + tableName());
        List<String> lostColumns = lost(oldColumns, newColumns);
        Map<String, Long> archived = archiveOrRefuse(connection, lostColumns);
        Map<String, String> indexesOfLostColumns = indexesOn(connection, lostColumns);
        archiveIndexesOfDroppedColumns(connection, lostColumns);
        long writtenBeforeCopy = Jdbc.sqliteRowsWritten(connection);
        copyRows(connection, oldColumns, newColumns);                                       // step 5
        execute(connection, "DROP TABLE " + quoted());                                      // step 6
        execute(connection, "ALTER TABLE " + temporary() + " RENAME TO " + quoted());       // step 7
        for (String sql : dependents) {
            if (!indexesOfLostColumns.containsValue(sql)) {
                execute(connection, sql);                                                   // step 8
            }
        }
        restoreAutoincrementCounter(connection, counter);                                   // after steps 6 to 8
        // The copy and the counter written back, as SQLite counts them: rows moved, none changed (archived values
        // were written before, and count as the changeset's: they are the values it drops).
        long copied = Jdbc.sqliteRowsWritten(connection) - writtenBeforeCopy;
        checkViewsStillWork(connection, viewsAlreadyBroken);                                // step 9
        long rowsAfter = Jdbc.rowCount(connection, tableName()); // not a step of SQLite's: no row may be lost
        if (rowsAfter != rowsBefore) {
            throw new SQLException("table " + tableName() + " had " + rowsBefore + " rows before the rebuild and "
                    + rowsAfter + " after");
        }
        checkForeignKeys(connection, referencesAlreadyDangling);                            // step 10
        copied(copied);
        return new Outcome(rowsAfter, carried, archived, List.copyOf(indexesOfLostColumns.keySet()));
    }

    /**
     * Step 1. {@code foreign_keys} goes OFF so that dropping the old table cascades nowhere.
     * {@code legacy_alter_table} goes ON because since SQLite 3.26 a RENAME re-parses every
     * view and trigger of the schema, and one that names the table (a view on "user", a
     * trigger on "sale" reading "user") fails it while the old table is gone; the legacy
     * rename leaves them untouched, and they fit again once the new table has the old name.
     * Django's SQLite schema editor sets it for the same reason. Both pragmas only take effect
     * outside a transaction: {@link #requireReady} checked autocommit is on.
     */
    private static void switchOffForeignKeys(Connection connection) throws SQLException {
        execute(connection, "PRAGMA foreign_keys = OFF");
        execute(connection, "PRAGMA legacy_alter_table = ON");
    }

    /**
     * Step 3: indexes and triggers of the table: DROP TABLE removes them, so they are recreated.
     * Automatic indexes (UNIQUE, PRIMARY KEY) have no SQL and come back with the new
     * definition. Views are not dropped with the table and stay as they are (see
     * {@link #checkViewsStillWork}).
     */
    private List<String> indexesAndTriggers(Connection connection) throws SQLException {
        return strings(connection, "SELECT sql FROM sqlite_master "
                + "WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid", tableName());
    }

    /**
     * Step 3's indexes (name to SQL) that name a column the new definition drops, in their key, an expression of their
     * key or their WHERE: recreated, they would fail the rebuild ("no such column"). They go with their column, as a
     * rollback of a changeset that added an indexed column asks (SQLite's own DROP COLUMN refuses an indexed column,
     * and fails on a shop that has a view made by hand over a table dropped since).
     */
    private Map<String, String> indexesOn(Connection connection, List<String> columns) throws SQLException {
        Map<String, String> indexes = new LinkedHashMap<>();
        Set<String> dropped = lower(columns);
        if (dropped.isEmpty()) {
            return indexes;
        }
        // pragma_index_info names a key column, and gives NULL for a key that is an expression (lower(name)); a
        // partial index's WHERE it does not list at all. Those two are judged by the names their SQL uses.
        try (PreparedStatement query = Jdbc.prepare(connection, "SELECT m.name, m.sql, i.name, l.partial FROM "
                + "sqlite_master m JOIN pragma_index_list(?1) l ON l.name = m.name, pragma_index_info(m.name) i "
                + "WHERE m.type = 'index' AND m.tbl_name = ?1 AND m.sql IS NOT NULL", List.of(tableName()));
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                String keyColumn = rs.getString(3);
                boolean expressionOrWhere = keyColumn == null || rs.getInt(4) == 1;
                if (keyColumn != null && dropped.contains(keyColumn.toLowerCase(Locale.ROOT)) || expressionOrWhere
                        && namesInKeyAndWhere(rs.getString(2)).stream().anyMatch(dropped::contains)) {
                    indexes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return indexes;
    }

    /**
     * The names a CREATE INDEX uses after {@code ON} and its table: those of its key and its WHERE, lower case. Not
     * the index's own name or its table's, which may be a column's too; a column's name in a string literal or a
     * comment is text ({@link SqlScript#names}).
     */
    private static Set<String> namesInKeyAndWhere(String createIndex) {
        List<String> terms = SqlScript.terms(createIndex);
        int on = terms.stream().map(term -> term.toUpperCase(Locale.ROOT)).toList().indexOf("ON");
        List<String> names = on >= 0 ? SqlScript.names(String.join(" ", terms.subList(on + 1, terms.size())))
                : List.of();
        return lower(names.isEmpty() ? names : names.subList(1, names.size())); // the first is the table's
    }

    /**
     * The table's AUTOINCREMENT counter (its sqlite_sequence row), null if it has none. DROP TABLE
     * (step 6) deletes it and the copy sets it to the highest id copied, so a deleted last row's id
     * would be handed out again: the counter is read before the drop and written back after the rename.
     */
    private Long autoincrementCounter(Connection connection) throws SQLException {
        try {
            List<String> seq = strings(connection, "SELECT seq FROM sqlite_sequence WHERE name = ?", tableName());
            return seq.isEmpty() ? null : Long.valueOf(seq.get(0));
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return null; // no AUTOINCREMENT table was ever written to
            }
            throw e;
        }
    }

    /**
     * Part of step 4: adds to the new table each live column that neither definition of the changeset
     * knows (nor {@code dropColumns} names), and returns them. A rebuild drops only what its own
     * definitions say it drops: a rollback keeps the columns later releases added, and a forward run keeps
     * a column made by hand on a shop's file (a legacy {@code user.email} added in the {@code sqlite3} shell),
     * which the till runs with and no changeset knows. The other definition is read in a database of its own
     * ({@link #definedInMemory}); without one (a forward run of a changeset that gives
     * no {@code rollbackCreateTableSql}) nothing is carried over, and {@link #archiveOrRefuse} rules.
     */
    private List<String> carryOver(Connection connection, String otherDefinition, List<String> newColumns)
            throws SQLException {
        List<String> carried = new ArrayList<>();
        if (otherDefinition == null || otherDefinition.isBlank()) {
            return carried;
        }
        Set<String> keep = lower(newColumns);
        Set<String> knownColumns = new HashSet<>(lower(columnsOf(otherDefinition)));
        knownColumns.addAll(lower(dropColumnList()));
        for (Map.Entry<String, String> column : columnDeclarations(connection).entrySet()) {
            String name = column.getKey().toLowerCase(Locale.ROOT);
            if (!keep.contains(name) && !knownColumns.contains(name)) {
                try {
                    execute(connection, "ALTER TABLE " + temporary() + " ADD COLUMN " + column.getValue());
                } catch (SQLException e) {
                    throw new SQLException("cannot carry column " + column.getKey() + " of table " + tableName()
                            + " over into the rebuilt table: " + e.getMessage(), e);
                }
                carried.add(column.getKey());
            }
        }
        return carried;
    }

    /**
     * The live columns by name, each as {@code ALTER TABLE ... ADD COLUMN} can declare it again:
     * name, type, NOT NULL, DEFAULT and a single-column REFERENCES (a composite key cannot be declared
     * on one column), read from SQLite's own pragmas. Columns added after a release were added with
     * ADD COLUMN, so this is all they can have; anything ADD COLUMN refuses makes the rebuild fail (and
     * change nothing) rather than lose the column.
     */
    private Map<String, String> columnDeclarations(Connection connection) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        // A foreign key's columns share its id; SQLite returns the one row of a single-column key's group.
        try (PreparedStatement query = Jdbc.prepare(connection, "SELECT c.name, c.type, c.\"notnull\", c.dflt_value, "
                + "f.\"table\", f.\"to\", f.on_update, f.on_delete FROM pragma_table_info(?1) c LEFT JOIN (SELECT * "
                + "FROM pragma_foreign_key_list(?1) GROUP BY id HAVING COUNT(*) = 1) f ON f.\"from\" = c.name "
                + "ORDER BY c.cid", List.of(tableName())); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                String type = rs.getString(2);
                String defaultValue = rs.getString(4); // already an SQL literal or expression
                String parent = rs.getString(5);
                columns.put(rs.getString(1), SqlIdentifiers.quoteAny(rs.getString(1))
                        + (type == null || type.isBlank() ? "" : " " + type)
                        + (rs.getInt(3) == 1 ? " NOT NULL" : "")
                        + (defaultValue == null ? "" : " DEFAULT " + defaultValue)
                        + (parent == null ? "" : " REFERENCES " + SqlIdentifiers.quoteAny(parent)
                                + (rs.getString(6) == null ? "" : " (" + SqlIdentifiers.quoteAny(rs.getString(6)) + ")")
                                + " ON UPDATE " + rs.getString(7) + " ON DELETE " + rs.getString(8)));
            }
        }
        return columns;
    }

    /** The live columns the new definition lacks (compared case-insensitively, as SQLite does). */
    private static List<String> lost(List<String> oldColumns, List<String> newColumns) {
        Set<String> kept = lower(newColumns);
        return oldColumns.stream().filter(c -> !kept.contains(c.toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * Before step 5 copies the rows: refuses when a lost column holds data and is not in
     * {@code dropColumns} (naming every such column), else archives the values of the named ones
     * into {@code data_migration_audit}. Returns the columns that held values and their counts.
     */
    private Map<String, Long> archiveOrRefuse(Connection connection, List<String> lost) throws SQLException {
        Map<String, Long> withData = new LinkedHashMap<>();
        for (String column : lost) {
            long values = Long.parseLong(strings(connection, "SELECT COUNT(*) FROM " + quoted() + " WHERE "
                    + SqlIdentifiers.quoteAny(column) + " IS NOT NULL").get(0));
            if (values > 0) {
                withData.put(column, values);
            }
        }
        Set<String> droppable = lower(dropColumnList());
        List<String> refused = withData.entrySet().stream()
                .filter(e -> !droppable.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .map(e -> e.getKey() + " (" + e.getValue() + " non-NULL values)").toList();
        if (!refused.isEmpty()) {
            throw new RefusedColumnDrop("the new definition of table " + tableName() + " lacks column(s) holding data: "
                    + String.join(", ", refused) + "; add them to the definition, or name them in the parameter "
                    + "dropColumns to archive their values into data_migration_audit and drop them");
        }
        for (String column : lost) {
            // A column dropColumns names is archived even when it holds no value: one with a default archives its
            // NULLs (ColumnArchive), which a restore needs to tell them from rows added since.
            if (withData.containsKey(column) || (droppable.contains(column.toLowerCase(Locale.ROOT))
                    && Jdbc.tableExists(connection, "data_migration_audit"))) {
                requireArchive(connection, column);
                ColumnArchive.archive(connection, changeSetId(), tableName(),
                        ColumnArchive.keyColumn(connection, tableName()), column, ARCHIVE_NOTE + tableName());
            }
        }
        return withData;
    }

    private void requireArchive(Connection connection, String column) throws SQLException {
        if (!Jdbc.tableExists(connection, "data_migration_audit")) {
            throw new SQLException("cannot archive column " + column + " of table " + tableName()
                    + ": table data_migration_audit does not exist (changeset 0007 creates it)");
        }
    }

    /**
     * Records, for each column {@code dropColumns} names that the rebuild drops, the indexes that go with it (their
     * CREATE statements, {@link #indexesOn}) as the drop's {@link ColumnArchive#DEFINITIONS_ROW}: the rollback of the
     * drop ({@code RestoreArchivedColumn}) makes them again once the column is back, a shop's own indexes too, which
     * the table's previous definition does not hold. A column without indexes records nothing.
     */
    private void archiveIndexesOfDroppedColumns(Connection connection, List<String> lost) throws SQLException {
        Set<String> droppable = lower(dropColumnList());
        for (String column : lost.stream().filter(c -> droppable.contains(c.toLowerCase(Locale.ROOT))).toList()) {
            List<String> indexes = List.copyOf(indexesOn(connection, List.of(column)).values());
            if (indexes.isEmpty()) {
                continue; // nothing to make again: no row, so the audit trail holds only what a restore needs
            }
            requireArchive(connection, column);
            ColumnArchive.archiveDefinitions(connection, changeSetId(), tableName(), column, indexes,
                    ARCHIVE_NOTE + tableName());
        }
    }

    /** Step 5: the columns both definitions have, by name. */
    private void copyRows(Connection connection, List<String> oldColumns, List<String> newColumns) throws SQLException {
        String columns = String.join(", ",
                newColumns.stream().filter(oldColumns::contains).map(SqlIdentifiers::quoteAny).toList());
        execute(connection, "INSERT INTO " + temporary() + " (" + columns + ") SELECT " + columns + " FROM " + quoted());
    }

    /** After steps 6 to 8: the counter {@link #autoincrementCounter} read, written back. */
    private void restoreAutoincrementCounter(Connection connection, Long value) throws SQLException {
        if (value != null && execute(connection, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", value, tableName()) == 0) {
            execute(connection, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", tableName(), value);
        }
    }

    /**
     * Step 9: SQLite keeps the views as they were (the legacy rename left them alone); one that used
     * a column the new definition no longer has would fail only when next read: fail now. A view that
     * already failed before the rebuild (made by hand over a table dropped since: SQLite keeps it and
     * reads the file) is not the rebuild's doing and does not stop it.
     */
    private static void checkViewsStillWork(Connection connection, Set<String> alreadyBroken) throws SQLException {
        for (Map.Entry<String, SQLException> broken : brokenViews(connection).entrySet()) {
            if (!alreadyBroken.contains(broken.getKey())) {
                throw new SQLException("view " + broken.getKey() + " no longer works after the rebuild: "
                        + broken.getValue().getMessage(), broken.getValue());
            }
        }
    }

    /** Every view that fails when read, with its failure. */
    private static Map<String, SQLException> brokenViews(Connection connection) throws SQLException {
        Map<String, SQLException> broken = new LinkedHashMap<>();
        for (String view : strings(connection, "SELECT name FROM sqlite_master WHERE type = 'view'")) {
            try {
                strings(connection, "SELECT * FROM " + SqlIdentifiers.quoteAny(view) + " LIMIT 0");
            } catch (SQLException e) {
                broken.put(view, e);
            }
        }
        return broken;
    }

    /**
     * Step 10: the whole database, since other tables' rows refer to this one. SQLite's step proves
     * "that the schema change did not break any foreign key constraints": rows that already referred to
     * missing rows before it (a legacy shop whose products were deleted in the {@code sqlite3} shell,
     * where foreign keys are off) are not the rebuild's doing. Refusing them would refuse the till a file
     * SQLite reads, so they are kept as they were and named in a warning ({@code posdb doctor} lists them
     * too); the rebuild fails only when a child table has more such rows than before.
     */
    private void checkForeignKeys(Connection connection, DanglingReferences before) throws SQLException {
        DanglingReferences added = DanglingReferences.of(connection).addedSince(before);
        if (!added.isEmpty()) {
            throw new SQLException("PRAGMA foreign_key_check found references the rebuild would break ("
                    + added.counts() + "): " + added.firstRows());
        }
        if (!before.isEmpty()) {
            log.warn("Rebuilding table {}: rows that already referred to missing rows before it are kept as they "
                    + "were ({}); posdb doctor lists them", tableName(), before.counts());
        }
    }

    /** Rolls back and restores the connection, keeping {@code failure} as the exception that counts. */
    private static void undo(Connection connection, boolean foreignKeys, boolean legacyAlterTable, Exception failure) {
        try {
            if (!connection.getAutoCommit()) {
                Jdbc.rollBackAfter(connection, failure);
            }
            restoreSettings(connection, foreignKeys, legacyAlterTable);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Step 12: back to autocommit first (the pragmas only take effect outside a transaction), then the pragmas as they were. */
    private static void restoreSettings(Connection connection, boolean foreignKeys, boolean legacyAlterTable)
            throws SQLException {
        connection.setAutoCommit(true);
        execute(connection, "PRAGMA legacy_alter_table = " + (legacyAlterTable ? "ON" : "OFF"));
        execute(connection, "PRAGMA foreign_keys = " + (foreignKeys ? "ON" : "OFF"));
    }

    // ---- Small readers the steps share ----

    private String quoted() {
        return SqlIdentifiers.quote(tableName());
    }

    private String temporary() {
        return SqlIdentifiers.quote(TEMPORARY_PREFIX + tableName());
    }

    private List<String> dropColumnList() {
        if (dropColumns == null || dropColumns.isBlank()) {
            return List.of();
        }
        return Arrays.stream(dropColumns.split(",")).map(String::strip).toList();
    }

    /** The id written into archive rows: the running changeset's, which Liquibase puts into its scope. */
    private String changeSetId() {
        return RunningChangeSet.get().map(ChangeSet::getId).orElse("SqliteTableRebuild " + tableName());
    }

    private static boolean pragmaOn(Connection connection, String pragma) throws SQLException {
        return strings(connection, "PRAGMA " + pragma).contains("1");
    }

    /** The first column of every row {@code sql} returns, its {@code ?} bound to {@code values} in order. */
    private static List<String> strings(Connection connection, String sql, Object... values) throws SQLException {
        return Jdbc.rows(connection, sql, Arrays.asList(values), rs -> rs.getString(1));
    }

    /** Runs {@code sql}, its {@code ?} bound to {@code values} in order; the rows it changed. */
    private static int execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, Arrays.asList(values))) {
            statement.execute();
            return statement.getUpdateCount();
        }
    }

    /** The column names of a table, in order, from SQLite's own pragma. */
    private static List<String> columns(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table);
    }

    private static Set<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
