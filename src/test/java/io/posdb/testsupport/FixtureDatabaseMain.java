package io.posdb.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a legacy fixture database from the test resources, for scripts on machines
 * without the sqlite3 shell: {@code FixtureDatabaseMain OUTPUT fixtures/a.sql [fixtures/b.sql ...]}.
 */
public final class FixtureDatabaseMain {

    private FixtureDatabaseMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FixtureDatabaseMain OUTPUT FIXTURE_RESOURCE...");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        if (Files.exists(output)) {
            System.err.println(output + " already exists");
            System.exit(1);
        }
        String[] fixtures = new String[args.length - 1];
        System.arraycopy(args, 1, fixtures, 0, fixtures.length);
        LegacyDatabases.create(output, fixtures);
    }
}
