package io.posdb.spring.boot.autoconfigure;

import io.posdb.changelog.AppliedChangeSet;
import java.time.Duration;
import java.util.List;

/**
 * What this startup's upgrade did: the database (a file, or a URL without credentials), the changesets
 * it applied (empty when up to date), how long it took, and when it started ({@link System#nanoTime()}:
 * the boot's duration line counts from there to JPA's validated EntityManagerFactory). The metrics
 * report it.
 */
public record PosdbUpgrade(String database, List<AppliedChangeSet> applied, Duration duration, long startNanoTime) {

    public PosdbUpgrade {
        applied = List.copyOf(applied);
    }
}
