package io.posdb.migration;

import liquibase.Scope;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;

/**
 * Liquibase's update-sql calls custom task changes too; the SQL it prints comes from its
 * logging executor, while these changes work on the JDBC connection directly. So each of
 * them first asks whether this is a preview, and if so only writes what it would do.
 */
public final class SqlPreview {

    private SqlPreview() {
    }

    /** True (after writing {@code description} as an SQL comment) when this is an update-sql preview. */
    public static boolean describeIfPreview(Database database, String description) {
        Executor executor = Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database);
        if (!(executor instanceof LoggingExecutor)) {
            return false;
        }
        try {
            executor.comment(description + " (Java code: no SQL to show; runs at update)");
        } catch (DatabaseException e) {
            throw new IllegalStateException("Cannot write the update-sql preview", e);
        }
        return true;
    }
}
