package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.TillDatabase;
import io.posdb.failure.MigrationException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options of the commands that upgrade or roll back a database (boot, update, rehearse, rollback). */
public class UpgradeOptions {

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for another process upgrading the same database (default: ${DEFAULT-VALUE}).")
    long lockWaitSeconds;

    @Option(names = "--keep-snapshots", paramLabel = "N", defaultValue = "3",
            description = "How many pre-upgrade snapshots to keep next to the database (default: ${DEFAULT-VALUE}).")
    int keepSnapshots;

    @Option(names = "--allow-newer-database",
            description = "Start even if a newer release applied changesets this release does not know.")
    boolean allowNewerDatabase;

    @Option(names = "--changelog", paramLabel = "FILE",
            description = "Use this master changelog instead of the packaged one (for developers).")
    Path changelog;

    /**
     * The library's settings for {@code database} with these options; the builder checks each value
     * and a value it refuses is a usage error naming the option ({@link #option}).
     */
    PosDatabaseSettings.Builder settings(CommandSpec spec, TillDatabase database) throws MigrationException {
        PosDatabaseSettings.Builder settings = PosDatabaseSettings.of(database);
        option(spec, "--lock-wait", () -> settings.lockWait(Duration.ofSeconds(lockWaitSeconds)));
        option(spec, "--keep-snapshots", () -> settings.keepSnapshots(keepSnapshots));
        return settings.allowNewerDatabase(allowNewerDatabase).changelog(changelogSource(changelog));
    }

    /**
     * Sets one option's value on the settings builder. The builder is the one place that checks a
     * value; the command line only turns its refusal into a usage error (exit 2) that names the
     * option as well as the setting ("--lock-wait: lockWait must be zero or more, got PT-1S").
     */
    static void option(CommandSpec spec, String option, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
        }
    }

    static ChangelogSource changelogSource(Path changelog) throws MigrationException {
        return changelog == null ? ChangelogSource.packaged() : ChangelogSource.file(changelog);
    }
}
