package io.posdb.api;

import io.posdb.database.TillDatabase;
import io.posdb.failure.BootException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;

/**
 * The database cannot be used and the application must not start. {@link #kind()} says why
 * and {@link #exitCode()} is the process exit code the README's table documents for it, so
 * an application can exit the way {@code posdb boot} would.
 */
public class PosDatabaseException extends Exception {

    private final BootFailure kind;

    public PosDatabaseException(BootFailure kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static PosDatabaseException of(BootException failure) {
        return new PosDatabaseException(failure.failure(), FailureReason.of(failure), failure);
    }

    /**
     * What a database, Liquibase or a file operation threw, as the kind it stands for: the same
     * translation every command line and boot failure goes through, so the same problem keeps its
     * exit code whichever entry point met it.
     */
    static PosDatabaseException of(TillDatabase database, Exception error) {
        return of(DatabaseFailures.of(database, error));
    }

    public BootFailure kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode();
    }
}
