package io.posdb.runner;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.database.Engine;
import io.posdb.effect.ColumnRenames;
import io.posdb.migration.ColumnArchive;
import io.posdb.migration.TableArchive;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.migration.sqlite.SqliteTableRebuild;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes changesets this release does not know from what the database recorded of them
 * ({@link ChangeSetRecords}), without their changelog or classes: newest first, each one's
 * steps in an order that keeps data (restore audited values while the columns exist, drop
 * added indexes, triggers and views, put tables back to their previous definition archiving
 * the values of columns that only the newer release knew and restoring those of columns it
 * dropped, with the indexes that went with them, rename added tables that hold rows to
 * {@code archived_<table>}, give back a table it archived whole), then its row in Liquibase's history and its
 * record go. The caller runs it inside the upgrade envelope (lock, snapshot, all or nothing). Each changeset is
 * handed to the run's record as a timed step, as Liquibase's changesets are, and to the caller's progress listener.
 */
final class RecordedUndo {

    private static final Logger log = LoggerFactory.getLogger(RecordedUndo.class);

    private final Connection connection;
    private final Database database;
    private final boolean sqlite;
    /** Times each changeset's undo for the run's record and the progress listener, as Liquibase's are. */
    private final RecordingChangeExecListener timing;
    /**
     * The rows the undo of the changeset being undone wrote that are not rows it changed: its rebuilds' copies (moved,
     * not changed), its history row and its record (bookkeeping).
     */
    private long notTheUndosRows;
    /** The values the undo of the changeset being undone put back from archived columns, by table.column. */
    private final Map<String, Long> restoredValues = new LinkedHashMap<>();
    /** The values the undo of the changeset being undone kept by renaming their column back, by rename. */
    private final Map<String, Long> renamedBackValues = new LinkedHashMap<>();

    RecordedUndo(Connection connection, Consumer<UpgradeStep> steps, UpgradeProgress progress) throws Exception {
        this.connection = connection;
        this.timing = new RecordingChangeExecListener(steps, progress, null);
        this.database = LiquibaseScope.databaseOn(connection);
        // Liquibase's wrapper turns autocommit off. SQLite: a table rebuild needs it on (PRAGMA foreign_keys is a
        // no-op inside a transaction); all or nothing comes from the envelope's snapshot, as for a rebuild's
        // changeset. PostgreSQL: one transaction for the whole downgrade, its DDL included.
        this.sqlite = Engine.of(connection) == Engine.SQLITE;
        connection.setAutoCommit(sqlite);
    }

    /** Undoes {@code rows} (newest first); returns them as undone. */
    List<AppliedChangeSet> undo(List<HistoryEntry> rows) throws Exception {
        List<AppliedChangeSet> undone = new ArrayList<>();
        ChangeSet changeSet = null;
        try {
            Map<String, ChangeSetRecords.Recorded> records = ChangeSetRecords.read(connection, true);
            for (HistoryEntry row : rows) {
                changeSet = new ChangeSet(row.id(), row.author(), false, false, row.file(), null, null, null);
                timing.startStep(changeSet, database);
                notTheUndosRows = 0;
                restoredValues.clear();
                renamedBackValues.clear();
                undone.add(undoOne(row, changeSet, records));
                timing.finishStep(changeSet, database, "UNDONE", null, List.of(), notTheUndosRows);
                changeSet = null; // finished: a failure after it (the server's commit) is not this step's
            }
            if (!sqlite) {
                connection.commit();
            }
            return undone;
        } catch (Exception e) {
            if (changeSet != null) { // the step that failed, if one was under way
                timing.finishStep(changeSet, database, UpgradeStep.FAILED, FailedChangeSet.plain(FailureReason.of(e)),
                        List.of(), 0);
            }
            if (!sqlite) {
                connection.rollback();
            }
            if (changeSet == null) {
                throw e;
            }
            // The message names the changeset being undone, as a failed rollback's does: without it only the run's
            // record would say which (the step above keeps the reason alone, under the changeset's name).
            throw new MigrationException("the undo of changeset " + changeSet.getId() + " (" + changeSet.getFilePath()
                    + ") failed: " + FailedChangeSet.readable(FailureReason.of(e)), e);
        }
    }

