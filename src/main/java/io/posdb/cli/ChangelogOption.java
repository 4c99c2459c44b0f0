package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.TillDatabase;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --changelog}, for every command that reads the packaged changelog (all but lint, which reads one on disk). */
class ChangelogOption {

    @Option(names = "--changelog", paramLabel = "FILE",
            description = "Use this master changelog instead of the packaged one (for developers).")
    Path changelog;

    ChangelogSource source() {
        return changelog == null ? ChangelogSource.packaged() : ChangelogSource.file(changelog);
    }

    /** The library's settings for {@code database}, reading this changelog. */
    PosDatabaseSettings.Builder settings(TillDatabase database) {
        return PosDatabaseSettings.of(database).changelog(source());
    }
}
