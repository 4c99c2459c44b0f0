package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Newer changesets the database kept no posdb record of (applied by Maven's liquibase:update or bin/liquibase): the
 * refusals of {@code posdb downgrade} and {@code posdb status} say who applied them once and list the changesets one
 * a line, the rest counted beyond ten (before, one line of some 2.7 KB repeated the same reason for each).
 */
@ExtendWith(QuietLogs.class)
class ChangeSetsWithoutARecordTest {

    private static final String WHO = "applied by Liquibase directly, by Maven's liquibase:update or bin/liquibase, "
            + "which keep no posdb record";
    /** More changesets than a refusal lists under one reason. */
    private static final List<String> IDS = IntStream.rangeClosed(1, 12)
            .mapToObj(n -> "01%02d-test-table-%d".formatted(n, n)).toList();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void downgradeAndStatusSayWhoAppliedThemOnceAndListTheChangesetsOneALine(JournalMode mode) throws Exception {
        Path file = upgradedByLiquibaseDirectly(mode);

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());
        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        for (PosdbProcess.Result refused : List.of(downgrade, status)) {
            String said = refused.stderr();
            assertThat(said.split(WHO, -1)).as("who applied them, said once: " + said).hasSize(2);
            assertThat(said).contains(IDS.size() + " changesets");
            assertThat(said.lines().map(String::strip).filter(line -> IDS.stream().anyMatch(line::startsWith)))
                    .as("ten changesets, each on a line of its own: " + said).hasSize(10);
            assertThat(said).contains("… and " + (IDS.size() - 10) + " more");
        }
        assertThat(downgrade.stderr()).contains("nothing was changed");
    }

    /**
     * The shop upgraded by a newer release of {@link #IDS} new tables, whose posdb records are then removed, as
     * Maven's liquibase:update or bin/liquibase would have left them.
     */
    private Path upgradedByLiquibaseDirectly(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        StringBuilder changes = new StringBuilder("databaseChangeLog:\n");
        for (String id : IDS) {
            changes.append("""
                      - changeSet:
                          id: %s
                          author: test
                          labels: {newer}
                          changes:
                            - sql:
                                sql: CREATE TABLE test_%s (id INTEGER PRIMARY KEY)
                    """.formatted(id, id.replace('-', '_')));
        }
        Path master = NewerRelease.changelog(dir.resolve("changelog-newer"), changes.toString());
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM posdb_changeset WHERE id LIKE '01%-test-table-%'");
        }
        Files.deleteIfExists(UpgradeLock.lockFile(file));
        return file;
    }
}
