package io.posdb.spring.boot.autoconfigure;

import io.posdb.changelog.AppliedChangeSet;
import java.time.Duration;
import java.util.List;

/**
 * What this startup's upgrade did: the database (a file, or a URL without credentials), the changesets
 * it applied (empty when up to date) and how long it took. The metrics report it.
 */
public record PosdbUpgrade(String database, List<AppliedChangeSet> applied, Duration duration) {

    public PosdbUpgrade {
        applied = List.copyOf(applied);
    }
}
