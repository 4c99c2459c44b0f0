package io.posdb.spring.boot.autoconfigure;

/**
 * A DataSource of the application's that posdb's startup refuses: one on another database than the one
 * {@code posdb.db} or {@code posdb.url} names (a DataSource bean, or {@code spring.datasource.url}), or one that
 * cannot connect to be checked. Its own type so that {@link PosdbFailureAnalyzer} describes it as posdb's refusal
 * ("APPLICATION FAILED TO START", the message and what to do), and no {@code IllegalStateException} of the
 * application's own; still an {@code IllegalStateException}, as it was before it had a type of its own.
 */
final class PosdbDataSourceRefused extends IllegalStateException {

    PosdbDataSourceRefused(String message) {
        super(message);
    }

    PosdbDataSourceRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
