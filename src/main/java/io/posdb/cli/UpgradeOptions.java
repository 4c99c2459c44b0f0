package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.TillDatabase;
import io.posdb.report.UpgradeProgress;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options of the commands that upgrade, downgrade or roll back a database (boot, update, rehearse, rollback, downgrade). */
class UpgradeOptions {

    @Mixin
    LockWaitOption lockWait;

    @Option(names = "--keep-snapshots", paramLabel = "N", defaultValue = "3",
            description = "How many pre-upgrade snapshots to keep next to the database (default: ${DEFAULT-VALUE}).")
    int keepSnapshots;

    @Option(names = "--allow-newer-database",
            description = "Start even if a newer release applied changesets this release does not know.")
    boolean allowNewerDatabase;

    @Option(names = "--despite-older-tills",
            description = "On a server, apply a changeset that breaks older releases even while tills of an older "
                    + "release are connected (they are named at WARN and may fail); without it such an upgrade exits 13.")
    boolean despiteOlderTills;

    @Mixin
    ChangelogOption changelog;

    @Mixin
    ProgressOption progress;

    /**
     * The library's settings for {@code database} with these options; the builder checks each value
     * and a value it refuses is a usage error naming the option ({@link ExitCodes#option}).
     */
    PosDatabaseSettings.Builder settings(CommandSpec spec, TillDatabase database) {
        return settings(spec, database, UnaryOperator.identity());
    }

    /** The same, with {@code --progress}'s listener as {@code observed} wraps it ({@link ProgressOption#applyTo}). */
    PosDatabaseSettings.Builder settings(CommandSpec spec, TillDatabase database,
                                         UnaryOperator<UpgradeProgress> observed) {
        PosDatabaseSettings.Builder settings = changelog.settings(database);
        lockWait.applyTo(spec, settings);
        ExitCodes.option(spec, "--keep-snapshots", () -> settings.keepSnapshots(keepSnapshots));
        progress.applyTo(spec, settings, observed);
        return settings.allowNewerDatabase(allowNewerDatabase).upgradeDespiteOlderTills(despiteOlderTills);
    }
}
