package io.posdb.spring.boot;

import io.posdb.database.SqliteDatabase;
import io.posdb.sql.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Legacy shop files as the old Python backend left them (the library's fixtures, read from
 * {@code ../src/test/resources/fixtures} as test resources: see the pom), in the journal mode the test names: the backend's ORM
 * opens its file in WAL mode, older tills have DELETE.
 */
final class Shops {

    private Shops() {
    }

    static Path legacyShop(Path file, String journalMode) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            for (String resource : new String[] {"fixtures/legacy-v1-schema.sql", "fixtures/legacy-v1-sample-data.sql"}) {
                for (String sql : SqlScript.statements(read(resource))) {
                    statement.execute(sql);
                }
            }
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = " + journalMode)) {
                mode.next();
                if (!mode.getString(1).equalsIgnoreCase(journalMode)) {
                    throw new IllegalStateException("journal_mode stayed " + mode.getString(1));
                }
            }
        }
        return file;
    }

    /** A connection as posdb opens one (foreign keys on). */
    static Connection open(Path file) throws SQLException {
        return SqliteDatabase.at(file).open();
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String journalMode(Path file) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1).toLowerCase(Locale.ROOT);
        }
    }

    private static String read(String resource) {
        try (InputStream in = Shops.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