    private AppliedChangeSet undoOne(HistoryEntry row, ChangeSet changeSet, Map<String, ChangeSetRecords.Recorded> records)
            throws Exception {
        ChangeSetRecords.Recorded record = records.get(row.key());
        // The downgrade refused this before anything was written (LiquibaseTables.undoThatCannotRun); asked again
        // for a caller that did not ask first.
        Optional<String> cannotRun = ChangeSetRecords.cannotRun(row, record);
        if (cannotRun.isPresent()) {
            throw new SQLException("it " + cannotRun.get() + "; run the release that wrote it and roll it back there");
        }
        // Archive rows written by a rebuild name the changeset they undo.
        Scope.child(Scope.Attr.changeSet.name(), changeSet, () -> {
            for (ChangeSetRecords.UndoStep step : inRunOrder(record)) {
                run(row, step);
            }
        });
        notTheUndosRows += ChangeSetRecords.deleteRow(connection, "DATABASECHANGELOG", row.id(), row.author(),
                row.file()) + ChangeSetRecords.forget(connection, row.id(), row.author(), row.file());
        return new AppliedChangeSet(row.id(), row.file(), "UNDONE", record.compatibility().text(), report());
    }

    /** The record's undo steps in the order they run: by kind, as {@link ChangeSetRecords#KINDS} lists them. */
    private static List<ChangeSetRecords.UndoStep> inRunOrder(ChangeSetRecords.Recorded record) {
        return record.undo().stream()
                .sorted(Comparator.comparingInt(step -> ChangeSetRecords.KINDS.indexOf(step.kind()))).toList();
    }

    /**
     * What the undo put back from archived columns and kept by renaming columns back, as a data change reports its
     * work (the command line words it "5 restored from archive (product.stock 5)", "7 renamed back
     * (product.title->product.name 7)"); null when it did neither.
     */
    private Map<String, Object> report() {
        if (restoredValues.isEmpty() && renamedBackValues.isEmpty()) {
            return null;
        }
        Map<String, Object> report = new LinkedHashMap<>();
        counted(report, "restored_from_archive", restoredValues);
        counted(report, "renamed_back", renamedBackValues);
        return report;
    }

    /** {@code name}'s sum as {@code <name>_count} and its breakdown as {@code <name>}, when there is one. */
    private static void counted(Map<String, Object> report, String name, Map<String, Long> values) {
        if (!values.isEmpty()) {
            report.put(name + "_count", values.values().stream().mapToLong(Long::longValue).sum());
            report.put(name, new LinkedHashMap<>(values));
        }
    }

    private void run(HistoryEntry row, ChangeSetRecords.UndoStep step) throws Exception {
        switch (step.kind()) {
            case "sql" -> {
                Jdbc.execute(connection, step.sql());
                // A rename back (ChangeSetRecords#undo) is told, with the values it kept, as a restore is.
                Optional<ColumnRenames.Rename> renamedBack = ColumnRenames.declaredBy(step.sql());
                if (renamedBack.isPresent()) {
                    renamedBack(renamedBack.get());
                }
            }
            case "rebuildTable" -> rebuild(row, step);
            case "archiveTable" -> archiveTable(step.table());
            case "restoreTable" -> restoreTable(row.id(), step.table());
            case "archiveColumn" -> {
                ColumnArchive.archive(connection, row.id(), step.table(),
                        ColumnArchive.keyColumn(connection, step.table()), step.column(),
                        "column undone by posdb downgrade");
                Jdbc.execute(connection, "ALTER TABLE " + SqlIdentifiers.quoteAny(step.table()) + " DROP COLUMN "
                        + SqlIdentifiers.quoteAny(step.column()));
            }
            case "restoreAudited" -> restoreAudited(row.id());
            default -> throw new IllegalStateException("undo step " + step.kind() + " is in ChangeSetRecords.KINDS "
                    + "but RecordedUndo does not run it");
        }
    }

