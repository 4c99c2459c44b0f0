package io.posdb.tooling;

import static io.posdb.tooling.ChangelogRecords.boot;
import static io.posdb.tooling.ChangelogRecords.changeSets;
import static io.posdb.tooling.ChangelogRecords.expectedRows;
import static io.posdb.tooling.ChangelogRecords.history;
import static io.posdb.tooling.ChangelogRecords.recordedRows;
import static io.posdb.tooling.ChangelogRecords.roles;
import static io.posdb.tooling.ChangelogRecords.upToDateForTheApp;
import static io.posdb.tooling.ChangelogRecords.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.ToolProcess.Run;
import io.posdb.testsupport.ToolProcess;
import io.posdb.upgrade.BootResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase's own CLI, {@code bin/liquibase}, run as a real process from a temporary folder
 * against temporary databases, agrees with the app's boot: both record the same FILENAME,
 * id and checksum for every changeset, so whichever applied a changeset, the other finds
 * nothing to do. The custom changes (role remap, table rebuild) run through it too.
 */
@Tag("process")
class LiquibaseLauncherAgreesWithTheAppTest {

    @TempDir
    Path dir;

    @Test
    void statusOnAFreshDatabaseListsEveryChangeSetAsPending() throws Exception {
        // A relative URL is resolved where the launcher is started, as with any command.
        Run status = ToolProcess.liquibase(dir, "status", "--verbose", "--url", "jdbc:sqlite:fresh.db");

        assertThat(status.exitCode()).as(status.output()).isZero();
        List<ManifestEntry> changeSets = changeSets();
        assertThat(status.output()).contains(changeSets.size() + " changesets have not been applied");
        for (ManifestEntry changeSet : changeSets) {
            assertThat(status.output()).contains(changeSet.file() + "::" + changeSet.id() + "::" + changeSet.author());
        }
        assertThat(dir.resolve("fresh.db")).exists();
    }

    @Test
    void aLegacyShopUpdatedByTheLauncherBootsWithNothingToApply() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Run update = ToolProcess.liquibase(dir, "update", "--url", url(db));

        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(recordedRows(db)).containsExactlyElementsOf(expectedRows());
        assertThat(roles(db)).containsOnly("admin", "user");
        assertThat(upToDateForTheApp(db)).isTrue();
        try (BootResult result = boot(db)) {
            assertThat(result.applied()).isEmpty();
        }
        assertThat(recordedRows(db)).containsExactlyElementsOf(expectedRows());
    }

    @Test
    void aLegacyShopBootedByTheAppIsUpToDateForTheLauncher() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(db).close();
        List<HistoryEntry> afterBoot = history(db);

        Run status = ToolProcess.liquibase(dir, "status", "--url", url(db));
        Run update = ToolProcess.liquibase(dir, "update", "--url", url(db));

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("is up to date");
        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(history(db)).isEqualTo(afterBoot);
    }

    @Test
    void theRoundTripPassesAndTheChangeSetRolledBackByCountIsWhatTheAppAppliesAgain() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));
        List<ManifestEntry> changeSets = changeSets();
        ManifestEntry last = changeSets.get(changeSets.size() - 1);
        ManifestEntry beforeLast = changeSets.get(changeSets.size() - 2);

        Run roundTrip = ToolProcess.liquibase(dir, "update-testing-rollback", "--url", url(db));
        assertThat(roundTrip.exitCode()).as(roundTrip.output()).isZero();
        assertThat(recordedRows(db)).containsExactlyElementsOf(expectedRows());

        Run rollback = ToolProcess.liquibase(dir, "rollback-count", "1", "--url", url(db));
        Run historyAfter = ToolProcess.liquibase(dir, "history", "--url", url(db));

        assertThat(rollback.exitCode()).as(rollback.output()).isZero();
        assertThat(historyAfter.exitCode()).as(historyAfter.output()).isZero();
        assertThat(historyAfter.output()).contains(beforeLast.id()).doesNotContain(last.id());
        try (BootResult result = boot(db)) {
            assertThat(result.applied()).extracting(AppliedChangeSet::id).containsExactly(last.id());
        }
    }

    @Test
    void aFailingCommandExitsWithLiquibasesOwnNonZeroCode() throws Exception {
        Path db = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(db).close();

        Run rollback = ToolProcess.liquibase(dir, "rollback", "--tag", "no-such-tag", "--url", url(db));

        assertThat(rollback.exitCode()).as(rollback.output()).isEqualTo(1);
        assertThat(rollback.output()).contains("no-such-tag");
        assertThat(upToDateForTheApp(db)).isTrue();
    }
}
