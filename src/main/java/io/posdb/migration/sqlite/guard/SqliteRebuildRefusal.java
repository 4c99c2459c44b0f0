package io.posdb.migration.sqlite.guard;

import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.Scope;

/** The refusal every guarded change type gives on SQLite; the message names the changeset and the way out. */
final class SqliteRebuildRefusal {

    private SqliteRebuildRefusal() {
    }

    /** True when {@code database} is SQLite: {@code errors} then holds the refusal (and nothing else matters). */
    static boolean refuses(Change change, Database database, ValidationErrors errors) {
        if (!(database instanceof SQLiteDatabase)) {
            return false;
        }
        String type = Scope.getCurrentScope().getSingleton(ChangeFactory.class).getChangeMetaData(change).getName();
        ChangeSet changeSet = change.getChangeSet();
        String where = changeSet == null ? "" : "changeset " + changeSet.getId() + " (" + changeSet.getFilePath() + "): ";
        errors.addError(where + type + " is refused on SQLite: Liquibase does it by rebuilding the table (copy, "
                + "DROP TABLE, rename), and with foreign keys on the DROP TABLE cascades (ON DELETE CASCADE / "
                + "SET NULL) into the rows that refer to the table. Use a native change instead, e.g. "
                + "sql: ALTER TABLE \"t\" ADD COLUMN \"c\" ..., or io.posdb.migration.sqlite.SqliteTableRebuild "
                + "(runInTransaction: false), which rebuilds without cascading; see README, How to add a new migration");
        return true;
    }
}
