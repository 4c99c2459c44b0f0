package io.posdb.migration.data;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
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
 * parameters). On a fresh database (no table yet) there is nothing to do.
 */
public class ValuesPending implements CustomPrecondition {

    private String changeClass;

    public void setChangeClass(String value) { changeClass = value; }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        ValueChangeFacts facts = facts();
        try {
            Connection connection = SqlIdentifiers.jdbc(database);
            long pending = SqlIdentifiers.tableExists(connection, facts.table())
                    ? pending(connection, facts, new ValueChangeSql(facts, database instanceof PostgresDatabase)) : 0;
            if (pending == 0) {
                throw new CustomPreconditionFailedException("every " + facts.table() + "." + facts.column()
                        + " value is already what " + facts.task() + " maps it to; nothing to do");
            }
        } catch (SQLException | RuntimeException e) {
            throw new CustomPreconditionErrorException("Cannot tell whether " + facts.task() + " has anything to do: "
                    + e.getMessage(), e);
        }
    }

    private static long pending(Connection connection, ValueChangeFacts facts, ValueChangeSql sql) throws SQLException {
        if (facts.mapping().setBased()) {
            return sql.pendingCount().longs(connection, 1)[0];
        }
        return new RowByRowRun(connection, facts, sql, NOPLogger.NOP_LOGGER).pending().size();
    }

    private ValueChangeFacts facts() throws CustomPreconditionErrorException {
        try {
            // The class loader Liquibase loads the change itself with (a plugin's or a tool's, not only ours).
            Class<?> type = Class.forName(changeClass, true, liquibase.Scope.getCurrentScope().getClassLoader());
            if (!AuditedValueChange.class.isAssignableFrom(type)) {
                throw new CustomPreconditionErrorException("changeClass " + changeClass + " is not an AuditedValueChange");
            }
            return ((AuditedValueChange) type.getDeclaredConstructor().newInstance()).facts();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CustomPreconditionErrorException("changeClass '" + changeClass + "' cannot be loaded: " + e, e);
        }
    }
}
