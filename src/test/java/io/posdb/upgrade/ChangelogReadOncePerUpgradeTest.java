package io.posdb.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.Engine;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.CountedChangelog;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upgrade plans twice on an SQLite file (before its lock, for the refusals that create nothing, and again under
 * it): the history is read anew each time, but the changelog it judges is the same, and a changelog on disk is parsed
 * by Liquibase once per upgrade, not at each plan (the startup path's work, issue 20).
 */
@ExtendWith(QuietLogs.class)
class ChangelogReadOncePerUpgradeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpToDateUpgradeParsesAChangelogOnDiskOnce(JournalMode mode) throws Exception {
        Path master = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3); // sales after the upgrade, only in the -wal
        }
        CountedChangelog oneParse = new CountedChangelog(master);
        ChangelogManifest.parse(oneParse.source(), Engine.SQLITE);
        assertThat(oneParse.reads()).as("a parse reads the master changelog").isPositive();

        CountedChangelog upgrade = new CountedChangelog(master);
        List<?> applied = PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(upgrade.source()).build());

        assertThat(applied).as("up to date").isEmpty();
        assertThat(upgrade.reads()).as("reads of " + master + " by an up-to-date upgrade: one parse's")
                .isEqualTo(oneParse.reads());
    }
}
