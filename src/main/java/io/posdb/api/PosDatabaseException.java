package io.posdb.api;

import io.posdb.failure.BootException;
import io.posdb.failure.BootFailure;

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
        return new PosDatabaseException(failure.failure(), failure.getMessage(), failure);
    }

    public BootFailure kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode();
    }
}
