package io.posdb.migration.data;

import io.posdb.migration.ColumnArchive;
import io.posdb.migration.PosdbTableChange;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;

/**
 * The rollback of an archiving column drop: adds the column back (nullable) and fills each
 * row with the value the drop archived into data_migration_audit (the latest archive row of
 * that changeset, table, column and key). A column with a default gives the rows added since
 * the drop (which have no archived value) its default (its drop archived the rows that held NULL too, so they get
 * NULL back: {@link ColumnArchive}); a NOT NULL column without one refuses, naming
 * those rows, before it writes anything: the rebuild after it would fail on them. The indexes the drop took with
 * the column are made again once the values are back ({@link ColumnArchive#makeAgain}: an index on another column
 * the drop took too, once that column is back). A custom change, not {@code sql}, because Liquibase
 * runs custom changes while it collects a rollback's statements, before any {@code sql}: a
 * {@code SqliteTableRebuild} that follows in the same rollback (to make the column NOT NULL
 * again, in its old place) must find the values already there.
 * <p>Parameters: {@code tableName}, {@code columnName}, {@code columnType} (SQL type),
 * {@code keyColumn} (the archive rows' row_id), {@code archivedBy} (the changeset id in the archive rows),
 * {@code notNull} ({@code true} when the column was NOT NULL), {@code defaultValue} (its DEFAULT expression as the
 * table's CREATE had it, if any, NOT NULL or not).
 */
public class RestoreArchivedColumn extends PosdbTableChange {

    private String columnName;
    private String columnType;
    private String keyColumn = "id";
    private String archivedBy;
    private String notNull = "false";
    private String defaultValue;

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getColumnName() { return columnName; }
    public void setColumnName(String value) { columnName = value; }
    public String getColumnType() { return columnType; }
    public void setColumnType(String value) { columnType = value; }
    public String getKeyColumn() { return keyColumn; }
    public void setKeyColumn(String value) { keyColumn = value; }
    public String getArchivedBy() { return archivedBy; }
    public void setArchivedBy(String value) { archivedBy = value; }
    public String getNotNull() { return notNull; }
    public void setNotNull(String value) { notNull = value; }
    public String getDefaultValue() { return defaultValue; }
    public void setDefaultValue(String value) { defaultValue = value; }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = super.validate(database);
        requirePlain(errors, "columnName", columnName);
        requirePlain(errors, "keyColumn", keyColumn);
        if (columnType == null || !columnType.matches("[A-Za-z][A-Za-z ]*(\\(\\d+(,\\s*\\d+)?\\))?")) {
            errors.addError("columnType '" + columnType + "' is not a SQL type such as VARCHAR(40)");
        }
        if (archivedBy == null || archivedBy.isBlank()) {
            errors.addError("archivedBy is required: the id of the changeset whose archive rows hold the values");
        }
        if (!"true".equals(notNull) && !"false".equals(notNull)) {
            errors.addError("notNull '" + notNull + "' is neither true nor false");
        }
        if (defaultValue != null && defaultValue.contains(";")) {
            errors.addError("defaultValue '" + defaultValue + "' is not one SQL expression");
        }
        return errors;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        String task = "Restoring column " + tableName() + "." + columnName + " from data_migration_audit";
        requireValid(database, task);
        Connection connection = Jdbc.connectionUnder(database);
        String table = SqlIdentifiers.quote(tableName());
        String column = SqlIdentifiers.quote(columnName);
        try (Statement add = connection.createStatement()) {
            boolean required = Boolean.parseBoolean(notNull);
            boolean hasDefault = defaultValue != null && !defaultValue.isBlank();
            if (required && !hasDefault) {
                // Every row there at the drop had a value (NOT NULL), so a row without one was added since.
                List<String> added = ColumnArchive.keysNotArchived(connection, archivedBy, tableName(), keyColumn,
                        columnName);
                if (!added.isEmpty()) {
                    throw new CustomChangeException(ColumnArchive.notRestorable(archivedBy, tableName(), keyColumn,
                            columnName, ColumnArchive.someOf(added)));
                }
            }
            add.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + columnType);
            // Prepared only now: SQLite checks the column exists when the statement is prepared.
            int restored = ColumnArchive.restore(connection, archivedBy, tableName(), keyColumn, columnName, columnType);
            // The rows without an archive row were added since the drop: a row that held NULL has one (a column
            // with a default has its NULLs archived), and keeps its NULL.
            int defaulted = hasDefault ? ColumnArchive.fillNotArchived(connection, archivedBy, tableName(), keyColumn,
                    columnName, defaultValue) : 0;
            // The indexes the drop took with the column (SqliteTableRebuild recorded them): the rebuild after this
            // recreates the table's indexes as it finds them, and the table's previous definition holds none.
            int indexes = ColumnArchive.makeAgain(connection, archivedBy, tableName(), List.of(columnName));
            outcome("column " + tableName() + "." + columnName + " added back, " + restored
                    + " values restored from data_migration_audit"
                    + (defaulted == 0 ? "" : ", " + defaulted + " rows added since given its default " + defaultValue)
                    + (indexes == 0 ? "" : ", " + indexes + " index(es) made again"));
        } catch (SQLException e) {
            throw new CustomChangeException(task + " failed: " + e.getMessage(), e);
        }
    }
}
