package io.posdb.migration.sqlite;

import io.posdb.migration.SqlIdentifiers;
import io.posdb.migration.SqlPreview;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.change.custom.CustomTaskChange;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * Changes a table's definition the way SQLite documents it must be done (ALTER TABLE,
 * section 7: "Making Other Kinds Of Table Schema Changes"), since SQLite cannot alter a
 * column and Liquibase refuses {@code modifyDataType} there.
 * <p>Why not create-copy-drop-rename as is: with foreign keys enforced, dropping the old
 * table deletes its rows first and ON DELETE CASCADE takes every sale and sale item with
 * it, while reporting success. The documented procedure switches foreign keys off for the
 * rebuild (outside any transaction, where the pragma works), rebuilds in one transaction,
 * proves {@code PRAGMA foreign_key_check} clean, commits, and switches them back on.
 * <p>Parameters: {@code tableName}; {@code createTableSql}, the new definition written as
 * {@code CREATE TABLE {table} (...)}; {@code rollbackCreateTableSql}, the previous one,
 * for {@link #rollback}. The changeset must declare {@code runInTransaction: false}.
 */
public class SqliteTableRebuild implements CustomTaskChange, CustomTaskRollback {

    static final String TABLE_PLACEHOLDER = "{table}";

    private String tableName;
    private String createTableSql;
    private String rollbackCreateTableSql;
    private String outcome = "not run";

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getTableName() { return tableName; }
    public void setTableName(String value) { tableName = value; }
    public String getCreateTableSql() { return createTableSql; }
    public void setCreateTableSql(String value) { createTableSql = value; }
    public String getRollbackCreateTableSql() { return rollbackCreateTableSql; }
    public void setRollbackCreateTableSql(String value) { rollbackCreateTableSql = value; }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        if (!SqlIdentifiers.isPlain(tableName)) {
            errors.addError("tableName '" + tableName + "' is not a plain identifier");
        }
        checkDefinition(errors, "createTableSql", createTableSql);
        checkDefinition(errors, "rollbackCreateTableSql", rollbackCreateTableSql);
        return errors;
    }

    private static void checkDefinition(ValidationErrors errors, String parameter, String sql) {
        if (sql == null || !sql.strip().toUpperCase(java.util.Locale.ROOT).startsWith("CREATE TABLE " + TABLE_PLACEHOLDER.toUpperCase(java.util.Locale.ROOT))) {
            errors.addError(parameter + " must start with 'CREATE TABLE " + TABLE_PLACEHOLDER + "'");
        }
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        outcome = rebuild(database, createTableSql);
    }

    @Override
    public void rollback(Database database) throws CustomChangeException {
        outcome = rebuild(database, rollbackCreateTableSql);
    }

    private String rebuild(Database database, String definition) throws CustomChangeException {
        if (SqlPreview.describeIfPreview(database, "Rebuild table " + tableName + " as: "
                + definition.strip().replace('\n', ' '))) {
            return "previewed";
        }
        ValidationErrors errors = validate(database);
        if (errors.hasErrors()) {
            throw new CustomChangeException("Rebuilding table " + tableName + ": " + String.join("; ", errors.getErrorMessages()));
        }
        Connection connection = SqlIdentifiers.jdbc(database);
        try {
            return new TableRebuildProcedure(connection, tableName).run(definition);
        } catch (SQLException e) {
            throw new CustomChangeException("Rebuilding table " + tableName + " failed, nothing was changed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return outcome;
    }

    @Override
    public void setUp() {
        // Nothing to prepare.
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
        // Reads no files.
    }
}
