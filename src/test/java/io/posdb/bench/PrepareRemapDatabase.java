package io.posdb.bench;

import io.posdb.testsupport.ChangelogSteps;
import java.nio.file.Path;

/**
 * A synthetic legacy database of {@code USERS} users and {@code SALES} sales, with the
 * changelog applied up to the audit table: the state the remap starts from.
 * Usage: {@code PrepareRemapDatabase FILE USERS SALES}.
 */
public final class PrepareRemapDatabase {

    private PrepareRemapDatabase() {
    }

    public static void main(String[] args) throws Exception {
        Path file = LegacyDatabaseGenerator.generate(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        ChangelogSteps.applyFirst(file, 7);
    }
}
