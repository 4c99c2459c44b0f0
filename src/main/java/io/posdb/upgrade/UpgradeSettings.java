package io.posdb.upgrade;

import io.posdb.changelog.ChangelogSource;
import io.posdb.report.UpgradeProgress;
import java.time.Duration;
import java.util.Map;

/**
 * What the upgrade flow reads of the settings. {@code io.posdb.api.PosDatabaseSettings} is the one
 * settings type and implements this view: its builder declares every default and checks every
 * value (naming the setting), so this view has neither defaults nor checks of its own. It is an
 * interface rather than the api's class because the api depends on this package, not the other
 * way round (PackageLayoutTest).
 */
public interface UpgradeSettings {

    /** How long to wait for another process's upgrade of the same database. */
    Duration lockWait();

    /** How many pre-upgrade snapshots to keep next to an SQLite database. */
    int keepSnapshots();

    /** Start even if a newer release has applied changesets this one does not know. */
    boolean allowNewerDatabase();

    /** Where the changelog comes from (the packaged one on a till). */
    ChangelogSource changelog();

    /**
     * Refuse to start (exit 12) when the schema drifted from what the applied changesets produce;
     * otherwise drift is logged at WARN.
     */
    boolean strictSchema();

    /**
     * On a server, apply a breaking changeset even while tills of an older release are connected
     * (they are named at WARN); otherwise such an upgrade is refused naming them.
     */
    boolean upgradeDespiteOlderTills();

    /** Who is told how far an upgrade, downgrade or rollback is ({@link UpgradeProgress#NONE}: nobody); guarded. */
    UpgradeProgress progress();

    /**
     * The application's extra Hibernate properties, which boot's validation applies: a rehearsal validates its
     * upgraded copy with them too, or it would pass a schema the boot refuses (a naming strategy, a default schema).
     */
    Map<String, String> hibernateProperties();
}
