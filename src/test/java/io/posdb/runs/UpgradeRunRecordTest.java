package io.posdb.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.changelog.Release;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaObject;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The record of every upgrade and rollback (issue 22 §3, §5) on real SQLite files in both journal modes:
 * what a successful, a failed, a halted and a killed attempt leave, and that an up-to-date boot writes nothing.
 */
@ExtendWith(QuietLogs.class)
class UpgradeRunRecordTest {

    /** The release being built, as run records name it ({@code 2.0} for 2.0.0): not pinned, so the next release keeps this green. */
    private static final String CURRENT = ReleaseLabels.releaseOf(Release.current());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aSuccessfulUpgradeLeavesOneAppliedRunWithEachChangesetTimed(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());
        List<String> pending = PosDatabaseChecks.plan(settings).pending().stream().map(PendingChangeSet::id).toList();

        PosDatabase.upgrade(settings);

        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings);
        assertThat(runs).hasSize(1);
        UpgradeRun run = runs.get(0);
        assertThat(run.operation()).isEqualTo(UpgradeRun.UPGRADE);
        assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED);
        assertThat(run.releaseFrom()).as("the legacy backend left no Liquibase history").isNull();
        assertThat(run.releaseTo()).isEqualTo(CURRENT);
        assertThat(run.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(run.host()).isNotBlank();
        assertThat(run.finishedAt()).isGreaterThanOrEqualTo(run.startedAt());
        assertThat(run.message()).isNull();
        assertThat(run.steps()).extracting(UpgradeStep::changesetId).as("each pending changeset, in order")
                .isEqualTo(pending);
        assertThat(run.steps()).allSatisfy(step -> {
            assertThat(step.durationMs()).isNotNull().isNotNegative();
            assertThat(step.rowsChanged()).isNotNull().isNotNegative();
            assertThat(step.startedAt()).isNotNull();
            assertThat(step.outcome()).isIn("EXECUTED", "MARK_RAN");
        });
        assertThat(step(run, "0008-remap-user-roles").rowsChanged()).as("the remap wrote the users' roles and the audit")
                .isPositive();
        assertThat(step(run, "0009-verify-user-roles").rowsChanged()).as("a check writes nothing; Liquibase's history "
                + "row is not the changeset's").isZero();
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
    }

    /**
     * A changeset that rebuilds table category (adding a column) and then sets that column on the categories with an
     * odd id: SQLite's count of rows written holds the rebuild's copy of every category, which the changeset moved
     * without changing; the step's rows are the ones its UPDATE changed, as {@code posdb history --runs} and the
     * doctor's last upgrade show them.
     */
    private static final String REBUILD_THEN_UPDATE = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/%1$s.yaml
              - changeSet:
                  id: %1$s
                  author: posdb
                  dbms: sqlite
                  runInTransaction: false
                  changes:
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: category
                        createTableSql: |
                          CREATE TABLE {table} (
                              "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                              "name" VARCHAR(100) NOT NULL UNIQUE,
                              "sort_order" INT NOT NULL DEFAULT 0
                          )
                        rollbackCreateTableSql: |
                          CREATE TABLE {table} (
                              "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                              "name" VARCHAR(100) NOT NULL UNIQUE
                          )
                    - sql:
                        sql: UPDATE category SET sort_order = 1 WHERE id %% 2 = 1
            """;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aStepCountsTheRowsItsChangesetChangedNotTheRowsATableRebuildCopied(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        long categories = DatabaseContents.businessRows(file).get("category").size();
        long oddCategories;
        try (Connection connection = LegacyDatabases.open(file); PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM category WHERE id % 2 = 1"); var rs = count.executeQuery()) {
            rs.next();
            oddCategories = rs.getLong(1);
        }
        assertThat(categories).as("the shop's categories, which the rebuild copies").isGreaterThan(oddCategories);
        String id = Changelogs.nextNumber() + "-rebuild-category";
        PosDatabaseSettings settings = settings(file, ChangelogSource.file(Changelogs.withExtraChangeSet(
                dir.resolve("changelog"), id + ".yaml", REBUILD_THEN_UPDATE.formatted(id))));

        PosDatabase.upgrade(settings);

        UpgradeRun run = PosDatabaseChecks.runs(settings).get(0);
        assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED);
        assertThat(step(run, id).rowsChanged()).as("the categories the UPDATE changed, none of the %d the rebuild "
                + "copied", categories).isEqualTo(oddCategories);
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aFailedUpgradeLeavesOneRecordNamingTheFailedChangesetAndTheRestore(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Map<String, List<String>> rows = DatabaseContents.allRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);
        PosDatabaseSettings settings = settings(file, ChangelogSource.file(Changelogs.withFailingChangeSet(dir.resolve("changelog"))));

        assertThatThrownBy(() -> PosDatabase.upgrade(settings)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("restored");

        assertThat(DatabaseContents.allRows(file)).as("every business table, the history and the audit as before")
                .isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings);
        assertThat(runs).hasSize(1);
        UpgradeRun run = runs.get(0);
        assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
        assertThat(run.releaseTo()).isEqualTo(CURRENT);
        assertThat(run.message()).contains("changeset 0099-add-loyalty", "no such table: loyalty_points",
                "the file was restored to its state before the upgrade");
        UpgradeStep failed = run.steps().get(run.steps().size() - 1);
        assertThat(failed.changesetId()).isEqualTo("0099-add-loyalty");
        assertThat(failed.outcome()).isEqualTo(UpgradeStep.FAILED);
        assertThat(failed.message()).contains("no such table: loyalty_points");
        assertThat(run.steps().subList(0, run.steps().size() - 1)).extracting(UpgradeStep::outcome)
                .as("the changesets before it ran (and were restored away)").containsOnly("EXECUTED", "MARK_RAN");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aHaltAtTheRoleVerificationKeepsTheFullMessageAndTheRowIdsAfterTheRestore(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        ChangelogSteps.applyFirst(file, 8); // up to and including the remap
        List<String> unknown = IntStream.rangeClosed(101, 125).mapToObj(String::valueOf).toList();
        try (Connection connection = LegacyDatabases.open(file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (?, ?, 'Late', 'h', 'staff')")) {
            // Legacy tills wrote an old role after the remap, before the constraint.
            for (String id : unknown) {
                insert.setLong(1, Long.parseLong(id));
                insert.setString(2, "late-" + id);
                insert.executeUpdate();
            }
        }
        Map<String, List<String>> rows = DatabaseContents.allRows(file);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());

        assertThatThrownBy(() -> PosDatabase.upgrade(settings)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("0009-verify-user-roles");

        assertThat(DatabaseContents.allRows(file)).isEqualTo(rows);
        UpgradeRun run = PosDatabaseChecks.runs(settings).get(0);
        assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
        UpgradeStep halted = run.steps().get(run.steps().size() - 1);
        assertThat(halted.changesetId()).isEqualTo("0009-verify-user-roles");
        String whole = "25 row(s) of table user have a role other than 'admin'/'user'; ids: "
                + String.join(", ", unknown.subList(0, 20)) + ", .... Fix or remap them before the constraint can be enforced.";
        assertThat(halted.message()).as("the precondition's whole message, not cut").startsWith(whole);
        // A later changeset with a halting guard of its own (a data change's -verify, in a later release) is named
        // after it as not checked yet (NarrowedColumnChangesetTest holds those words); nothing else is added.
        assertThat(halted.message().substring(whole.length())).satisfiesAnyOf(
                rest -> assertThat(rest).isEmpty(),
                rest -> assertThat(rest).startsWith(" Not checked yet: the guards of the later changesets ")
                        .doesNotContain("0009-verify-user-roles"));
        assertThat(halted.namedRows()).isEqualTo(unknown.subList(0, 20));
        assertThat(run.message()).contains(halted.message()).doesNotContain("…");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aKilledUpgradeGetsItsRecordCompletedByTheNextBootsRestore(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        SqliteDatabase database = SqliteDatabase.at(file);
        // What the envelope leaves when its process dies half-way: the marker naming the snapshot and
        // the run, the started row, and the first changesets applied.
        UpgradeRunRecorder killed = UpgradeRunRecorder.start(database, UpgradeRun.UPGRADE, true);
        new UpgradeSnapshots(database).take("2.0.0", killed.markerFacts());
        killed.writeStarted(database);
        ChangelogSteps.applyFirst(file, 8);
        assertThat(PosDatabaseChecks.runs(settings(file, ChangelogSource.packaged())))
                .extracting(UpgradeRun::id, UpgradeRun::outcome).as("the killed attempt, as the next boot finds it")
                .containsExactly(tuple(killed.id(), UpgradeRun.INTERRUPTED));

        PosDatabase.upgrade(settings(file, ChangelogSource.packaged()));

        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings(file, ChangelogSource.packaged()));
        assertThat(runs).extracting(UpgradeRun::outcome).as("newest first: the redone upgrade, then the killed one")
                .containsExactly(UpgradeRun.APPLIED, UpgradeRun.KILLED_RESTORED);
        UpgradeRun restored = runs.get(1);
        assertThat(restored.id()).isEqualTo(killed.id());
        assertThat(restored.releaseTo()).isEqualTo(CURRENT);
        assertThat(restored.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(restored.finishedAt()).isNotNull();
        assertThat(restored.message()).contains("interrupted (killed or stopped) during the upgrade", "restored to ",
                "by the next posdb command that wrote to it",
                ".before-2.0.0.snapshot");
        assertThat(file.resolveSibling("pos.db.upgrading")).doesNotExist();
    }

    @Test
    void aKilledUpgradeWhoseMarkerNamesNoRunIsRecordedFromTheMarker() throws Exception {
        Path file = dir.resolve("pos.db");
        WalFiles.interruptedUpgradeWithCutCheckpoint(file, 3_000); // a marker as posdb wrote it before the record

        PosDatabase.upgrade(settings(file, ChangelogSource.packaged()));

        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings(file, ChangelogSource.packaged()));
        assertThat(runs).extracting(UpgradeRun::outcome).containsExactly(UpgradeRun.APPLIED, UpgradeRun.KILLED_RESTORED);
        assertThat(runs.get(1).operation()).isEqualTo(UpgradeRun.UPGRADE);
        assertThat(runs.get(1).startedAt()).as("the marker's time stands for the start").isNotNull();
        assertThat(runs.get(1).message()).contains("by the next posdb command that wrote to it");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpToDateBootWritesNothing(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());
        PosDatabase.upgrade(settings);
        String upgraded = Bytes.digest(file);

        assertThat(PosDatabase.upgrade(settings)).isEmpty();

        assertThat(Bytes.digest(file)).isEqualTo(upgraded);
        assertThat(PosDatabaseChecks.runs(settings)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRollbackIsRecordedWithEachChangesetItRolledBack(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());
        PosDatabase.upgrade(settings);

        PosDatabaseMaintenance.rollbackToTag(settings, "v1.0");

        UpgradeRun rollback = PosDatabaseChecks.runs(settings).get(0);
        assertThat(rollback.operation()).isEqualTo(UpgradeRun.ROLLBACK);
        assertThat(rollback.outcome()).isEqualTo(UpgradeRun.APPLIED);
        assertThat(rollback.releaseFrom()).isEqualTo(CURRENT);
        assertThat(rollback.releaseTo()).isEqualTo("1.0");
        assertThat(rollback.steps()).isNotEmpty().allSatisfy(step -> {
            assertThat(step.outcome()).isEqualTo("ROLLED_BACK");
            assertThat(step.durationMs()).isNotNull();
        });
        assertThat(rollback.steps()).extracting(UpgradeStep::changesetId).contains("0008-remap-user-roles");
    }

    /**
     * A rolled-back table rebuild (the packaged changelog's, of table user, the one changeset of its file) puts the
     * table's previous definition back and changes no row: the rows its rollback copies into the old definition, and
     * posdb's record of the changeset that the rollback deletes, are not rows it changed.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRolledBackTableRebuildCountsNoneOfTheRowsItCopiedNorItsRecord(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());
        PosDatabase.upgrade(settings);
        String rebuild = "0010-enforce-user-role-constraint";
        assertThat(DatabaseContents.businessRows(file).get("user")).as("the users the rollback copies").isNotEmpty();

        PosDatabaseMaintenance.rollbackToTag(settings, "v1.0");

        UpgradeStep rolledBack = step(PosDatabaseChecks.runs(settings).get(0), rebuild);
        assertThat(rolledBack.outcome()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.rowsChanged()).as(rebuild + " changed no row").isZero();
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
    }

    @Test
    void theRecordIsNotPartOfTheSchemaDriftOrTheCatalogSee() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());
        PosDatabase.upgrade(settings);
        assertThat(PosDatabaseChecks.runs(settings)).as("the record exists").hasSize(1);

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(SchemaCatalog.read(connection).objects()).extracting(SchemaObject::label)
                    .noneMatch(label -> label.contains("posdb_"));
        }
        assertThat(new DriftCheck(SqliteDatabase.at(file), ChangelogSource.packaged()).check().drift()).isFalse();
    }

    @Test
    void historyRunsPrintsTheRunsNewestFirstAndTheSameRecordAsJson() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.DELETE);
        PosDatabaseSettings settings = settings(file, ChangelogSource.packaged());
        PosDatabase.upgrade(settings);
        PosDatabaseMaintenance.rollbackCount(settings, 1);

        PosdbProcess.Result text = PosdbInProcess.run("history", "--runs", "--db", file.toString());
        PosdbProcess.Result json = PosdbInProcess.run("history", "--runs", "--json", "--db", file.toString());

        assertThat(text.exitCode()).isZero();
        List<String> lines = text.stdout().lines().toList();
        assertThat(lines.get(0)).contains("rollback", CURRENT + " → " + CURRENT, "applied");
        assertThat(lines).anyMatch(line -> line.contains("upgrade") && line.contains("(no history) → " + CURRENT))
                .anyMatch(line -> line.contains("EXECUTED") && line.contains("0008-remap-user-roles"));
        assertThat(json.exitCode()).isZero();
        JsonNode runs = JSON.readTree(json.stdout()).get("runs");
        List<String> operations = new ArrayList<>();
        runs.forEach(run -> operations.add(run.get("operation").asText()));
        assertThat(operations).containsExactly("rollback", "upgrade");
        assertThat(runs.get(1).get("steps").get(0).has("duration_ms")).isTrue();
        assertThat(runs.get(1).get("release_to").asText()).isEqualTo(CURRENT);
        assertThat(runs.get(1).get("release_from").isNull()).isTrue();
    }

    @Test
    void aDatabaseNoUpgradeWroteHasNoRuns() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        assertThat(PosDatabaseChecks.runs(settings(file, ChangelogSource.packaged()))).isEmpty();
        assertThat(PosDatabaseChecks.runs(settings(dir.resolve("missing.db"), ChangelogSource.packaged()))).isEmpty();
        assertThat(dir.resolve("missing.db")).as("reading the runs creates no file").doesNotExist();
        assertThat(Files.exists(file)).isTrue();
    }

    private static UpgradeStep step(UpgradeRun run, String id) {
        return run.steps().stream().filter(s -> s.changesetId().equals(id)).findFirst().orElseThrow();
    }

    private static PosDatabaseSettings settings(Path file, ChangelogSource changelog) {
        return PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).changelog(changelog).build();
    }
}