    /**
     * SQLite: the table's previous definition, rows copied by the columns both have; the others archived. A column the
     * previous definition has and the table lacks (the changeset dropped it, archiving its values through
     * {@link ColumnArchive}) comes back with the values archived for this changeset, as the generated rollback
     * ({@code RestoreArchivedColumn}) puts them back, and the indexes the drop took with it are made again
     * ({@link #indexesMadeAgain}); a row without one (added since) takes the column's default. A
     * column SQLite cannot fill by a default (NOT NULL without one) is added back nullable and filled before the
     * rebuild, which then copies it; the rows it would leave empty were refused before anything was written
     * ({@link #rowsWithoutAValue}).
     */
    private void rebuild(HistoryEntry row, ChangeSetRecords.UndoStep step) throws Exception {
        String previous = SqliteTableRebuild.definitionOf(step.sql()); // judged there, by ChangeSetRecords.cannotRun
        SchemaCatalog.Table previousTable = previousTable(previous);
        List<String> currentColumns = Jdbc.columns(connection, step.table());
        List<String> lost = currentColumns.stream()
                .filter(c -> previousTable.column(c) == null).toList();
        List<SchemaCatalog.Column> returning = returningColumns(previousTable, currentColumns);
        // The downgrade refused this before anything was written; asked again for a caller that did not ask first.
        Optional<String> withoutAValue = rowsWithoutAValue(connection, row.id(), step.table(), previousTable,
                returning);
        if (withoutAValue.isPresent()) {
            throw new SQLException("it " + withoutAValue.get());
        }
        String key = ColumnArchive.keyColumn(connection, step.table());
        // Without the table nothing was ever archived: the columns come back as their definition fills them.
        boolean archived = Jdbc.tableExists(connection, SqlIdentifiers.AUDIT_TABLE);
        List<SchemaCatalog.Column> filledAfter = new ArrayList<>();
        for (SchemaCatalog.Column column : returning) {
            if (filledByItsDefault(previousTable, column)) {
                filledAfter.add(column);
            } else {
                Jdbc.execute(connection, "ALTER TABLE " + SqlIdentifiers.quoteAny(step.table()) + " ADD COLUMN "
                        + SqlIdentifiers.quoteAny(column.name()) + " " + column.type());
                if (archived) {
                    restored(row.id(), step.table(), key, column);
                }
            }
        }
        SqliteTableRebuild rebuild = new SqliteTableRebuild();
        rebuild.setTableName(step.table());
        rebuild.setCreateTableSql(previous);
        // Its own rollback would be the newer definition (as the table is now): required, never run here.
        rebuild.setRollbackCreateTableSql(SqliteTableRebuild.definitionOf(currentDefinition(step.table())));
        if (!lost.isEmpty()) {
            rebuild.setDropColumns(String.join(",", lost));
        }
        rebuild.execute(database);
        notTheUndosRows += rebuild.rowsCopied();
        if (archived) {
            for (SchemaCatalog.Column column : filledAfter) {
                restored(row.id(), step.table(), key, column);
            }
        }
        indexesMadeAgain(row.id(), step.table(), returning);
    }

    /**
     * The indexes the changeset's drop took with the returning columns, made again as the generated rollback
     * ({@code RestoreArchivedColumn}) makes them ({@link ColumnArchive#makeAgain}): the previous definition holds none
     * of them, and the rebuild recreates only the indexes the table has. Made after the values are back, so a unique
     * index judges the rows as they will be; one failing fails the undo, and the envelope's snapshot puts everything
     * back.
     */
    private void indexesMadeAgain(String changeSetId, String table, List<SchemaCatalog.Column> returning)
            throws SQLException {
        int made = ColumnArchive.makeAgain(connection, changeSetId, table,
                returning.stream().map(SchemaCatalog.Column::name).toList());
        if (made > 0) {
            log.info("Made again {} index(es) on {} that changeset {} dropped with its column(s)", made, table,
                    changeSetId);
        }
    }

