package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.Engine;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code posdb drift} on a database a newer release upgraded tells what {@code posdb doctor} tells, by the rule boot
 * refuses such a database by (PlanGuards): with changesets this release cannot run on (breaking, or unrecorded) it is
 * not compared, exit 4 as the doctor's history check, naming the changesets and the ways out; with compatible ones
 * only, the part this release knows is compared and the newer changesets are named as not compared. Before, drift
 * said "No schema drift" (exit 0) where the doctor said "not compared".
 */
@ExtendWith(QuietLogs.class)
class DriftOnANewerReleasesDatabaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void driftOfADatabaseANewerReleaseBrokeIsNotComparedAsTheDoctorSaysAndExitsFourNamingTheWaysOut(JournalMode mode)
            throws Exception {
        Path file = upgradedByTheNextRelease(mode, NewerRelease.BREAKING_ON_SQLITE);
        List<String> unknown = changesetsThisReleaseDoesNotKnow(file);
        String notCompared = "not compared: it has changeset(s) this changelog does not have ("
                + String.join(", ", unknown) + ")";

        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--json", "--db", file.toString());
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        PosdbProcess.Result json = PosdbInProcess.run("drift", "--json", "--db", file.toString());

        assertThat(drift(doctor).get("evidence").asText()).startsWith(notCompared);
        assertThat(doctor.exitCode()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isEqualTo(doctor.exitCode());
        assertThat(drift.stdout()).doesNotContain("No schema drift");
        assertThat(drift.stderr().lines().toList()).singleElement().asString()
                .startsWith("posdb drift: Schema of " + file.toAbsolutePath().normalize() + " " + notCompared)
                .contains("posdb drift with the release that wrote them (" + Changelogs.nextReleaseLabel() + ")",
                        "posdb downgrade --db '" + file + "'");
        JsonNode result = JSON.readTree(json.stdout());
        assertThat(json.exitCode()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("exit_code").asInt()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(result.get("error").asText()).contains(notCompared);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void driftOfADatabaseWithANewerReleasesCompatibleChangesetComparesWhatThisReleaseKnowsAndNamesWhatItDidNot(
            JournalMode mode) throws Exception {
        Path file = upgradedByTheNextRelease(mode, NewerRelease.COMPATIBLE);
        List<String> unknown = changesetsThisReleaseDoesNotKnow(file);

        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--json", "--db", file.toString());
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        PosdbProcess.Result json = PosdbInProcess.run("drift", "--json", "--db", file.toString());

        // The doctor and drift name what they did not compare in the same words.
        String notComparedChangesets = "not compared: what " + String.join(", ", unknown) + " changed";
        assertThat(doctor.exitCode()).as(doctor.stdout()).isZero();
        assertThat(drift(doctor).get("verdict").asText()).isEqualTo("OK");
        assertThat(drift(doctor).get("evidence").asText()).contains(notComparedChangesets);
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isZero();
        assertThat(drift.stdout()).contains("No schema drift on " + file.toAbsolutePath().normalize(),
                notComparedChangesets);
        JsonNode result = JSON.readTree(json.stdout());
        assertThat(result.get("compared").asBoolean()).isTrue();
        assertThat(result.get("drift").asBoolean()).isFalse();
        assertThat(result.get("not_compared_changesets")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(unknown);

        // The part this release knows is compared: a hand change to it is drift, as on any database.
        try (Connection connection = LegacyDatabases.open(file)) {
            HandChange.INDEX_DROPPED.onSqlite(connection);
        }
        PosdbProcess.Result drifted = PosdbInProcess.run("drift", "--db", file.toString());
        assertThat(drifted.exitCode()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(drifted.stdout()).contains(HandChange.INDEX_DROPPED.difference, notComparedChangesets);
    }

    private Path upgradedByTheNextRelease(JournalMode mode, String changes) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Path changelog = NewerRelease.changelog(dir.resolve("changelog-next"), changes);
        PosdbProcess.Result upgrade = PosdbInProcess.run("update", "--db", file.toString(), "--changelog",
                changelog.toString());
        assertThat(upgrade.exitCode()).as(upgrade.stderr()).isZero();
        return file;
    }

    /** The applied changesets the packaged changelog's manifest does not have, in the order they were applied. */
    private static List<String> changesetsThisReleaseDoesNotKnow(Path file) throws Exception {
        ChangelogManifest manifest = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE);
        try (Connection connection = LegacyDatabases.open(file)) {
            List<String> unknown = MigrationPlan.of(manifest, MigrationRecords.history(connection)).unknown()
                    .stream().map(HistoryEntry::id).toList();
            assertThat(unknown).as("the newer release applied changesets of its own").isNotEmpty();
            return unknown;
        }
    }

    private static JsonNode drift(PosdbProcess.Result doctor) throws Exception {
        return StreamSupport.stream(JSON.readTree(doctor.stdout()).get("checks").spliterator(), false)
                .filter(check -> check.get("name").asText().equals("drift")).findFirst().orElseThrow();
    }
}
