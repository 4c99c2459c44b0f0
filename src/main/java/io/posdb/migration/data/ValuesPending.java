package io.posdb.migration.data;

import io.posdb.migration.RunningChangeSet;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;
import org.slf4j.helpers.NOPLogger;

/**
 * The "is there anything to do" precondition of a value migration ({@code onFail: MARK_RAN}):
 * passes when some row's value is one the migration would change (or cannot map), by the
 * migration's own facts, so the precondition and the change can never disagree. Parameter
 * {@code changeClass}: the {@link AuditedValueChange} subclass (its facts must not need YAML
 * parameters).
 * <p>A table or column the facts name that the database lacks is an error ({@code onError} HALT: the update stops,
 * nothing is marked), not "nothing to do": the changeset runs after the changesets that create its table, on a fresh
 * database as on a shop's, so a missing one is a misspelt name, TODO left in the scaffold, or a changeset ordered
 * before the one that makes the table. Counted as nothing pending, {@code onFail: MARK_RAN} would record the change
 * as ran on every till, and it would never run. (An update-sql preview that has not built the table yet leaves such
 * a changeset to update, as it does 0008's sqlCheck: {@code io.posdb.runner.PreviewChangeExecListener}.)
 */
public class ValuesPending implements CustomPrecondition {

    private String changeClass;

    public void setChangeClass(String value) { changeClass = value; }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        AuditedValueChange change = change();
        ValueChangeFacts facts = change.facts();
        try {
            Connection connection = Jdbc.connectionUnder(database);
            List<String> missing = change.schemaProblems(connection, true);
            if (!missing.isEmpty()) {
                throw new CustomPreconditionErrorException(RunningChangeSet.described().orElse("the changeset")
                        + " cannot run " + changeClass + " (" + facts.task() + "): " + String.join("; ", missing)
                        + ". Correct the names in its facts (or order the changeset after the one that creates the "
                        + "table), then update again; nothing was changed or marked as ran");
            }
            ValueChangeSql sql = new ValueChangeSql(facts, database instanceof PostgresDatabase);
            long pending = facts.mapping().setBased() ? sql.pendingCount().longs(connection, 1)[0]
                    : new RowByRowRun(connection, facts, sql, NOPLogger.NOP_LOGGER).pending().size();
            if (pending == 0) {
                throw new CustomPreconditionFailedException("every " + facts.table() + "." + facts.column()
                        + " value is already what " + facts.task() + " maps it to; nothing to do");
            }
        } catch (SQLException | RuntimeException e) {
            throw new CustomPreconditionErrorException("Cannot tell whether " + facts.task() + " has anything to do: "
                    + e.getMessage(), e);
        }
    }

    private AuditedValueChange change() throws CustomPreconditionErrorException {
        try {
            // The class loader Liquibase loads the change itself with (a plugin's or a tool's, not only ours).
            Class<?> type = Class.forName(changeClass, true, liquibase.Scope.getCurrentScope().getClassLoader());
            if (!AuditedValueChange.class.isAssignableFrom(type)) {
                throw new CustomPreconditionErrorException("changeClass " + changeClass + " is not an AuditedValueChange");
            }
            AuditedValueChange change = (AuditedValueChange) type.getDeclaredConstructor().newInstance();
            change.facts(); // a class whose facts cannot be made is said here, as its loading is
            return change;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CustomPreconditionErrorException("changeClass '" + changeClass + "' cannot be loaded: " + e, e);
        }
    }
}
