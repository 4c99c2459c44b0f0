package io.posdb.api;

import io.posdb.failure.PosDatabaseException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.posdb.database.Engine;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;

/**
 * The application's HikariCP pool over posdb's own data source for the database, so every
 * pooled connection is opened exactly as posdb opens one: on SQLite with foreign keys
 * enforced, the busy timeout and timestamps as text ({@code SqliteDatabase}); on PostgreSQL
 * with the URL and credentials given (the password stays inside the data source, out of
 * HikariCP's logged configuration).
 */
final class ConnectionPool {

    /** Idle connections a till keeps to a server; HikariCP's default would keep the maximum. */
    static final int POSTGRESQL_MINIMUM_IDLE = 1;

    private ConnectionPool() {
    }

    static HikariDataSource open(TillDatabase database, int maximumPoolSize) throws PosDatabaseException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("posdb");
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(maximumPoolSize);
        if (database.engine() == Engine.POSTGRESQL) {
            // Many tills share one server (max_connections is 100 by default): a fixed pool of ten
            // per till would hold ten idle server connections each, and would open them all at
            // every boot, an authentication handshake each (issue 14: boot within 1.05x validate).
            // One stays open; the others open on demand and close after HikariCP's idle timeout.
            config.setMinimumIdle(POSTGRESQL_MINIMUM_IDLE);
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The upgrade has just connected with the same settings: this is a database gone
            // away (file removed, server down) between the two.
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot open the connection pool on "
                    + database.description() + ": " + FailureReason.of(e), e);
        }
    }
}
