package io.posdb.migration.sqlite;

import io.posdb.migration.PosdbCustomChange;
import io.posdb.migration.ScratchDatabase;
import io.posdb.migration.SqlPreview;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a table's definition the way SQLite documents it must be done (ALTER TABLE,
 * section 7: "Making Other Kinds Of Table Schema Changes"), since SQLite cannot alter a
 * column and Liquibase refuses {@code modifyDataType} there.
 * <p>Why not create-copy-drop-rename as is: with foreign keys enforced, dropping the old
 * table deletes its rows first and ON DELETE CASCADE takes every sale and sale item with
 * it, while reporting success. The documented procedure switches foreign keys off for the
 * rebuild (outside any transaction, where the pragma works), rebuilds in one transaction,
 * proves {@code PRAGMA foreign_key_check} clean, commits, and switches them back on.
 * <p>Parameters:
 * <ul>
 * <li>{@code tableName}: the table, a plain identifier (checked to exist when the change runs).
 * <li>{@code createTableSql}: the new definition, written {@code CREATE TABLE {table} (...)}.
 *     The {@code {table}} right after CREATE TABLE is replaced by the temporary name
 *     {@code "posdb_rebuild_<table>"}; any later {@code {table}} (a self-reference) by the
 *     quoted table name, which it will have after the rename.
 * <li>{@code rollbackCreateTableSql}: the previous definition, same form, used by {@link #rollback}.
 * <li>{@code dropColumns} (optional): comma-separated columns this changeset may drop. A column the
 *     new definition lacks and that holds any non-NULL value makes the rebuild refuse, naming it,
 *     unless it is named here; its values are then archived into {@code data_migration_audit}
 *     (one row per value, note {@code archived: ...}) in the rebuild's transaction.
 * </ul>
 * A rollback keeps the live columns that neither definition has (columns added by later
 * releases, e.g. with {@code ALTER TABLE ... ADD COLUMN}): a definition frozen at this release
 * must not drop them. See {@link RebuildColumns}.
 * The changeset must declare {@code runInTransaction: false}; the change refuses to run otherwise.
 */
public class SqliteTableRebuild extends PosdbCustomChange implements CustomTaskRollback {

    private static final Pattern DEFINITION = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+\\{table\\}\\s*\\(.*");
    private static final Logger log = LoggerFactory.getLogger(SqliteTableRebuild.class);

    private String tableName;
    private String createTableSql;
    private String rollbackCreateTableSql;
    private String dropColumns;

    // Liquibase sets a YAML attribute only on a property with both a getter and a setter.
    public String getTableName() { return tableName; }
    public void setTableName(String value) { tableName = value; }
    public String getCreateTableSql() { return createTableSql; }
    public void setCreateTableSql(String value) { createTableSql = value; }
    public String getRollbackCreateTableSql() { return rollbackCreateTableSql; }
    public void setRollbackCreateTableSql(String value) { rollbackCreateTableSql = value; }
    public String getDropColumns() { return dropColumns; }
    public void setDropColumns(String value) { dropColumns = value; }

    /**
     * Checks the parameters only. That the table exists is checked when the change runs:
     * Liquibase validates every pending changeset before running the first, so on a fresh
     * database the table does not exist yet at this point.
     */
    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        if (!SqlIdentifiers.isPlain(tableName)) {
            errors.addError("tableName '" + tableName + "' is not a plain identifier");
        }
        checkDefinition(errors, "createTableSql", createTableSql);
        checkDefinition(errors, "rollbackCreateTableSql", rollbackCreateTableSql);
        for (String column : dropColumnList()) {
            if (!SqlIdentifiers.isPlain(column)) {
                errors.addError("dropColumns names '" + column + "', which is not a plain column name");
            }
        }
        return errors;
    }

    private static void checkDefinition(ValidationErrors errors, String parameter, String sql) {
        if (sql == null || sql.isBlank()) {
            errors.addError(parameter + " is required: the full CREATE TABLE {table} (...) statement");
        } else if (!DEFINITION.matcher(sql).matches()) {
            errors.addError(parameter + " must start with 'CREATE TABLE {table} (' ({table} stands for the table name)");
        }
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        outcome(rebuild(database, createTableSql, null));
    }

    @Override
    public void rollback(Database database) throws CustomChangeException {
        outcome(rebuild(database, rollbackCreateTableSql, createTableSql));
    }

    private List<String> dropColumnList() {
        if (dropColumns == null || dropColumns.isBlank()) {
            return List.of();
        }
        return Arrays.stream(dropColumns.split(",")).map(String::strip).toList();
    }

    /** The id written into archive rows: the running changeset's, which Liquibase puts into its scope. */
    private String changeSetId() {
        ChangeSet changeSet = Scope.getCurrentScope().get(Scope.Attr.changeSet.name(), ChangeSet.class);
        return changeSet == null ? "SqliteTableRebuild " + tableName : changeSet.getId();
    }

    private String rebuild(Database database, String definition, String forwardDefinition)
            throws CustomChangeException {
        String task = "Rebuilding table " + tableName;
        if (SqlPreview.describeIfPreview(database, "Rebuild table " + tableName + " as: "
                + String.valueOf(definition).strip().replace('\n', ' '))) {
            return "previewed";
        }
        ValidationErrors errors = validate(database);
        if (errors.hasErrors()) {
            throw new CustomChangeException(task + ": " + String.join("; ", errors.getErrorMessages()));
        }
        Connection connection = SqlIdentifiers.jdbc(database);
        RebuildTarget target = new RebuildTarget(tableName);
        target.requireReady(connection, task);
        try {
            RebuildColumns policy = new RebuildColumns(RebuildColumns.lower(dropColumnList()), forwardDefinition,
                    changeSetId());
            TableRebuildProcedure.Outcome done = new TableRebuildProcedure(connection, tableName)
                    .run(target.temporaryDefinition(definition), policy);
            String columns = (done.carriedOver().isEmpty() ? "" : ", columns kept from the live table: "
                    + String.join(", ", done.carriedOver()))
                    + (done.archived().isEmpty() ? "" : ", dropped after archiving their values into "
                    + "data_migration_audit: " + done.archived());
            if (ScratchDatabase.isBeingBuilt()) {
                log.debug("Rebuilt table {} in a scratch database", tableName);
            } else {
                log.info("Rebuilt table {} ({} rows kept, foreign keys intact{})", tableName, done.rows(), columns);
            }
            // Liquibase logs the confirmation message too (mvn liquibase:update shows both): not the same line twice.
            return "table " + tableName + " rebuilt: " + done.rows() + " rows" + columns;
        } catch (RebuildColumns.RefusedColumnDrop e) {
            throw new CustomChangeException(task + " refused, nothing was changed: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new CustomChangeException(task + " failed, nothing was changed: " + e.getMessage(), e);
        }
    }
}
