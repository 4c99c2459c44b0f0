package io.posdb.migration.sqlite.guard;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.AddAutoIncrementChange;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;

/** Liquibase's {@code addAutoIncrement}, refused on SQLite (see the package comment). */
@DatabaseChange(name = "addAutoIncrement", description = "addAutoIncrement, refused on SQLite where it rebuilds the table",
        priority = ChangeMetaData.PRIORITY_DEFAULT + 1)
public class SqliteGuardedAddAutoIncrement extends AddAutoIncrementChange {

    // Declared here although it only defers: Liquibase warns about a Change subclass that does not
    // declare supports(Database) (it might take over other databases' changes).
    @Override
    public boolean supports(Database database) {
        return super.supports(database);
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors refusal = new ValidationErrors();
        return SqliteRebuildRefusal.refuses(this, database, refusal) ? refusal : super.validate(database);
    }
}
