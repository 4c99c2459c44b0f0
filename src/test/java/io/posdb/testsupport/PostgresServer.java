package io.posdb.testsupport;

import io.posdb.database.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use, found through environment variables:
 * {@code POSDB_TEST_PG_URL} (a JDBC URL of a database the user may connect to, e.g.
 * {@code jdbc:postgresql://localhost:5432/postgres}), {@code POSDB_TEST_PG_USER},
 * {@code POSDB_TEST_PG_PASSWORD}. The user must be allowed to create databases: each test
 * gets its own. Without a server the tests are skipped, saying so loudly; under CI
 * ({@code CI=true}) a missing server fails them instead, since .ci/run must never skip.
 */
public final class PostgresServer {

    private static final String URL = System.getenv("POSDB_TEST_PG_URL");
    private static final String USER = System.getenv("POSDB_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("POSDB_TEST_PG_PASSWORD");

    private PostgresServer() {
    }

    public static void requireConfigured() {
        InProcessOnly.refuse("needs the PostgreSQL server", "postgres");
        requireConfigured(System.getenv());
    }

    /** The rule on the given environment (PostgresForTestsWithoutRootTest gives it one without a server). */
    public static void requireConfigured(Map<String, String> environment) {
        String url = environment.get("POSDB_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return;
        }
        String why = "PostgreSQL tests need a server: set POSDB_TEST_PG_URL (and POSDB_TEST_PG_USER, "
                + "POSDB_TEST_PG_PASSWORD); .ci/run installs and starts one";
        if ("true".equalsIgnoreCase(environment.get("CI"))) {
            throw new IllegalStateException("CI must not skip the PostgreSQL tests. " + why);
        }
        System.err.println("WARNING: SKIPPING POSTGRESQL TESTS. " + why);
        Assumptions.abort(why);
    }

    /** A new, empty database on the server; drop it with {@link #drop}. */
    public static PostgresDatabase createDatabase() throws SQLException {
        requireConfigured();
        String name = "posdb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase(urlOf(name), USER, PASSWORD);
    }

    public static void drop(PostgresDatabase database) throws SQLException {
        if (database == null) {
            return;
        }
        String url = database.description();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    public static String user() {
        return USER;
    }

    public static String password() {
        return PASSWORD;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    private static String urlOf(String database) {
        int query = URL.indexOf('?');
        String base = query < 0 ? URL : URL.substring(0, query);
        String rest = query < 0 ? "" : URL.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + rest;
    }
}
