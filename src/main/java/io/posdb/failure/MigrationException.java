package io.posdb.failure;

/** A Liquibase operation on the till's database failed; the message says which and why. */
public class MigrationException extends Exception {

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
