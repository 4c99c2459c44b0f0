package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.report.UpgradeRun;
import io.posdb.runs.UpgradeRuns;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(QuietLogs.class)
class AllOrNothingUpgradeTest {

    /** A changeset that changes data, then fails: its own transaction cannot undo earlier changesets. */
    private static final String FAILING_CHANGESET = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/9999-fails.yaml
              - changeSet:
                  id: 9999-fails
                  author: test
                  changes:
                    - sql:
                        sql: SELECT * FROM table_that_does_not_exist
                  rollback:
                    - sql:
                        sql: SELECT 1
            """;

    @TempDir
    Path dir;

    @Test
    void aFailedUpgradeRestoresTheLegacyFilesRowsAndSchema() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "9999-fails.yaml", FAILING_CHANGESET);

        assertThatThrownBy(() -> boot(file, ChangelogSource.file(changelog), 3))
                .isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("9999-fails")
                .hasMessageContaining("restored")
                .extracting(e -> ((PosDatabaseException) e).kind()).isEqualTo(BootFailure.MIGRATION_FAILED);

        // The snapshot is SQLite's page copy (issue #10), not a byte copy: the header's change
        // counter differs, what the file holds does not.
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        assertThat(file.resolveSibling("legacy.db.upgrading")).doesNotExist();
        assertThat(file.resolveSibling("legacy.db-journal")).doesNotExist();
        // The one thing the restore leaves changed on purpose: the record of the attempt, written after it.
        assertThat(UpgradeRuns.read(SqliteDatabase.at(file))).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
            assertThat(run.message()).contains("changeset 9999-fails", "the file was restored");
        });
    }

    @Test
    void theLastRunIsTheLastRecordedEvenWhenTheTillsClockWentBack() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        boot(file, ChangelogSource.packaged(), 3).close();
        // The first run's clock was years ahead of the one the next run reads (a clock battery replaced since).
        try (var connection = LegacyDatabases.open(file); var statement = connection.createStatement()) {
            statement.execute("UPDATE posdb_upgrade_run SET started_at = '2099-01-01T00:00:00Z'");
        }
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "9999-fails.yaml", FAILING_CHANGESET);

        assertThatThrownBy(() -> boot(file, ChangelogSource.file(changelog), 3)).isInstanceOf(PosDatabaseException.class);

        assertThat(UpgradeRuns.read(SqliteDatabase.at(file))).extracting(UpgradeRun::outcome)
                .as("newest first").containsExactly(UpgradeRun.FAILED_RESTORED, UpgradeRun.APPLIED);
    }

    @Test
    void aFailedUpgradeOfANewDatabaseLeavesNoFile() throws Exception {
        Path file = dir.resolve("pos.db");
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "9999-fails.yaml", FAILING_CHANGESET);

        assertThatThrownBy(() -> boot(file, ChangelogSource.file(changelog), 3)).isInstanceOf(PosDatabaseException.class);

        assertThat(file).doesNotExist();
    }

    @Test
    void anInterruptedUpgradeIsRestoredAndRedoneAtTheNextBoot() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        String original = Bytes.digest(file);
        Path snapshot = file.resolveSibling("legacy.db.20260101-000000-000.before-" + Release.current() + ".snapshot");
        Files.copy(file, snapshot);
        // What a power cut leaves: the marker, and a half-upgraded file.
        Files.writeString(file.resolveSibling("legacy.db.upgrading"), snapshot.getFileName().toString());
        try (var connection = LegacyDatabases.open(file); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM saleitem");
        }
        assertThat(Bytes.digest(file)).isNotEqualTo(original);

        boot(file, ChangelogSource.packaged(), 3).close();

        try (var connection = LegacyDatabases.open(file); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT COUNT(*) FROM saleitem")) {
            rs.next();
            assertThat(rs.getInt(1)).as("sale items restored from the snapshot").isEqualTo(10);
        }
        assertThat(file.resolveSibling("legacy.db.upgrading")).doesNotExist();
    }

    @Test
    void keepsOnlyTheConfiguredNumberOfSnapshots() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        for (int i = 0; i < 4; i++) {
            Files.writeString(file.resolveSibling("legacy.db.2020010" + i + "-000000-000.before-1.9.snapshot"), "old");
        }

        boot(file, ChangelogSource.packaged(), 2).close();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".snapshot")).sorted())
                    .hasSize(2)
                    .last().asString().contains("before-" + Release.current());
        }
    }

    @Test
    void aClockBehindTheNewestSnapshotStillKeepsTheSnapshotJustTakenAsTheNewest() throws Exception {
        // A till without network whose clock battery died: older snapshots carry later times than the clock.
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        for (int i = 1; i <= 3; i++) {
            Files.writeString(file.resolveSibling("legacy.db.2099010" + i + "-000000-000.before-1.9.snapshot"), "old");
        }

        boot(file, ChangelogSource.packaged(), 2).close();

        List<String> kept;
        try (Stream<Path> files = Files.list(dir)) {
            kept = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".snapshot")).sorted().toList();
        }
        assertThat(kept).containsExactly("legacy.db.20990103-000000-000.before-1.9.snapshot",
                "legacy.db.20990103-000000-001.before-" + Release.current() + ".snapshot");
        assertThat(DatabaseContents.businessRows(dir.resolve(kept.get(1)))).as("the shop before this upgrade")
                .isEqualTo(rows);
    }

    @Test
    void theSnapshotHoldsTheDatabaseAsItWasBeforeTheUpgrade() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);

        boot(file, ChangelogSource.packaged(), 3).close();

        try (Stream<Path> files = Files.list(dir)) {
            Path snapshot = files.filter(f -> f.toString().endsWith(".snapshot")).findFirst().orElseThrow();
            assertThat(DatabaseContents.businessRows(snapshot)).isEqualTo(rows);
            assertThat(DatabaseContents.schema(snapshot)).isEqualTo(schema);
        }
    }

    @Test
    void anUpToDateBootTakesNoSnapshot() throws Exception {
        Path file = dir.resolve("pos.db");
        boot(file, ChangelogSource.packaged(), 3).close();

        boot(file, ChangelogSource.packaged(), 3).close();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".snapshot"))).isEmpty();
        }
    }

    private static io.posdb.upgrade.BootResult boot(Path file, ChangelogSource changelog, int keep)
            throws PosDatabaseException {
        return new DatabaseBoot(SqliteDatabase.at(file),
                PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).keepSnapshots(keep).allowNewerDatabase(false)
                .changelog(changelog).build()).boot();
    }
}
