package io.posdb.runner;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.migration.ColumnArchive;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.migration.sqlite.SqliteTableRebuild;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * Undoes changesets this release does not know from what the database recorded of them
 * ({@link ChangeSetRecords}), without their changelog or classes: newest first, each one's
 * steps in an order that keeps data (restore audited values while the columns exist, drop
 * added indexes, triggers and views, put tables back to their previous definition archiving
 * the values of columns that only the newer release knew, rename added tables that hold rows to
 * {@code archived_<table>}), then its row in Liquibase's history and its record go. The caller
 * runs it inside the upgrade envelope (lock, snapshot, all or nothing). Each changeset is handed to the
 * run's record as a timed step, as Liquibase's changesets are, and to the caller's progress listener.
 */
final class RecordedUndo {

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

    RecordedUndo(Connection connection, Consumer<UpgradeStep> steps, UpgradeProgress progress) throws Exception {
        this.connection = connection;
        this.timing = new RecordingChangeExecListener(steps, progress, null);
        this.database = LiquibaseScope.databaseOn(connection);
        // Liquibase's wrapper turns autocommit off. SQLite: a table rebuild needs it on (PRAGMA foreign_keys is a
        // no-op inside a transaction); all or nothing comes from the envelope's snapshot, as for a rebuild's
        // changeset. PostgreSQL: one transaction for the whole downgrade, its DDL included.
        this.sqlite = database instanceof liquibase.database.core.SQLiteDatabase;
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
        List<ChangeSetRecords.UndoStep> undoSteps = new ArrayList<>(record.undo());
        undoSteps.sort(Comparator.comparingInt(step -> ChangeSetRecords.KINDS.indexOf(step.kind())));
        // Archive rows written by a rebuild name the changeset they undo.
        Scope.child(Scope.Attr.changeSet.name(), changeSet, () -> {
            for (ChangeSetRecords.UndoStep step : undoSteps) {
                run(row, step);
            }
        });
        notTheUndosRows += ChangeSetRecords.deleteRow(connection, "DATABASECHANGELOG", row.id(), row.author(),
                row.file()) + ChangeSetRecords.forget(connection, row.id(), row.author(), row.file());
        return new AppliedChangeSet(row.id(), row.file(), "UNDONE", record.compatibility().text(), null);
    }

    private void run(HistoryEntry row, ChangeSetRecords.UndoStep step) throws Exception {
        switch (step.kind()) {
            case "sql" -> execute(step.sql());
            case "rebuildTable" -> rebuild(step);
            case "archiveTable" -> archiveTable(step.table());
            case "archiveColumn" -> {
                ColumnArchive.archive(connection, row.id(), step.table(), keyOf(step.table()), step.column(),
                        "column undone by posdb downgrade");
                execute("ALTER TABLE " + SqlIdentifiers.quoteAny(step.table()) + " DROP COLUMN "
                        + SqlIdentifiers.quoteAny(step.column()));
            }
            case "restoreAudited" -> restoreAudited(row.id());
            default -> throw new IllegalStateException("undo step " + step.kind() + " is in ChangeSetRecords.KINDS "
                    + "but RecordedUndo does not run it");
        }
    }

    /** SQLite: the table's previous definition, rows copied by the columns both have; the others archived. */
    private void rebuild(ChangeSetRecords.UndoStep step) throws Exception {
        String previous = SqliteTableRebuild.definitionOf(step.sql()); // judged there, by ChangeSetRecords.cannotRun
        List<String> previousColumns = SqliteTableRebuild.columnsOf(previous);
        List<String> lost = Jdbc.columns(connection, step.table()).stream()
                .filter(c -> previousColumns.stream().noneMatch(c::equalsIgnoreCase)).toList();
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
    }

    private String currentDefinition(String table) throws SQLException {
        List<String> definitions = Jdbc.rows(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' "
                + "AND name = ?", List.of(table), rs -> rs.getString(1));
        if (definitions.isEmpty()) {
            throw new SQLException("table " + table + " is missing");
        }
        return definitions.get(0);
    }

    /** A table only the newer release knew: dropped when empty, else kept whole as archived_<table>. */
    private void archiveTable(String table) throws SQLException {
        if (Jdbc.rowCount(connection, table) == 0) {
            execute("DROP TABLE " + SqlIdentifiers.quoteAny(table));
            return;
        }
        String archived = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table;
        for (int n = 2; Jdbc.tableExists(connection, archived); n++) {
            archived = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table + "_" + n;
        }
        execute("ALTER TABLE " + SqlIdentifiers.quoteAny(table) + " RENAME TO " + SqlIdentifiers.quoteAny(archived));
    }

    /** The column a row is found by: its id, else SQLite's rowid. */
    private String keyOf(String table) throws SQLException {
        return Jdbc.columns(connection, table).contains("id") ? "id" : "rowid";
    }

    /** An audited data change: each changed value back to the old value its audit row kept. */
    private void restoreAudited(String changeSetId) throws SQLException {
        if (!Jdbc.tableExists(connection, "data_migration_audit")) {
            return;
        }
        List<String[]> changes = Jdbc.rows(connection, "SELECT table_name, row_id, column_name, old_value "
                + "FROM data_migration_audit WHERE changeset_id = ? AND (note IS NULL OR note NOT LIKE 'archived:%') "
                + "ORDER BY id DESC", List.of(changeSetId),
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        for (String[] change : changes) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + SqlIdentifiers.quoteAny(change[0])
                    + " SET " + SqlIdentifiers.quoteAny(change[2]) + " = ? WHERE CAST("
                    + SqlIdentifiers.quoteAny(keyOf(change[0])) + " AS VARCHAR(64)) = ?")) {
                update.setString(1, change[3]);
                update.setString(2, change[1]);
                update.executeUpdate();
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