    /** The table a recorded definition defines, as SQLite reads it, in a database of its own. */
    private static SchemaCatalog.Table previousTable(String definition) throws SQLException {
        try (Connection defined = SqliteTableRebuild.definedInMemory(definition)) {
            return SchemaCatalog.read(defined).table(SqliteTableRebuild.DEFINED_TABLE);
        }
    }

    /** The columns of {@code previous} the table lacks now: the rebuild brings them back. */
    private static List<SchemaCatalog.Column> returningColumns(SchemaCatalog.Table previous, List<String> current) {
        return previous.columns().stream()
                .filter(column -> current.stream().noneMatch(column.name()::equalsIgnoreCase)).toList();
    }

    /** A returning column whose rows without a value SQLite fills itself: nullable, or with a default. */
    private static boolean filledByItsDefault(SchemaCatalog.Table table, SchemaCatalog.Column column) {
        return !table.requiresValue(column) || column.defaultValue() != null;
    }

    /** Counts the values a column renamed back holds, for the report. */
    private void renamedBack(ColumnRenames.Rename rename) throws SQLException {
        long values = Long.parseLong(Jdbc.rows(connection, "SELECT COUNT(" + SqlIdentifiers.quoteAny(rename.to())
                + ") FROM " + SqlIdentifiers.quoteAny(rename.table()), List.of(), rs -> rs.getString(1)).get(0));
        renamedBackValues.merge(rename.text(), values, Long::sum);
        log.info("Renamed column {}.{} back to {}, keeping its {} value(s)", rename.table(), rename.from(), rename.to(),
                values);
    }

    /**
     * Puts back the values the changeset archived of {@code column} (data_migration_audit exists: the caller asked
     * once for all of a table's columns), and keeps their count for the report.
     */
    private void restored(String changeSetId, String table, String key, SchemaCatalog.Column column)
            throws SQLException {
        int values = ColumnArchive.restore(connection, changeSetId, table, key, column.name(),
                column.type().isEmpty() ? "TEXT" : column.type());
        if (values > 0) {
            restoredValues.merge(table + "." + column.name(), (long) values, Long::sum);
            log.info("Restored {} value(s) of {}.{} from data_migration_audit, archived when changeset {} dropped it",
                    values, table, column.name(), changeSetId);
        }
    }

