package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.CountedChangelog;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full comparison (posdb drift, and the boot's check of a changelog on disk, which has no recorded fingerprint)
 * reads the changelog's manifest for its plan and builds its scratch database from that same manifest: the changelog
 * is parsed for the plan and by the scratch database's update, not a third time.
 */
@ExtendWith(QuietLogs.class)
class FullComparisonReadsTheChangelogOnceTest {

    @TempDir
    Path dir;

    @Test
    void theScratchDatabaseIsBuiltFromThePlansManifestWithoutParsingTheChangelogAgain() throws Exception {
        Path master = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        CountedChangelog oneParse = new CountedChangelog(master);
        int changeSets = ChangelogManifest.parse(oneParse.source(), Engine.SQLITE).entries().size();
        CountedChangelog scratchUpdate = new CountedChangelog(master);
        new LiquibaseMigrations(SqliteDatabase.at(dir.resolve("scratch.db")), scratchUpdate.source()).update(changeSets);

        CountedChangelog comparison = new CountedChangelog(master);
        DriftReport report = new DriftCheck(SqliteDatabase.at(file), comparison.source()).check();

        assertThat(report.drift()).as("the upgraded shop is what its changesets make").isFalse();
        assertThat(comparison.reads()).as("reads of " + master + " by a full comparison: the plan's parse and the "
                + "scratch database's update").isEqualTo(oneParse.reads() + scratchUpdate.reads());
    }
}
