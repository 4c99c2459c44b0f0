package io.posdb.runner;

import io.posdb.failure.DatabaseFailures;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Keeps the first full-disk error SQLite gave on the connection Liquibase works through. On SQLITE_FULL
 * SQLite rolls the transaction back itself; Liquibase's lock service then rolls back too, is told "cannot
 * rollback - no transaction is active", and throws that, with nothing of the disk in it: the failure would
 * read as a failed migration (exit 1) with SQLite's confusing words. What this saw is added to the failure
 * as suppressed ({@link #addTo}), where {@link DatabaseFailures#diskFull} finds it.
 *
 * <p>The connection and the statements it makes are watched (a statement or a commit is where the disk
 * refuses a write); {@code unwrap} still gives the driver's own connection, unwatched.
 */
final class DiskFullWitness {

    private static final Set<Class<?>> STATEMENTS = Set.of(Statement.class, PreparedStatement.class,
            CallableStatement.class);

    private volatile SQLException full;

    /** {@code connection}, watched: what it and its statements throw passes through here first. */
    Connection watch(Connection connection) {
        return proxy(connection, Connection.class);
    }

    /** Adds the full disk seen, if any, to {@code failure} when nothing in it says so already. */
    void addTo(Throwable failure) {
        SQLException seen = full;
        if (seen != null && seen != failure && DatabaseFailures.diskFull(failure).isEmpty()) {
            failure.addSuppressed(seen);
        }
    }

    private <T> T proxy(Object target, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> call(proxy, target, method, args);
        return type.cast(Proxy.newProxyInstance(DiskFullWitness.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    private Object call(Object proxy, Object target, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("equals") && args != null && args.length == 1) {
            return proxy == args[0] || target.equals(args[0]); // a map keyed by the connection finds it either way
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof SQLException sql && full == null
                    && DatabaseFailures.diskFull(sql).isPresent()) {
                full = sql;
            }
            throw thrown.getCause();
        }
        if (result != null && STATEMENTS.contains(method.getReturnType())) {
            return proxy(result, method.getReturnType());
        }
        return result;
    }
}
