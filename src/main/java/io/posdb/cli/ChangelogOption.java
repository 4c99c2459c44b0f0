package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.TillDatabase;
import io.posdb.failure.MigrationException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --changelog} for commands that read the changelog but do not upgrade (status, update-sql, drift). */
public class ChangelogOption {

    @Option(names = "--changelog", paramLabel = "FILE",
            description = "Use this master changelog instead of the packaged one (for developers).")
    Path changelog;

    ChangelogSource source() throws MigrationException {
        return UpgradeOptions.changelogSource(changelog);
    }

    /** The library's settings for {@code database}, reading this changelog. */
    PosDatabaseSettings settings(TillDatabase database) throws MigrationException {
        return PosDatabaseSettings.of(database).changelog(source()).build();
    }
}
