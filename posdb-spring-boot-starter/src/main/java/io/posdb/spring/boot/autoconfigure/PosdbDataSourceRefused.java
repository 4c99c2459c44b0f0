package io.posdb.spring.boot.autoconfigure;

/**
 * A DataSource of the application's that posdb's startup refuses: one on another database than the one
 * {@code posdb.db} or {@code posdb.url} names (a DataSource bean, or {@code spring.datasource.url}), one whose URL
 * cannot be read as a database URL, or one that cannot connect to be checked. Its own type so that {@link
 * PosdbFailureAnalyzer} describes it as posdb's refusal ("APPLICATION FAILED TO START", the message and what to
 * do), and no {@code IllegalStateException} of the application's own; still an {@code IllegalStateException}, as it
 * was before it had a type of its own.
 */
final class PosdbDataSourceRefused extends IllegalStateException {

    /** What to do about a DataSource on another database, or one that cannot connect: one database, posdb's. */
    static final String ONE_DATABASE = "Give the application one database, posdb's: point its DataSource (or"
            + " spring.datasource.url) at the database the description names for posdb, or remove it so that posdb's"
            + " pool is the application's DataSource. posdb's docs/spring-boot.md, \"The application's own"
            + " DataSource\", says why.";

    private final String action;

    PosdbDataSourceRefused(String message) {
        this(message, ONE_DATABASE, null);
    }

    PosdbDataSourceRefused(String message, Throwable cause) {
        this(message, ONE_DATABASE, cause);
    }

    PosdbDataSourceRefused(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What to do, the action of Spring Boot's "APPLICATION FAILED TO START". */
    String action() {
        return action;
    }
}
