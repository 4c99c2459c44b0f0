package io.posdb.migration.sqlite.guard;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.DropNotNullConstraintChange;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.ValidationErrors;

/** Liquibase's {@code dropNotNullConstraint}, refused on SQLite ({@link SqliteHazard#DROP_NOT_NULL_CONSTRAINT}). */
@DatabaseChange(name = "dropNotNullConstraint", description = "dropNotNullConstraint, refused on SQLite (SqliteHazard)",
        priority = ChangeMetaData.PRIORITY_DEFAULT + 1)
public class SqliteGuardedDropNotNullConstraint extends DropNotNullConstraintChange {

    // On SQLite this class must be the one Liquibase picks even where Liquibase's own change does
    // not support SQLite (ChangeFactory drops plugins that do not, and fails the parse when none is
    // left), so that validation refuses it with the list's words; elsewhere it defers.
    @Override
    public boolean supports(Database database) {
        return database instanceof SQLiteDatabase || super.supports(database);
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors refusal = new ValidationErrors();
        return SqliteRebuildRefusal.refuses(this, database, refusal) ? refusal : super.validate(database);
    }
}
