package io.posdb.testsupport;

import io.posdb.database.SqliteDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Builds databases as the legacy Python backend left them, from the fixtures in test resources. */
public final class LegacyDatabases {

    public static final String SCHEMA = "fixtures/legacy-v1-schema.sql";
    public static final String SAMPLE_DATA = "fixtures/legacy-v1-sample-data.sql";
    public static final String ROLES_ALREADY_MIGRATED = "fixtures/legacy-v1-roles-already-migrated.sql";

    private LegacyDatabases() {
    }

    /** The small legacy shop: schema and sample data, roles still primary/staff. */
    public static Path shop(Path file) throws SQLException {
        return create(file, SCHEMA, SAMPLE_DATA);
    }

    /** Creates {@code file} by running the given fixture resources in order. */
    public static Path create(Path file, String... fixtureResources) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            for (String resource : fixtureResources) {
                for (String sql : statements(read(resource))) {
                    statement.execute(sql);
                }
            }
        }
        return file;
    }

    /** A connection with the same settings as the application's (foreign keys enforced). */
    public static Connection open(Path file) throws SQLException {
        return SqliteDatabase.at(file).open();
    }

    /** Splits a fixture script on statement-ending semicolons (the fixtures hold none inside strings). */
    static String[] statements(String script) {
        return script.lines()
                .filter(line -> !line.stripLeading().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n")
                .split(";\\s*\n");
    }

    private static String read(String resource) {
        try (InputStream in = LegacyDatabases.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
