package io.posdb.migration.data;

import io.posdb.migration.ColumnArchive;
import io.posdb.migration.PosdbCustomChange;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;

/**
 * The rollback of an archiving column drop: adds the column back (nullable) and fills each
 * row with the value the drop archived into data_migration_audit (the latest archive row of
 * that changeset, table, column and key). A custom change, not {@code sql}, because Liquibase
 * runs custom changes while it collects a rollback's statements, before any {@code sql}: a
 * {@code SqliteTableRebuild} that follows in the same rollback (to make the column NOT NULL
 * again, in its old place) must find the values already there.
 * <p>Parameters: {@code tableName}, {@code columnName}, {@code columnType} (SQL type),
 * {@code keyColumn} (the archive rows' row_id), {@code archivedBy} (the changeset id in the archive rows).
 */
public class RestoreArchivedColumn extends PosdbCustomChange {

    private String tableName;
    private String columnName;
    private String columnType;
    private String keyColumn = "id";
    private String archivedBy;

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getTableName() { return tableName; }
    public void setTableName(String value) { tableName = value; }
    public String getColumnName() { return columnName; }
    public void setColumnName(String value) { columnName = value; }
    public String getColumnType() { return columnType; }
    public void setColumnType(String value) { columnType = value; }
    public String getKeyColumn() { return keyColumn; }
    public void setKeyColumn(String value) { keyColumn = value; }
    public String getArchivedBy() { return archivedBy; }
    public void setArchivedBy(String value) { archivedBy = value; }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        requirePlain(errors, "tableName", tableName);
        requirePlain(errors, "columnName", columnName);
        requirePlain(errors, "keyColumn", keyColumn);
        if (columnType == null || !columnType.matches("[A-Za-z][A-Za-z ]*(\\(\\d+(,\\s*\\d+)?\\))?")) {
            errors.addError("columnType '" + columnType + "' is not a SQL type such as VARCHAR(40)");
        }
        if (archivedBy == null || archivedBy.isBlank()) {
            errors.addError("archivedBy is required: the id of the changeset whose archive rows hold the values");
        }
        return errors;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        String task = "Restoring column " + tableName + "." + columnName + " from data_migration_audit";
        requireValid(database, task);
        Connection connection = Jdbc.connectionUnder(database);
        String table = SqlIdentifiers.quote(tableName);
        String column = SqlIdentifiers.quote(columnName);
        try (Statement add = connection.createStatement()) {
            add.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + columnType);
            // Prepared only now: SQLite checks the column exists when the statement is prepared.
            outcome("column " + tableName + "." + columnName + " added back, " + ColumnArchive.restore(connection,
                    archivedBy, tableName, keyColumn, columnName, columnType) + " values restored from data_migration_audit");
        } catch (SQLException e) {
            throw new CustomChangeException(task + " failed: " + e.getMessage(), e);
        }
    }
}
