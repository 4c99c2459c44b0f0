package io.posdb.failure;

/** The changelog is missing or malformed: nothing can be planned or applied. */
public class ChangelogException extends MigrationException {

    public ChangelogException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChangelogException(String message) {
        super(message, null);
    }
}
