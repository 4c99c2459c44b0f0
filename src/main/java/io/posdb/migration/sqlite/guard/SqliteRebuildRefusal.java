package io.posdb.migration.sqlite.guard;

import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.Scope;

/**
 * The refusal every guarded change type gives on SQLite, read from {@link SqliteHazard}: the
 * message names the changeset, why, and the way out.
 */
final class SqliteRebuildRefusal {

    private SqliteRebuildRefusal() {
    }

    /**
     * True when {@code database} is SQLite and the change's type is in {@link SqliteHazard}:
     * {@code errors} then holds the refusal (and nothing else matters). A guard class whose type
     * is not in the list refuses nothing (a test keeps the guard classes and the list the same).
     */
    static boolean refuses(Change change, Database database, ValidationErrors errors) {
        if (!(database instanceof SQLiteDatabase)) {
            return false;
        }
        String type = Scope.getCurrentScope().getSingleton(ChangeFactory.class).getChangeMetaData(change).getName();
        SqliteHazard hazard = SqliteHazard.of(type).orElse(null);
        if (hazard == null) {
            return false;
        }
        ChangeSet changeSet = change.getChangeSet();
        String where = changeSet == null ? "" : "changeset " + changeSet.getId() + " (" + changeSet.getFilePath() + "): ";
        errors.addError(where + hazard.refusal());
        return true;
    }
}
