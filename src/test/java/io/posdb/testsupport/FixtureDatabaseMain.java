package io.posdb.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a legacy fixture database from the test resources, for scripts on machines
 * without the sqlite3 shell: {@code FixtureDatabaseMain [--hot-wal=N] OUTPUT fixtures/a.sql [fixtures/b.sql ...]}.
 * With {@code --hot-wal=N} the file is in WAL mode, as the legacy backend leaves it, with N more sales
 * committed only in the {@code -wal} beside it ({@link WalFiles#commitToWalOnly}): a till's file after
 * a power cut (examples/till-spring/ci-check.sh).
 */
public final class FixtureDatabaseMain {

    private FixtureDatabaseMain() {
    }

    public static void main(String[] args) throws Exception {
        int hotWalSales = -1;
        if (args.length > 0 && args[0].startsWith("--hot-wal=")) {
            hotWalSales = Integer.parseInt(args[0].substring("--hot-wal=".length()));
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length < 2) {
            System.err.println("usage: FixtureDatabaseMain [--hot-wal=N] OUTPUT FIXTURE_RESOURCE...");
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
        if (hotWalSales >= 0) {
            WalFiles.JournalMode.WAL.apply(output);
            WalFiles.commitToWalOnly(output, hotWalSales);
        }
    }
}
