package io.posdb.migration;

import liquibase.database.Database;
import liquibase.exception.ValidationErrors;

/**
 * A posdb custom change on one table, named by its {@code tableName} parameter: the parameter, its Liquibase bean
 * property and its check (a plain identifier, in the same words for every change) in one place. Only where the
 * parameter lives moves; its name, and so the released checksums of the changesets that set it, stay.
 * A subclass with more parameters checks them after {@code super.validate}.
 */
public abstract class PosdbTableChange extends PosdbCustomChange {

    private String tableName;

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public final String getTableName() { return tableName; }
    public final void setTableName(String value) { tableName = value; }

    /** The table this change works on, as the changeset names it. */
    protected final String tableName() {
        return tableName;
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        requirePlain(errors, "tableName", tableName);
        return errors;
    }
}
