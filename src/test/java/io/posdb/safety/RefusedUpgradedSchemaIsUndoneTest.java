package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.runs.UpgradeRuns;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A boot that refuses its upgraded schema leaves the file as it was before the upgrade. Strict schema refuses a
 * boot whose upgraded file drifts (a hand-made reporting view on a legacy shop), Hibernate one whose schema the
 * entities do not match: either refusal comes after the changesets ran, and like any failed upgrade it leaves
 * the file as it was (rows, the sales only in the {@code -wal}, schema, journal mode, nothing applied), records
 * the attempt as failed and restored, and keeps its exit code; the command's result says nothing stays applied
 * and the error says the file was restored. A strict boot with nothing pending that drifts writes nothing.
 */
@ExtendWith(QuietLogs.class) // the drift provoked on purpose is logged at WARN before strict schema refuses it
class RefusedUpgradedSchemaIsUndoneTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESTORED = "the database was restored to its state before the upgrade";
    private static final String VIEW_NOT_OWNED = "view daily is not in the changelog";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aStrictBootRefusingDriftAfterTheUpgradeRestoresTheFileAndRecordsTheRunAsFailed(JournalMode mode)
            throws Exception {
        Path file = legacyShopWithView(mode);
        Before before = Before.of(file, dir);

        assertThatThrownBy(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(file).strictSchema(true).build()))
                .isInstanceOfSatisfying(PosDatabaseException.class,
                        e -> assertThat(e.kind()).isEqualTo(BootFailure.SCHEMA_DRIFT))
                .hasMessageContaining(VIEW_NOT_OWNED)
                .hasMessageContaining(RESTORED);

        before.assertRestored(file, mode, VIEW_NOT_OWNED);
    }

    /**
     * The same promise when it is Hibernate that refuses the upgraded schema (a release whose changelog and
     * entities disagree: here a changeset renames a column the Product entity maps): the boot fails with
     * INVALID_SCHEMA and the file is as it was before the upgrade, not left upgraded.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aBootWhoseUpgradedSchemaHibernateRefusesRestoresTheFileAndRecordsTheRunAsFailed(JournalMode mode)
            throws Exception {
        Path file = legacyShopWithView(mode);
        Before before = Before.of(file, dir);
        Path master = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("changelog-" + mode)),
                "0099-rename-product-name.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 0099-rename-product-name
                      author: posdb-test
                      labels: %s
                      changes:
                        - sql: { sql: "ALTER TABLE product RENAME COLUMN name TO title" }
                      rollback:
                        - sql: { sql: "ALTER TABLE product RENAME COLUMN title TO name" }
                """.formatted(Changelogs.nextReleaseLabel()));

        assertThatThrownBy(() -> PosDatabase.boot(PosDatabaseSettings.sqlite(file)
                .changelog(ChangelogSource.file(master)).build()))
                .isInstanceOfSatisfying(PosDatabaseException.class,
                        e -> assertThat(e.kind()).isEqualTo(BootFailure.INVALID_SCHEMA))
                .hasMessageContaining("name")
                .hasMessageContaining(RESTORED);

        before.assertRestored(file, mode, "Schema validation failed");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void bootStrictSchemaWithProgressJsonRestoresExitsTwelveAndItsResultKeepsNothingApplied(JournalMode mode)
            throws Exception {
        Path file = legacyShopWithView(mode);
        Before before = Before.of(file, dir);

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--strict-schema",
                "--progress", "json");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        List<JsonNode> lines = lines(result.stdout());
        assertThat(lines.stream().filter(l -> l.get("event").asText().equals("changeset_finished"))
                .map(l -> l.get("changeset").asText())).as("the upgrade ran every pending changeset")
                .isEqualTo(before.pending());
        List<String> events = lines.stream().map(l -> l.get("event").asText()).toList();
        assertThat(events.subList(events.size() - 3, events.size()))
                .containsExactly("restore_started", "restore_finished", "result");
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("ok").asBoolean()).isFalse();
        assertThat(last.get("exit_code").asInt()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(last.get("applied")).as("nothing stays applied: the upgrade was undone").isEmpty();
        assertThat(last.get("error").asText()).contains(VIEW_NOT_OWNED);
        assertThat(last.get("after_message").asText()).isEqualTo(RESTORED);
        assertThat(result.stderr()).contains("posdb boot: Schema drift on ").contains(VIEW_NOT_OWNED, RESTORED);

        before.assertRestored(file, mode, VIEW_NOT_OWNED);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aStrictBootWithNothingPendingRefusingDriftWritesNothing(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop-" + mode + ".db"), mode);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        handMade(file, UnmappedObjects.REPORTING_VIEW);
        Map<String, List<String>> rows = DatabaseContents.allRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);
        List<Path> snapshots = snapshots();

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--strict-schema");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(result.stderr()).contains(VIEW_NOT_OWNED).as("nothing was upgraded, so nothing was restored")
                .doesNotContain("restored");
        assertThat(DatabaseContents.allRows(file)).as("no row written, not even a run record").isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        assertThat(snapshots()).as("no snapshot taken").isEqualTo(snapshots);
    }

    /** The legacy shop with a hand-made reporting view; in WAL mode with sales committed only to its {@code -wal}. */
    private Path legacyShopWithView(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("legacy-" + mode + ".db"), mode);
        handMade(file, UnmappedObjects.REPORTING_VIEW);
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3);
            assertThat(WalFiles.salesInMainFileAlone(file)).as("some sales are only in the -wal")
                    .isLessThan(WalFiles.countInCopy(file, "SELECT count(*) FROM sale"));
        }
        return file;
    }

    private static void handMade(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<Path> snapshots() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".snapshot")).toList();
        }
    }

    /** What the shop held before the boot, read from a copy with its {@code -wal} (reading the file would checkpoint it). */
    private record Before(Map<String, List<String>> rows, Map<String, String> schema, List<String> pending) {

        static Before of(Path file, Path dir) throws Exception {
            Path copy = WalFiles.copyWithWal(file, Files.createTempDirectory(dir, "before").resolve("copy.db"));
            List<String> pending = PosDatabaseChecks.plan(PosDatabaseSettings.sqlite(copy).build()).pending().stream()
                    .map(PendingChangeSet::id).toList();
            assertThat(pending).as("a legacy shop has changesets pending").isNotEmpty();
            return new Before(DatabaseContents.businessRows(copy), DatabaseContents.schema(copy), pending);
        }

        void assertRestored(Path file, JournalMode mode, String why) throws Exception {
            assertThat(PosDatabaseChecks.plan(PosDatabaseSettings.sqlite(file).build()).pending().stream()
                    .map(PendingChangeSet::id).toList()).as("every changeset pending again").isEqualTo(pending);
            assertThat(DatabaseContents.businessRows(file)).as("every row, the -wal's sales too").isEqualTo(rows);
            assertThat(DatabaseContents.schema(file)).as("the legacy schema, the view too").isEqualTo(schema);
            assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
            assertThat(file.resolveSibling(file.getFileName() + ".upgrading")).doesNotExist();
            assertThat(UpgradeRuns.read(SqliteDatabase.at(file))).singleElement().satisfies(run -> {
                assertThat(run.operation()).isEqualTo(UpgradeRun.UPGRADE);
                assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
                assertThat(run.message()).contains(why, "the file was restored");
            });
        }
    }

    private static List<JsonNode> lines(String stdout) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