    /**
     * Why the undo of changeset {@code row} cannot put a table back without leaving rows empty, as what it "brings
     * back" ({@code "brings back column product.stock, NOT NULL without a default, and rows 7, 8 of product (id)
     * have no value archived for it …"}); empty when every row gets a value. On SQLite, from the record and the rows
     * as they are, the table judged as the undos of the newer changesets ({@code undoneBefore}, newest first: a
     * downgrade runs them first) will leave it: the downgrade refuses it before anything is written
     * ({@link LiquibaseTables#undoThatCannotRun}), and {@link #rebuild} asks again before its step writes.
     */
    static Optional<String> rowsWithoutAValue(Connection connection, HistoryEntry row, ChangeSetRecords.Recorded record,
                                              List<ChangeSetRecords.Recorded> undoneBefore) throws SQLException {
        if (record == null) {
            return Optional.empty();
        }
        for (ChangeSetRecords.UndoStep step : record.undo()) {
            if (!step.kind().equals("rebuildTable") || step.sql() == null
                    || !Jdbc.tableExists(connection, step.table())) {
                continue; // another kind, or one that cannot run at all (ChangeSetRecords.cannotRun says so)
            }
            SchemaCatalog.Table previous = previousTable(SqliteTableRebuild.definitionOf(step.sql()));
            Optional<String> why = rowsWithoutAValue(connection, row.id(), step.table(), previous,
                    returningColumns(previous, columnsWhenRebuilt(connection, step.table(), undoneBefore, record)));
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /**
     * The table's columns as the undo's rebuild of it will find them: after the undos of the newer changesets
     * ({@code undoneBefore}, newest first, each step as it will run: a rename back renames, a rebuild leaves its
     * previous definition's columns, an archived column is gone), then the record's own renames back, {@code sql}
     * steps, which run before every rebuild ({@link ChangeSetRecords#KINDS}). A column a newer changeset's undo renames
     * or brings back, or the record's own renames back, is not one the rebuild brings back: a release that adds a
     * column, then renames another, has the rename undone first.
     */
    private static List<String> columnsWhenRebuilt(Connection connection, String table,
                                                   List<ChangeSetRecords.Recorded> undoneBefore,
                                                   ChangeSetRecords.Recorded record) throws SQLException {
        List<String> columns = new ArrayList<>(Jdbc.columns(connection, table));
        for (ChangeSetRecords.Recorded newer : undoneBefore) {
            for (ChangeSetRecords.UndoStep step : inRunOrder(newer)) {
                columns = columnsAfter(step, table, columns);
            }
        }
        for (ChangeSetRecords.UndoStep step : record.undo()) {
            if (step.kind().equals("sql")) {
                columns = columnsAfter(step, table, columns);
            }
        }
        return columns;
    }

    /** {@code columns} of {@code table} after the undo step {@code step} ran (one on another table: as they were). */
    private static List<String> columnsAfter(ChangeSetRecords.UndoStep step, String table, List<String> columns)
            throws SQLException {
        if (step.kind().equals("sql")) {
            Optional<ColumnRenames.Rename> rename = step.sql() == null ? Optional.empty()
                    : ColumnRenames.declaredBy(step.sql());
            if (rename.isPresent() && rename.get().table().equalsIgnoreCase(table)) {
                return columns.stream()
                        .map(column -> column.equalsIgnoreCase(rename.get().from()) ? rename.get().to() : column)
                        .toList();
            }
        } else if (step.table() != null && step.table().equalsIgnoreCase(table)) {
            if (step.kind().equals("rebuildTable") && step.sql() != null) {
                return previousTable(SqliteTableRebuild.definitionOf(step.sql())).columns().stream()
                        .map(SchemaCatalog.Column::name).toList();
            }
            if (step.kind().equals("archiveColumn")) {
                return columns.stream().filter(column -> !column.equalsIgnoreCase(step.column())).toList();
            }
        }
        return columns;
    }

    /** {@link #rowsWithoutAValue(Connection, HistoryEntry, ChangeSetRecords.Recorded, List)} of one table's rebuild. */
    private static Optional<String> rowsWithoutAValue(Connection connection, String changeSetId, String table,
                                                      SchemaCatalog.Table previous,
                                                      List<SchemaCatalog.Column> returning) throws SQLException {
        String key = ColumnArchive.keyColumn(connection, table);
        for (SchemaCatalog.Column column : returning) {
            if (filledByItsDefault(previous, column)) {
                continue;
            }
            List<String> rows = ColumnArchive.keysNotArchived(connection, changeSetId, table, key, column.name());
            if (!rows.isEmpty()) {
                String listed = ColumnArchive.someOf(rows);
                return Optional.of("brings back column " + table + "." + column.name() + ", NOT NULL without a "
                        + "default, and " + rows.size() + " row(s) of " + table + " (" + key + " " + listed + ") have "
                        + "no value archived for it in data_migration_audit (added after the column was dropped): "
                        + "the table cannot be put back without a value for them");
            }
        }
        return Optional.empty();
    }

    private String currentDefinition(String table) throws SQLException {
        List<String> definitions = Jdbc.rows(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' "
                + "AND name = ?", List.of(table), rs -> rs.getString(1));
        if (definitions.isEmpty()) {
            throw new SQLException("table " + table + " is missing");
        }
        return definitions.get(0);
    }

    /**
     * A table only the newer release knew: dropped when empty, else kept whole as archived_<table>, constraining
     * nothing ({@link TableArchive}: a renamed table's foreign keys would cascade or refuse the older release's
     * writes). SQLite's copy moves the rows, changing none.
     */
    private void archiveTable(String table) throws SQLException {
        notTheUndosRows += TableArchive.archive(connection, table, sqlite).rowsMoved();
    }

    /**
     * A table the changeset moved whole into its archive ({@code ArchiveTable}, a removed entity's): given back from
     * the definition the archive recorded, with every row, as the changeset's own rollback gives it
     * ({@link TableArchive#restore}). SQLite's copy moves the rows back, changing none.
     */
    private void restoreTable(String changeSetId, String table) throws SQLException {
        // The downgrade refused this before anything was written (tableWithoutARecord); said again for a caller that
        // did not ask first.
        TableArchive.Restored restored = TableArchive.restore(connection, changeSetId, table, sqlite).orElseThrow(() ->
                new SQLException("it " + withoutARecord(table)));
        if (sqlite) {
            notTheUndosRows += restored.rows();
        }
        log.info("Gave table {} back from {} with its {} row(s)", table, restored.archive(), restored.rows());
    }

    /**
     * Why the undo of changeset {@code row} cannot give a table back ({@code restoreTable}), as what it "archived":
     * data_migration_audit holds no record of the archive to give it back from ({@link TableArchive#recorded}: a
     * step recorded for a table the changeset moved otherwise, or for a {@code renameTable} to the archive by a posdb
     * that recorded every archive so); empty when each has one. Known before anything is written: the downgrade
     * refuses it ({@link LiquibaseTables#undoThatCannotRun}), as {@link #restoreTable} would half way.
     */
    static Optional<String> tableWithoutARecord(Connection connection, HistoryEntry row,
                                                ChangeSetRecords.Recorded record) throws SQLException {
        if (record == null) {
            return Optional.empty();
        }
        for (ChangeSetRecords.UndoStep step : record.undo()) {
            if (step.kind().equals("restoreTable") && !TableArchive.recorded(connection, row.id(), step.table())) {
                return Optional.of(withoutARecord(step.table()));
            }
        }
        return Optional.empty();
    }

    private static String withoutARecord(String table) {
        return "archived table " + table + " and data_migration_audit holds no record of the table's definition to "
                + "give it back from";
    }

    /**
     * The column an audited data change's row is found by: its id, else SQLite's rowid (archive rows have their own
     * rule, {@link ColumnArchive#keyColumn}).
     */
    private String auditedKeyOf(String table) throws SQLException {
        return Jdbc.columns(connection, table).contains("id") ? "id" : "rowid";
    }

    /** An audited data change: each changed value back to the old value its audit row kept. */
    private void restoreAudited(String changeSetId) throws SQLException {
        if (!Jdbc.tableExists(connection, "data_migration_audit")) {
            return;
        }
        List<String[]> changes = Jdbc.rows(connection, "SELECT table_name, row_id, column_name, old_value "
                + "FROM data_migration_audit WHERE changeset_id = ? AND (note IS NULL OR note NOT LIKE 'archived:%') "
                + "AND row_id <> ? ORDER BY id DESC", List.of(changeSetId, ColumnArchive.DEFINITIONS_ROW),
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        for (String[] change : changes) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + SqlIdentifiers.quoteAny(change[0])
                    + " SET " + SqlIdentifiers.quoteAny(change[2]) + " = ? WHERE CAST("
                    + SqlIdentifiers.quoteAny(auditedKeyOf(change[0])) + " AS VARCHAR(64)) = ?")) {
                update.setString(1, change[3]);
                update.setString(2, change[1]);
                update.executeUpdate();
            }
        }
    }
}
