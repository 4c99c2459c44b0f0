package io.posdb.migration.data;

import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

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
        long pending = 0;
        try (PreparedStatement query = sql.allRows().prepare(connection); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                String old = rs.getString(2);
                String mapped = facts.mapping().apply(old);
                pending += Objects.equals(mapped == null && facts.fallback() != null ? facts.fallback() : mapped, old)
                        ? 0 : 1;
            }
        }
        return pending;
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
