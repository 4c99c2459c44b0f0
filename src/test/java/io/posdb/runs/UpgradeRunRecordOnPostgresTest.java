package io.posdb.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.Release;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.database.PostgresDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaObject;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.FreshPostgresDatabase;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The record of the upgrades on a real PostgreSQL server: one transaction per upgrade, no file to restore. */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
class UpgradeRunRecordOnPostgresTest {

    /** The release being built, as run records name it ({@code 2.0} for 2.0.0): not pinned, so the next release keeps this green. */
    private static final String CURRENT = ReleaseLabels.releaseOf(Release.current());

    @RegisterExtension
    final FreshPostgresDatabase server = new FreshPostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void aSuccessfulUpgradeLeavesOneAppliedRunAndAnUpToDateBootWritesNothing() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.of(server.database()).build();
        List<String> pending = PosDatabaseChecks.plan(settings).pending().stream().map(p -> p.id()).toList();

        PosDatabase.upgrade(settings);
        List<UpgradeRun> afterUpgrade = PosDatabaseChecks.runs(settings);
        assertThat(PosDatabase.upgrade(settings)).isEmpty();

        assertThat(PosDatabaseChecks.runs(settings)).as("the up-to-date boot wrote nothing").isEqualTo(afterUpgrade);
        assertThat(afterUpgrade).hasSize(1);
        UpgradeRun run = afterUpgrade.get(0);
        assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED);
        assertThat(run.releaseFrom()).isNull();
        assertThat(run.releaseTo()).isEqualTo(CURRENT);
        assertThat(run.steps()).extracting(UpgradeStep::changesetId).isEqualTo(pending);
        assertThat(run.steps()).allSatisfy(step -> assertThat(step.durationMs()).isNotNull().isNotNegative());
        try (Connection connection = server.database().open()) {
            assertThat(SchemaCatalog.read(connection).objects()).extracting(SchemaObject::label)
                    .noneMatch(label -> label.contains("posdb_"));
        }
        assertThat(new DriftCheck(server.database(), ChangelogSource.packaged()).check().drift()).isFalse();
    }

    @Test
    void aFailedUpgradeIsRecordedAfterItsTransactionRolledBackAndLeavesTheServerAsItWas() throws Exception {
        PostgresDatabase database = server.database();
        PosDatabaseSettings settings = PosDatabaseSettings.of(database)
                .changelog(ChangelogSource.file(Changelogs.withFailingChangeSet(dir.resolve("changelog")))).build();

        assertThatThrownBy(() -> PosDatabase.upgrade(settings)).isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("0099-add-loyalty");

        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).outcome()).isEqualTo(UpgradeRun.FAILED);
        assertThat(runs.get(0).message()).contains("changeset 0099-add-loyalty", "loyalty_points",
                "the server is as it was before the upgrade (one transaction, rolled back)");
        UpgradeStep failed = runs.get(0).steps().get(runs.get(0).steps().size() - 1);
        assertThat(failed.changesetId()).isEqualTo("0099-add-loyalty");
        assertThat(failed.outcome()).isEqualTo(UpgradeStep.FAILED);
        try (Connection connection = database.open()) {
            assertThat(SchemaCatalog.read(connection).objects()).as("nothing of the changesets before the failing one")
                    .isEmpty();
            assertThat(MigrationRecords.history(connection)).isEmpty();
        }
    }

    /**
     * On a server nothing is restored: the upgrade is one transaction, so the block of a failed changeset labels
     * what the failure left by what it is (the transaction undone), never {@code restored:}; the label comes from
     * the failure's own {@link AfterFailure}, which --json's {@code after} words.
     */
    @Test
    void aFailedUpgradesBlockOnTheServerSaysTheTransactionWasUndoneAndClaimsNoRestore() throws Exception {
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));

        PosdbProcess.Result failed = PosdbInProcess.run("update", "--url", server.database().description(), "--user",
                PostgresServer.user(), "--password", PostgresServer.password(), "--changelog", changelog.toString(),
                "--json");

        assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(new ObjectMapper().readTree(failed.stdout()).get("after").asText()).as("--json says it too")
                .isEqualTo("rolled_back");
        List<String> block = failed.stderr().lines().dropWhile(l -> !l.startsWith("posdb update: ")).toList();
        assertThat(block.get(0)).contains("changeset 0099-add-loyalty failed");
        assertThat(block).filteredOn(l -> l.contains("one transaction")).containsExactly("  "
                + AfterFailure.ROLLED_BACK.label() + ":   the server is as it was before the upgrade (one transaction, "
                + "rolled back)");
        assertThat(failed.stderr()).doesNotContain("restored");
    }

    @Test
    void aRunATillLeftStartedIsMarkedKilledByTheNextUpgrade() throws Exception {
        PostgresDatabase database = server.database();
        UpgradeRunRecorder died = UpgradeRunRecorder.start(database, UpgradeRun.UPGRADE, true);
        died.writeStarted(database); // the till died here; PostgreSQL released its advisory lock

        PosDatabase.upgrade(PosDatabaseSettings.of(database).build());

        List<UpgradeRun> runs = PosDatabaseChecks.runs(PosDatabaseSettings.of(database).build());
        assertThat(runs).extracting(UpgradeRun::outcome).containsExactly(UpgradeRun.APPLIED, UpgradeRun.KILLED);
        assertThat(runs.get(1).id()).isEqualTo(died.id());
        assertThat(runs.get(1).message()).contains("the till died during the attempt");
    }
}
