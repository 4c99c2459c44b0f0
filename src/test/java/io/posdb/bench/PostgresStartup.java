package io.posdb.bench;

import io.posdb.database.PostgresDatabase;
import io.posdb.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start-up ratio on a PostgreSQL server: {@code posdb boot} of an up-to-date server
 * database ÷ {@code posdb validate} of it, whole processes through {@code bin/posdb} like the
 * SQLite side, alternating. A third side boots with the verified fingerprint removed first, so
 * the boot compares in full in a scratch database: what the fingerprint saves. The server is
 * the tests' ({@code POSDB_TEST_PG_URL}, {@code POSDB_TEST_PG_USER}, {@code
 * POSDB_TEST_PG_PASSWORD}); the password reaches the processes as {@code POSDB_PASSWORD}, never
 * on a command line. Without a server the side is skipped, saying so.
 */
final class PostgresStartup {

    static final String BOOT = "boot on PostgreSQL";
    static final String VALIDATE = "validate on PostgreSQL";
    static final String FULL = "boot on PostgreSQL, full comparison (no verified fingerprint)";
    static final String SKIPPED = "PostgreSQL side skipped: set POSDB_TEST_PG_URL, POSDB_TEST_PG_USER and "
            + "POSDB_TEST_PG_PASSWORD (a user that may create databases)";

    /** Runs one whole process with extra environment variables. */
    interface Runner {
        Benchmark.Sample run(List<String> command, Map<String, String> environment) throws Exception;
    }

    private PostgresStartup() {
    }

    static boolean configured() {
        String url = System.getenv("POSDB_TEST_PG_URL");
        return url != null && !url.isBlank();
    }

    /** The samples of each side, by name; empty when no server is configured. */
    static Map<String, List<Benchmark.Sample>> measure(int runs, Runner runner) throws Exception {
        Map<String, List<Benchmark.Sample>> samples = new LinkedHashMap<>();
        if (!configured()) {
            System.err.println("bench: " + SKIPPED);
            return samples;
        }
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            Map<String, String> environment = new LinkedHashMap<>();
            if (PostgresServer.user() != null) {
                environment.put("POSDB_USER", PostgresServer.user());
            }
            if (PostgresServer.password() != null) {
                environment.put("POSDB_PASSWORD", PostgresServer.password());
            }
            String url = database.description();
            runner.run(List.of("bin/posdb", "boot", "--url", url), environment); // migrates, verifies, records
            List<String> order = new ArrayList<>(List.of(BOOT, VALIDATE, FULL));
            for (int run = 0; run < runs; run++) {
                for (String side : order) {
                    if (side.equals(FULL)) {
                        forgetVerification(database);
                    }
                    String command = side.equals(VALIDATE) ? "validate" : "boot";
                    samples.computeIfAbsent(side, k -> new ArrayList<>())
                            .add(runner.run(List.of("bin/posdb", command, "--url", url), environment));
                }
                Collections.rotate(order, 1); // no side always runs first
            }
        } finally {
            PostgresServer.drop(database);
        }
        return samples;
    }

    /** Removes the verified fingerprint (VerifiedSchema's comment), as before the first boot of a release. */
    private static void forgetVerification(PostgresDatabase database) throws Exception {
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("COMMENT ON TABLE databasechangelog IS NULL");
        }
    }
}
