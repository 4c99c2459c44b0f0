package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --progress} (issue 22 §4): {@code json} makes stdout JSON lines a splash screen reads, the events
 * then the result; without a terminal {@code auto} draws nothing, and stdout and stderr are as before.
 */
@ExtendWith(QuietLogs.class)
class ProgressOptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough users for the role remap to report its rows in several steps. */
    private static final int USERS = 20_000;

    @TempDir
    Path dir;

    @Test
    void progressJsonPrintsOneEventPerLineWithMonotonicRowsAndTheResultLast() throws Exception {
        Path file = LegacyDatabaseGenerator.generate(dir.resolve("large.db"), USERS, 1_000);
        JournalMode.WAL.apply(file);
        List<String> pending = PosDatabaseChecks.plan(PosDatabaseSettings.sqlite(file).build()).pending().stream()
                .map(PendingChangeSet::id).toList();

        PosdbProcess.Result result = PosdbInProcess.run("update", "--db", file.toString(), "--progress", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<JsonNode> lines = lines(result.stdout());
        assertThat(lines.get(0).get("event").asText()).isEqualTo("plan");
        assertThat(lines.get(0).get("operation").asText()).isEqualTo("upgrade");
        assertThat(lines.get(0).get("changesets")).extracting(JsonNode::asText).isEqualTo(pending);
        assertThat(lines.stream().filter(l -> l.get("event").asText().equals("changeset_finished"))
                .map(l -> l.get("changeset").asText())).isEqualTo(pending);
        List<JsonNode> rows = lines.stream().filter(l -> l.get("event").asText().equals("rows")).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("changeset").asText()).isEqualTo("0008-remap-user-roles");
            assertThat(row.get("total").asLong()).isEqualTo(USERS);
            assertThat(row.get("estimated_ms_left").isNumber()).as(row.toString()).isTrue();
            if (i > 0) {
                assertThat(row.get("done").asLong()).isGreaterThan(rows.get(i - 1).get("done").asLong());
            }
        }
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("event").asText()).isEqualTo("result");
        assertThat(last.get("ok").asBoolean()).isTrue();
        assertThat(last.get("applied")).extracting(a -> a.get("id").asText()).isEqualTo(pending);
        assertThat(lines.subList(0, lines.size() - 1)).noneMatch(l -> l.get("event").asText().equals("result"));
    }

    @Test
    void aFailedUpgradeWithProgressJsonEndsWithTheRestoreAndTheFailureAsTheResult() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--changelog",
                changelog.toString(), "--progress", "json");

        assertThat(result.exitCode()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        List<JsonNode> lines = lines(result.stdout());
        List<String> events = lines.stream().map(l -> l.get("event").asText()).toList();
        assertThat(events.subList(events.size() - 3, events.size()))
                .containsExactly("restore_started", "restore_finished", "result");
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("ok").asBoolean()).isFalse();
        assertThat(last.get("exit_code").asInt()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(last.get("failed_changeset").asText()).isEqualTo("0099-add-loyalty");
        assertThat(last.get("error").asText()).contains("no such table: loyalty_points");
        assertThat(last.get("after").asText()).as("what the failure left of the file").isEqualTo("restored");
        assertThat(result.stderr()).as("the failure is still reported on stderr").contains("posdb boot: ");
    }

    @Test
    void withoutATerminalAutoDrawsNoBarAndPrintsTheSameAsNone() throws Exception {
        Path auto = LegacyDatabases.shop(dir.resolve("auto.db"));
        Path none = LegacyDatabases.shop(dir.resolve("none.db"));

        PosdbProcess.Result byDefault = PosdbInProcess.run("update", "--db", auto.toString());
        PosdbProcess.Result noProgress = PosdbInProcess.run("update", "--db", none.toString(), "--progress", "none");

        assertThat(byDefault.exitCode()).isZero();
        assertThat(byDefault.stdout()).isEqualTo(noProgress.stdout()).doesNotContain("\"event\"");
        assertNoBar(byDefault.stderr());
        assertThat(byDefault.stderr()).isEqualTo(noProgress.stderr());
    }

    @Test
    void anUnknownProgressModeIsAUsageError() {
        PosdbProcess.Result result = PosdbInProcess.run("update", "--db", dir.resolve("pos.db").toString(),
                "--progress", "bar");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--progress").contains("auto, json, none");
    }

    /** A posdb process whose stdout and stderr are files (no console): its stderr has no bar, its logs are there. */
    @Test
    @Tag("process")
    void aProcessWithoutATerminalDrawsNoBarOnItsStderr() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));

        PosdbProcess.Result result = PosdbProcess.run(dir, "update", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("All migrations completed successfully");
        assertNoBar(result.stderr());
        assertThat(result.stdout()).doesNotContain("\"event\"");
    }

    /** What me.tongfei:progressbar draws: a carriage return before each redraw, block characters, a percentage. */
    private static void assertNoBar(String stderr) {
        assertThat(stderr).doesNotContain("\r").doesNotContain("█").doesNotContain("▏").doesNotContain("ETA");
        assertThat(stderr).doesNotContainPattern("\\d+%");
    }

    private static List<JsonNode> lines(String stdout) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.strip().split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.has("event")).as(line).isTrue();
            lines.add(node);
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }
}
