package io.posdb.runner;

import io.posdb.sql.Jdbc;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Savepoint;

/**
 * Makes a whole write on a server (an upgrade, a rollback, a downgrade) one PostgreSQL transaction, so that it
 * is all or nothing as a file's snapshot makes it: when the second of two narrowings in a release halts on rows
 * that break it, the first is undone too, and the server is left as it was before the run.
 *
 * <p>Liquibase commits each changeset and rolls back a failing one (and, after checking a changeset's
 * preconditions, rolls back its reads). On the connection this hands out, Liquibase's commit marks a savepoint
 * and its rollback returns to the last one: each changeset still fails alone and Liquibase's own bookkeeping
 * reads as it expects, while the server sees one transaction, committed when the run returns and rolled back
 * when it throws. A changeset marked {@code runInTransaction: false} runs inside it too (its request to turn
 * auto-commit on is not passed on): PostgreSQL refuses what cannot run in a transaction, naming the changeset,
 * and nothing of the run stays.
 *
 * <p>The price: what the run locks stays locked until it ends, so other tills' statements on those tables
 * wait for the whole upgrade instead of one changeset. A till's upgrade takes seconds; a partly upgraded
 * server is what the tills could not work with.
 */
final class OneTransaction {

    /** What runs inside the transaction, on the connection Liquibase is given. */
    interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    private final Connection connection;
    /** Where Liquibase's rollback returns to: the start, or its last commit. */
    private Savepoint lastCommit;

    private OneTransaction(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code work} on {@code connection} as one transaction: committed when it returns, rolled back when it throws. */
    static <T> T around(Connection connection, Work<T> work) throws Exception {
        connection.setAutoCommit(false);
        OneTransaction transaction = new OneTransaction(connection);
        transaction.lastCommit = connection.setSavepoint();
        T result;
        try {
            result = work.run(transaction.handedOut());
        } catch (Exception | Error e) {
            Jdbc.rollBackAfter(connection, e);
            throw e;
        }
        connection.commit();
        return result;
    }

    private Connection handedOut() {
        return (Connection) Proxy.newProxyInstance(OneTransaction.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    boolean noArguments = args == null || args.length == 0;
                    switch (method.getName()) {
                        case "commit" -> {
                            connection.releaseSavepoint(lastCommit);
                            lastCommit = connection.setSavepoint();
                            return null;
                        }
                        case "rollback" -> {
                            if (noArguments) {
                                connection.rollback(lastCommit);
                                return null;
                            }
                        }
                        case "setAutoCommit" -> {
                            return null; // stays in the one transaction; see the class comment
                        }
                        case "getAutoCommit" -> {
                            return false;
                        }
                        case "equals" -> {
                            return proxy == args[0] || connection.equals(args[0]);
                        }
                        default -> {
                        }
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException thrown) {
                        throw thrown.getCause();
                    }
                });
    }
}
