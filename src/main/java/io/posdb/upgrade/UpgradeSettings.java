package io.posdb.upgrade;

import io.posdb.changelog.ChangelogSource;
import java.time.Duration;

/**
 * How a boot or update behaves; each value is checked where it is set, and the message
 * names the setting.
 *
 * @param lockWait           how long to wait for another process's upgrade of the same database
 * @param keepSnapshots      how many pre-upgrade snapshots to keep next to the database
 * @param allowNewerDatabase start even if a newer release has applied changesets this one does not know
 * @param changelog          where the changelog comes from (the packaged one on a till)
 * @param strictSchema       refuse to start (exit 12) when the schema drifted from what the applied changesets
 *                           produce; otherwise drift is logged at WARN
 */
public record UpgradeSettings(Duration lockWait, int keepSnapshots, boolean allowNewerDatabase,
                              ChangelogSource changelog, boolean strictSchema) {

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

    /** Drift is logged, not refused: the settings as they were before the drift check existed. */
    public UpgradeSettings(Duration lockWait, int keepSnapshots, boolean allowNewerDatabase, ChangelogSource changelog) {
        this(lockWait, keepSnapshots, allowNewerDatabase, changelog, false);
    }

    public static UpgradeSettings defaults() {
        return new UpgradeSettings(DEFAULT_LOCK_WAIT, DEFAULT_KEEP_SNAPSHOTS, false, ChangelogSource.packaged());
    }

    /** The same settings, refusing to start on schema drift when {@code strict}. */
    public UpgradeSettings withStrictSchema(boolean strict) {
        return new UpgradeSettings(lockWait, keepSnapshots, allowNewerDatabase, changelog, strict);
    }
}
