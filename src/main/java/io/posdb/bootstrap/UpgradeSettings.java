package io.posdb.bootstrap;

import io.posdb.migration.ChangelogSource;
import java.time.Duration;

/**
 * How a boot or update behaves; each value is checked where it is set, and the message
 * names the setting.
 *
 * @param lockWait           how long to wait for another process's upgrade of the same database
 * @param keepSnapshots      how many pre-upgrade snapshots to keep next to the database
 * @param allowNewerDatabase start even if a newer release has applied changesets this one does not know
 * @param changelog          where the changelog comes from (the packaged one on a till)
 */
public record UpgradeSettings(Duration lockWait, int keepSnapshots, boolean allowNewerDatabase,
                              ChangelogSource changelog) {

    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(120);
    public static final int DEFAULT_KEEP_SNAPSHOTS = 3;

    public UpgradeSettings {
        if (lockWait == null || lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must be zero or more seconds, got " + lockWait);
        }
        if (keepSnapshots < 1) {
            throw new IllegalArgumentException("keepSnapshots must be at least 1, got " + keepSnapshots);
        }
        if (changelog == null) {
            throw new IllegalArgumentException("changelog must be set");
        }
    }

    public static UpgradeSettings defaults() {
        return new UpgradeSettings(DEFAULT_LOCK_WAIT, DEFAULT_KEEP_SNAPSHOTS, false, ChangelogSource.packaged());
    }
}
