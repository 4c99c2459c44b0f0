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
     * The library's settings for {@code database} with these options; a bad value is a usage error
     * whose message names the option (the builder would name its setting, not the option).
     */
    PosDatabaseSettings.Builder settings(CommandSpec spec, TillDatabase database) throws MigrationException {
        if (lockWaitSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--lock-wait must be 0 or more seconds, got "
                    + lockWaitSeconds);
        }
        if (keepSnapshots < 1) {
            throw new ParameterException(spec.commandLine(), "--keep-snapshots must be at least 1, got "
                    + keepSnapshots);
        }
        return PosDatabaseSettings.of(database).lockWait(Duration.ofSeconds(lockWaitSeconds))
                .keepSnapshots(keepSnapshots).allowNewerDatabase(allowNewerDatabase).changelog(changelogSource(changelog));
    }

    static ChangelogSource changelogSource(Path changelog) throws MigrationException {
        return changelog == null ? ChangelogSource.packaged() : ChangelogSource.file(changelog);
    }
}
