package io.posdb.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;

/**
 * The application's HikariCP pool over posdb's own data source for the database, so every
 * pooled connection is opened exactly as posdb opens one: on SQLite with foreign keys
 * enforced, the busy timeout and timestamps as text ({@code SqliteDatabase}); on PostgreSQL
 * with the URL and credentials given (the password stays inside the data source, out of
 * HikariCP's logged configuration).
 */
final class ConnectionPool {

    private ConnectionPool() {
    }

    static HikariDataSource open(TillDatabase database, int maximumPoolSize) throws PosDatabaseException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("posdb");
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(maximumPoolSize);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The upgrade has just connected with the same settings: this is a database gone
            // away (file removed, server down) between the two.
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot open the connection pool on "
                    + database.description() + ": " + e.getMessage(), e);
        }
    }
}
