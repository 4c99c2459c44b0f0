package io.posdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two sides of the full legacy upgrade (issue #10): {@code posdb boot} of a legacy file,
 * and the floor, {@code scripts/upgrade-floor.sql} run by the {@code sqlite3} shell, which
 * does the same SQL work (consistent copy aside, integrity check, audit table with index and
 * triggers, audit INSERT … SELECT, UPDATE, user rebuild with foreign_key_check) and nothing
 * else. Each run works on a fresh copy of the same generated file, in its own folder.
 */
final class UpgradeSides {

    static final Path FLOOR_SCRIPT = Path.of("scripts/upgrade-floor.sql");

    private final Path legacy;
    private final Path runDir;

    private UpgradeSides(Path legacy, Path runDir) {
        this.legacy = legacy;
        this.runDir = runDir;
    }

    /** Generates the legacy file of {@code users} users (and a tenth as many sales) once. */
    static UpgradeSides prepare(Path work, int users) throws Exception {
        Path legacy = LegacyDatabaseGenerator.generate(work.resolve("upgrade-legacy.db"), users, users / 10);
        return new UpgradeSides(legacy, work.resolve("upgrade-run"));
    }

    /** A fresh copy to upgrade, alone in the run folder (the last run's snapshot removed). */
    Path freshCopy() throws IOException {
        if (Files.exists(runDir)) {
            try (Stream<Path> files = Files.walk(runDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(runDir);
        return Files.copy(legacy, runDir.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
    }

    Path runDir() {
        return runDir;
    }

    static List<String> boot(Path file) {
        return List.of("bin/posdb", "boot", "--db", file.toString());
    }

    static List<String> floor(Path file) {
        return List.of("sqlite3", file.toString());
    }
}
