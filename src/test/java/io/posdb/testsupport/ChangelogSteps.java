package io.posdb.testsupport;

import io.posdb.changelog.ChangelogLocation;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.LiquibaseScope;
import java.nio.file.Path;
import java.sql.Connection;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Runs the real master changelog on a test database, step by step where a test needs it. */
public final class ChangelogSteps {

    private ChangelogSteps() {
    }

    /** Applies the first {@code count} changesets of the real master changelog. */
    public static void applyFirst(Path file, int count) throws Exception {
        quietly(() -> {
            try (Connection connection = LegacyDatabases.open(file)) {
                liquibase(connection).update(count, "");
            }
        });
    }

    public static Liquibase liquibase(Connection connection) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(ChangelogLocation.MASTER, new ClassLoaderResourceAccessor(), database);
    }

    /** Applies the first {@code count} changesets that apply to the connection's engine. */
    public static void applyFirst(Connection connection, int count) throws Exception {
        quietly(() -> liquibase(connection).update(count, ""));
    }

    /**
     * Runs Liquibase work as the application does (LiquibaseScope): no analytics, and Liquibase's
     * console output (update summaries, "Running Changeset") to the log, not to the test run's stdout.
     */
    public static void quietly(Scope.ScopedRunner<?> work) throws Exception {
        LiquibaseScope.run(ChangelogSource.packaged(), () -> {
            work.run();
            return null;
        });
    }

    /** A Liquibase database wrapper around a plain connection, for calling a custom change directly. */
    public static Database wrap(Connection connection) throws Exception {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }
}
