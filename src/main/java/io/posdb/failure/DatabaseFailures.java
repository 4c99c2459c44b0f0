package io.posdb.failure;

import io.posdb.database.PostgresDatabase;
import io.posdb.database.TillDatabase;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what a database or Liquibase threw into a typed {@link BootFailure}, so the same
 * problem gives the same failure (and exit code) whichever command met it: a refused
 * connection or a wrong password is never reported as a damaged database.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The failure {@code error} stands for; a {@link PosDatabaseException} anywhere in its causes wins. */
    public static PosDatabaseException of(TillDatabase database, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PosDatabaseException boot) {
                return boot;
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ChangelogException) {
                return new PosDatabaseException(BootFailure.BAD_CHANGELOG, FailureReason.of(cause), error);
            }
            if (cause instanceof SQLException sql && isConnectionFailure(sql)) {
                return connection(database, sql);
            }
            if (cause instanceof SQLiteException sqlite) {
                BootFailure failure = sqliteFailure(sqlite.getResultCode());
                if (failure != null) {
                    return new PosDatabaseException(failure, "Database " + database.description() + " cannot be used: "
                            + FailureReason.of(sqlite), error);
                }
            }
        }
        return new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Failed on database " + database.description() + ": "
                + secretFree(database, FailureReason.of(error)), error);
    }

    /** SQLState classes 08 (connection exception), 28 (invalid authorization) and 3D000 (no such database). */
    static boolean isConnectionFailure(SQLException error) {
        String state = error.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
    }

    private static PosDatabaseException connection(TillDatabase database, SQLException error) {
        StringBuilder why = new StringBuilder(FailureReason.of(error));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            why.append(" (").append(cause).append(')');
        }
        return new PosDatabaseException(BootFailure.CONNECTION, "Cannot connect to " + database.description() + ": "
                + secretFree(database, why.toString()) + ". Check the URL, the server and the credentials", error);
    }

    private static BootFailure sqliteFailure(SQLiteErrorCode code) {
        String name = code.name();
        if (name.startsWith("SQLITE_NOTADB") || name.startsWith("SQLITE_CORRUPT")) {
            return BootFailure.UNUSABLE_DATABASE;
        }
        if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_CANTOPEN") || name.equals("SQLITE_FULL")) {
            return BootFailure.NOT_WRITABLE;
        }
        return null;
    }

    private static String secretFree(TillDatabase database, String message) {
        return database instanceof PostgresDatabase postgres ? postgres.redactSecrets(message) : message;
    }
}
