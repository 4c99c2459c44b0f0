package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.ProvisionalUpgrade;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.changelog.Release;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.report.UpgradeRun;
import io.posdb.runs.UpgradeRunRecorder;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A boot killed (kill -9) half-way through an upgrade leaves its marker naming the snapshot it took, and the file
 * half upgraded; the next boot restores the snapshot first, then upgrades again. The commands that only read answer
 * for that snapshot, as the doctor does, and not for the half-upgraded file: status and rehearse list what the next
 * boot will apply, history what it starts from, update-sql the SQL it will run. Each says in one line that it found
 * the interrupted upgrade, and none writes or restores anything: the folder is left byte for byte.
 *
 * <p>The killed state is built in this process with the envelope's own code: {@link UpgradeSnapshots#take} takes the
 * snapshot and writes the marker, then Liquibase applies some changesets to the live file and stops, as the kill
 * stops it.
 */
class ReadOnlyCommandsAfterAKilledUpgradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an older release had applied before this release's upgrade began (the snapshot holds them). */
    private static final int APPLIED_BY_AN_OLDER_RELEASE = 3;
    /** What the killed upgrade applied to the live file before the kill. */
    private static final int APPLIED_BEFORE_THE_KILL = 4;
    private static final String INTERRUPTED = "was interrupted";

    @TempDir
    Path dir;
    private CapturedLogs logs;
    private List<String> manifest;

    @BeforeEach
    void captureLogs() throws Exception {
        logs = new CapturedLogs();
        manifest = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();
        assertThat(manifest).as("the changelog has changesets for the killed upgrade to be inside")
                .hasSizeGreaterThan(APPLIED_BY_AN_OLDER_RELEASE + APPLIED_BEFORE_THE_KILL);
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    /** The shop an older release upgraded, then this release's upgrade killed after a few changesets. */
    private Path killedHalfWay(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        ChangelogSteps.applyFirst(file, APPLIED_BY_AN_OLDER_RELEASE);
        Path snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).take(Release.current(), Map.of())
                .orElseThrow();
        ChangelogSteps.applyFirst(file, APPLIED_BEFORE_THE_KILL);
        assertThat(file.resolveSibling("pos.db.upgrading")).content().startsWith(snapshot.getFileName().toString());
        return file;
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void statusHistoryAndRehearseAnswerForTheSnapshotTheNextBootRestoresAsTheDoctorDoes(JournalMode mode)
            throws Exception {
        Path file = killedHalfWay(mode);
        List<String> restored = manifest.subList(0, APPLIED_BY_AN_OLDER_RELEASE);
        List<String> toApply = manifest.subList(APPLIED_BY_AN_OLDER_RELEASE, manifest.size());
        Map<String, String> before = Bytes.folder(dir);

        JsonNode doctor = json(posdb("doctor", "--json", "--db", file.toString()));
        PosdbProcess.Result status = posdb("status", "--json", "--db", file.toString());
        JsonNode history = json(posdb("history", "--json", "--db", file.toString()));
        PosdbProcess.Result rehearse = posdb("rehearse", "--json", "--db", file.toString());
        PosdbProcess.Result updateSql = posdb("update-sql", "--db", file.toString());

        assertThat(check(doctor, "history").get("evidence").asText()).as("the doctor judges the snapshot")
                .startsWith(restored.size() + " changeset(s) applied, " + toApply.size() + " pending (first "
                        + toApply.get(0) + ")");
        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCodes.PENDING);
        assertThat(ids(json(status).get("pending"))).isEqualTo(toApply);
        assertThat(ids(history.get("history"))).isEqualTo(restored);
        assertThat(rehearse.exitCode()).as(rehearse.stderr()).isZero();
        assertThat(ids(json(rehearse).get("pending"))).isEqualTo(toApply);
        assertThat(ids(json(rehearse).get("applied"))).as("the rehearsal ran on a copy of the snapshot")
                .isEqualTo(toApply);
        assertThat(updateSql.exitCode()).as(updateSql.stderr()).isZero();
        assertThat(updateSql.stdout()).contains("::" + toApply.get(0) + "::");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        assertThat(PosDatabaseChecks.plan(settings).pending()).extracting(PendingChangeSet::id).isEqualTo(toApply);
        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).isEqualTo(restored);
        assertThat(Bytes.folder(dir)).as("nothing written, nothing restored").isEqualTo(before);
        assertThat(file.resolveSibling("pos.db.upgrading")).exists();
    }

    /** One line per command (the doctor's is its own check), naming the snapshot the next boot restores. */
    @Test
    void eachReadOnlyCommandSaysOnceThatTheNextBootRestoresTheSnapshotFirst() throws Exception {
        Path file = killedHalfWay(JournalMode.DELETE);
        String snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).interrupted().orElseThrow().snapshot();
        Map<String, String> before = Bytes.folder(dir);

        for (List<String> command : List.of(List.of("status"), List.of("history"), List.of("audit"),
                List.of("drift"), List.of("validate"), List.of("update-sql"), List.of("rehearse"))) {
            int seen = logs.messages().size();
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--db", file.toString()));
            PosdbProcess.Result result = posdb(args.toArray(String[]::new));

            List<String> said = logs.messages().subList(seen, logs.messages().size()).stream()
                    .filter(line -> line.contains(INTERRUPTED)).toList();
            assertThat(said).as(command + ": " + result.stderr()).singleElement().asString()
                    .contains("An upgrade of " + file, snapshot, "the next boot restores that snapshot first");
            assertThat(Bytes.folder(dir)).as(command + " writes nothing").isEqualTo(before);
        }
    }

    /**
     * history --runs, like the other commands that only read, answers for the file as the next boot finds it: the
     * snapshot's record, and first the killed run as its marker names it, "interrupted", with the doctor's words for
     * what restores it. Before, it read the half-upgraded file and listed the killed run as "started", with no word of
     * the restore, while the doctor (reading the snapshot) said "no upgrade records".
     */
    @Test
    void historyRunsListsTheKilledRunAsInterruptedInTheDoctorsWordsNotAsStarted() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        ChangelogSteps.applyFirst(file, APPLIED_BY_AN_OLDER_RELEASE);
        // As the envelope does: the run's facts in the marker with the snapshot, its started row in the live file.
        UpgradeRunRecorder record = UpgradeRunRecorder.start(SqliteDatabase.at(file), UpgradeRun.UPGRADE, true);
        String snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).take(Release.current(), record.markerFacts())
                .orElseThrow().getFileName().toString();
        assertThat(record.writeStarted(SqliteDatabase.at(file))).isEmpty();
        ChangelogSteps.applyFirst(file, APPLIED_BEFORE_THE_KILL);
        Map<String, String> before = Bytes.folder(dir);
        String sentence = "was interrupted (pos.db.upgrading names " + snapshot + "): the next boot restores that "
                + "snapshot first, then upgrades again";

        JsonNode runs = json(posdb("history", "--runs", "--json", "--db", file.toString())).get("runs");
        PosdbProcess.Result text = posdb("history", "--runs", "--db", file.toString());
        List<UpgradeRun> listed = PosDatabaseChecks.runs(PosDatabaseSettings.sqlite(file).build());
        JsonNode doctor = check(json(posdb("doctor", "--json", "--db", file.toString())), "interrupted upgrade");

        assertThat(runs).as(runs.toString()).hasSize(1);
        assertThat(runs.get(0).get("id").asText()).isEqualTo(record.id());
        assertThat(runs.get(0).get("outcome").asText()).isEqualTo(UpgradeRun.INTERRUPTED);
        assertThat(runs.get(0).get("message").asText()).isEqualTo("an upgrade of " + file + " " + sentence);
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).contains("  " + UpgradeRun.INTERRUPTED + "  ", sentence)
                .doesNotContain(UpgradeRun.STARTED);
        assertThat(listed).extracting(UpgradeRun::id, UpgradeRun::outcome)
                .containsExactly(tuple(record.id(), UpgradeRun.INTERRUPTED));
        assertThat(doctor.get("evidence").asText()).as("the doctor's words").contains(sentence);
        assertThat(Bytes.folder(dir)).as("nothing written, nothing restored").isEqualTo(before);
    }

    /**
     * A marker an older posdb wrote names no run: history --runs lists it from the marker's own time, its process not
     * known, in words ("process unknown", as the restore's record says), not "process null on null".
     */
    @Test
    void historyRunsListsAKilledRunWhoseMarkerNamesNoProcessAsUnknownNotNull() throws Exception {
        Path file = killedHalfWay(JournalMode.DELETE);

        PosdbProcess.Result text = posdb("history", "--runs", "--db", file.toString());

        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).contains("  " + UpgradeRun.INTERRUPTED + "  (process unknown)")
                .doesNotContain("null");
    }

    /** The marker of an upgrade that was creating the file: the next boot removes it, so there is no database yet. */
    @Test
    void aFileAKilledUpgradeWasCreatingIsNoDatabaseYet() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(new UpgradeSnapshots(SqliteDatabase.at(file)).take(Release.current(), Map.of()))
                .isEmpty();
        ChangelogSteps.applyFirst(file, APPLIED_BEFORE_THE_KILL);
        Map<String, String> before = Bytes.folder(dir);

        PosdbProcess.Result status = posdb("status", "--json", "--db", file.toString());
        PosdbProcess.Result statusText = posdb("status", "--db", file.toString());
        PosdbProcess.Result history = posdb("history", "--db", file.toString());

        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(ExitCodes.PENDING);
        assertThat(ids(json(status).get("pending"))).isEqualTo(manifest);
        assertThat(statusText.stdout()).startsWith("No database at " + file + " yet");
        assertThat(history.exitCode()).isEqualTo(BootFailure.MISSING_DATABASE.exitCode());
        assertThat(history.stderr()).contains(file + " is not a database yet",
                "the next boot removes the file and starts again");
        assertThat(PosDatabaseChecks.history(PosDatabaseSettings.sqlite(file).build())).isEmpty();
        assertThat(Bytes.folder(dir)).as("nothing written, nothing removed").isEqualTo(before);
    }

    /**
     * A marker beside a live upgrade is no interrupted one: an application's provisional upgrade, applied and not
     * decided yet, holds the lock and its marker while the application starts, and what it reads is the upgraded file.
     */
    @Test
    void aProvisionalUpgradeNotDecidedYetIsReadAsItIsNotAsInterrupted() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        try (ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings)) {
            assertThat(file.resolveSibling("pos.db.upgrading")).exists();
            PosdbProcess.Result status = posdb("status", "--db", file.toString());

            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).isEqualTo(manifest);
            assertThat(logs.messages()).noneMatch(line -> line.contains(INTERRUPTED));
            upgrade.confirm();
        }
    }

    private static PosdbProcess.Result posdb(String... args) {
        return PosdbInProcess.run(args);
    }

    private static JsonNode json(PosdbProcess.Result result) throws Exception {
        return JSON.readTree(result.stdout());
    }

    private static JsonNode check(JsonNode doctor, String name) {
        return StreamSupport.stream(doctor.get("checks").spliterator(), false)
                .filter(c -> c.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + doctor));
    }

    private static List<String> ids(JsonNode changeSets) {
        return StreamSupport.stream(changeSets.spliterator(), false).map(c -> c.get("id").asText()).toList();
    }
}
