package io.posdb.migration;

import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.CustomChangeException;

/**
 * The changeset of a removed entity ({@code bin/new-changeset}): keeps its table whole as {@code archived_<table>},
 * rows and columns, constraining nothing ({@link TableArchive}, as {@code posdb downgrade} keeps a table only a newer
 * release knew). Not Liquibase's {@code renameTable}: a renamed table keeps its foreign keys (and on SQLite other
 * tables' references follow the rename), triggers, unique constraints and indexes, so an older release's ordinary
 * writes would cascade into the archive (a {@code delete from user} emptying {@code archived_payment} through
 * {@code payment ... on delete cascade}) or be refused by it.
 * <p>An empty table is archived too (an empty {@code archived_<table>}), not dropped: its rollback makes it again from
 * what the archive recorded, and on PostgreSQL a dropped table takes with it what the recorded statements cannot make
 * again (the sequences its columns own). An empty archive costs nothing and says where the table went.
 * <p>Its rollback gives the table back as it was, with every archived row: {@link TableArchive#archiveRecorded} keeps
 * the statements that make it again in {@code data_migration_audit}, read from the database as it archives. The
 * generator could write SQLite's definition into the changeset (it knows the changelog's), but not PostgreSQL's
 * (the server's constraints, indexes and other tables' foreign keys), nor a shop's own index or legacy definition; so
 * one way for both engines: what the database had is what comes back, and drift against the catalog before the
 * change finds nothing.
 * <p>Parameter: {@code tableName}, a plain identifier. SQLite: the changeset must declare {@code runInTransaction:
 * false} (PRAGMA foreign_keys works only outside a transaction; the archive and its record are one transaction of their
 * own). PostgreSQL: it runs in the changeset's transaction.
 */
public class ArchiveTable extends PosdbTableChange implements CustomTaskRollback {

    @Override
    public void execute(Database database) throws CustomChangeException {
        String task = "Archiving table " + tableName();
        if (SqlPreview.describeIfPreview(database, "Move table " + tableName() + " whole into archived_" + tableName()
                + ", constraining nothing")) {
            return;
        }
        requireValid(database, task);
        Connection connection = Jdbc.connectionUnder(database);
        try {
            TableArchive.Archived archived = TableArchive.archiveRecorded(connection, changeSetId(task), tableName(),
                    "removed entity", database instanceof SQLiteDatabase);
            copied(archived.rowsMoved());
            outcome("table " + tableName() + " archived whole into " + archived.table() + ", constraining nothing");
        } catch (SQLException e) {
            throw new CustomChangeException(task + " failed, nothing was changed: " + e.getMessage(), e);
        }
    }

    @Override
    public void rollback(Database database) throws CustomChangeException {
        String task = "Giving table " + tableName() + " back from its archive";
        if (SqlPreview.describeIfPreview(database, "Make table " + tableName() + " again as it was, with the rows of "
                + "its archive")) {
            return;
        }
        requireValid(database, task);
        Connection connection = Jdbc.connectionUnder(database);
        try {
            Optional<TableArchive.Restored> restored = TableArchive.restore(connection, changeSetId(task), tableName(),
                    database instanceof SQLiteDatabase);
            outcome(restored.map(r -> "table " + tableName() + " given back from " + r.archive() + " with " + r.rows()
                    + " rows").orElse("table " + tableName() + " was not archived by this changeset: nothing to give "
                    + "back"));
        } catch (SQLException e) {
            throw new CustomChangeException(task + " failed, nothing was changed: " + e.getMessage(), e);
        }
    }

    /** The archive's record names the changeset: the rollback reads the one its own run wrote. */
    private static String changeSetId(String task) throws CustomChangeException {
        return RunningChangeSet.get().map(ChangeSet::getId).orElseThrow(() -> new CustomChangeException(task
                + ": no changeset is running (ArchiveTable runs only as a changeset's change)"));
    }
}
