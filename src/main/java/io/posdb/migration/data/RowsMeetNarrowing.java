package io.posdb.migration.data;

import io.posdb.sql.Jdbc;
import io.posdb.sql.NumberTypes;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

/**
 * Before a column is narrowed ({@code onFail: HALT}, written by {@code bin/new-changeset} before the
 * SQLite rebuild and the PostgreSQL ALTER alike): every row of {@code tableName} already meets the
 * narrower definition of {@code columnName}: a {@code maxLength} (SQLite keeps a longer value in a
 * shorter {@code VARCHAR} silently; PostgreSQL refuses the ALTER in the middle of the upgrade), NOT
 * NULL ({@code notNull: true}), a {@code check} expression, a number type ({@code numberType}, text becoming a
 * number: SQLite keeps a value that is no number as text in the number column, which the application then cannot
 * read; PostgreSQL refuses the ALTER). Otherwise it fails naming, per rule, how
 * many rows break it and the {@code keyColumn} values of the first of them, so a person corrects them
 * with a data change first. Nothing is changed either way.
 */
public class RowsMeetNarrowing implements CustomPrecondition {

    private String tableName;
    private String columnName;
    private String keyColumn = "id";
    private Integer maxLength;
    private boolean notNull;
    private String check;
    private String numberType;

    public void setTableName(String value) { tableName = value; }
    public void setColumnName(String value) { columnName = value; }
    public void setKeyColumn(String value) { keyColumn = value; }
    public void setMaxLength(String value) { maxLength = value == null ? null : Integer.valueOf(value.trim()); }
    public void setNotNull(String value) { notNull = Boolean.parseBoolean(value); }
    public void setCheck(String value) { check = value; }
    public void setNumberType(String value) { numberType = value; }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        try {
            Connection connection = Jdbc.connectionUnder(database);
            GuardedTable.require(connection, tableName, "the rows of table " + tableName + " against the narrower "
                    + "definition of " + columnName, "the table the narrowing changes");
            String column = SqlIdentifiers.quote(columnName);
            List<String> broken = new ArrayList<>();
            if (maxLength != null) {
                // As text: a column that becomes text may hold numbers or, on PostgreSQL, booleans, which have no
                // length() there; their text is what the change casts them to.
                broken.addAll(rowsWhere(connection, "length(CAST(" + column + " AS TEXT)) > " + maxLength,
                        "longer than " + maxLength + " characters"));
            }
            if (notNull) {
                broken.addAll(rowsWhere(connection, column + " IS NULL", "NULL"));
            }
            if (check != null && !check.isBlank()) {
                // The CHECK text is the entity's own @Check, as the generated table definition holds it.
                broken.addAll(rowsWhere(connection, "NOT (" + check + ")", "breaking CHECK (" + check + ")"));
            }
            if (numberType != null && !numberType.isBlank()) {
                NamedRows.Found found = NamedRows.Found.by(connection, new BoundSql().append("SELECT "
                        + SqlIdentifiers.quote(keyColumn) + ", CAST(" + column + " AS TEXT) FROM "
                        + SqlIdentifiers.quote(tableName) + " WHERE " + column + " IS NOT NULL ORDER BY "
                        + SqlIdentifiers.quote(keyColumn)), text -> !NumberTypes.holds(numberType, text));
                broken.addAll(named(found, "that " + numberType + " does not hold as a number"));
            }
            if (!broken.isEmpty()) {
                throw new CustomPreconditionFailedException("rows of table " + tableName + " break the narrower "
                        + "definition of " + columnName + ": " + String.join("; ", broken)
                        + ". Correct them with a data change numbered before " + GuardedTable.guard()
                        + " (renumber what bin/new-changeset --data wrote), then update again.");
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new CustomPreconditionErrorException("Cannot check the rows of table " + tableName + " against the "
                    + "narrower definition of " + columnName + ": " + e.getMessage(), e);
        }
    }

    /** "3 row(s) NULL (id 4, 9, 12)", or nothing when no row matches {@code condition}. */
    private List<String> rowsWhere(Connection connection, String condition, String what) throws SQLException {
        String key = SqlIdentifiers.quote(keyColumn);
        return named(NamedRows.Found.by(connection, new BoundSql().append("SELECT " + key + " FROM "
                + SqlIdentifiers.quote(tableName) + " WHERE " + condition + " ORDER BY " + key)), what);
    }

    private List<String> named(NamedRows.Found found, String what) {
        return found.count() == 0 ? List.of()
                : List.of(found.count() + " row(s) " + what + " (" + keyColumn + " " + found.listed() + ")");
    }
}
