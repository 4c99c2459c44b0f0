package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A boot stopped with SIGTERM ({@code systemctl stop}, Ctrl-C) exits 143 as the JVM does; in the middle of its
 * upgrade it says so on its way out, in one line on stderr, with what the next boot does (restore the file from
 * its snapshot), and that boot does it. Stopped before it wrote anything, or while it rehearsed on a copy, it
 * says nothing of a restore.
 */
@Tag("process")
class StoppedUpgradeProcessTest {

    private static final String STOPPED = "posdb: stopped during the upgrade of ";

    @TempDir
    Path dir;

    @Test
    void stoppedDuringAnUpgradeItSaysInOneLineThatTheNextBootRestoresTheFileAndThatBootDoes() throws Exception {
        Path file = LegacyDatabaseGenerator.generate(dir.resolve("pos.db"), 60_000, 0);
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        Path stderr = dir.resolve("boot.err");
        // With --progress json, as a splash screen runs it: it reads JSON lines to the result, the last line.
        Process boot = PosdbProcess.start(dir, dir.resolve("boot.out"), stderr, "boot", "--db", file.toString(),
                "--progress", "json");

        PosdbProcess.awaitLine(boot, stderr, "Starting database migrations..."); // the snapshot and its marker are taken
        boot.destroy(); // SIGTERM
        assertThat(boot.waitFor(2, TimeUnit.MINUTES)).isTrue();

        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(boot.exitValue()).as(log).isEqualTo(143);
        assertThat(log.lines().filter(line -> line.startsWith(STOPPED)).toList()).as(log).singleElement()
                .satisfies(line -> assertThat(line).isEqualTo(STOPPED + file
                        + "; the next boot restores the file from " + snapshotNamedByTheMarker(file)));
        List<String> jsonLines = Files.readAllLines(dir.resolve("boot.out"), StandardCharsets.UTF_8);
        assertThat(jsonLines).as("stdout").isNotEmpty();
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(jsonLines.get(jsonLines.size() - 1));
        assertThat(result.get("event").asText()).as("the last line").isEqualTo("result");
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("exit_code").asInt()).isEqualTo(boot.exitValue());
        assertThat(result.get("error").asText()).contains("stopped by a signal before it finished");
        assertThat(DatabaseContents.businessRows(file.resolveSibling(snapshotNamedByTheMarker(file))))
                .as("the snapshot the line names holds the shop as it was").isEqualTo(rows);

        PosdbProcess.Result next = PosdbProcess.run(dir, "boot", "--db", file.toString());
        assertThat(next.exitCode()).as(next.stderr()).isZero();
        assertThat(next.stderr()).contains("was interrupted; restoring");
        // Its record reads as what it may have been, a stop among them, not as a crash ("killed during").
        PosdbProcess.Result runs = PosdbProcess.run(dir, "history", "--runs", "--db", file.toString());
        assertThat(runs.stdout()).as(runs.stderr()).contains("interrupted (killed or stopped) during the upgrade")
                .doesNotContain("killed during");
    }

    @Test
    void stoppedWhileWaitingForTheUpgradeLockItSaysNothingOfARestore() throws Exception {
        Path file = dir.resolve("pos.db");
        Path stderr = dir.resolve("boot.err");
        Process boot;
        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            boot = PosdbProcess.start(dir, dir.resolve("boot.out"), stderr, "boot", "--db", file.toString(),
                    "--lock-wait", "600");
            PosdbProcess.awaitLine(boot, stderr, "Waiting for");
            boot.destroy(); // SIGTERM, before the boot wrote anything
            assertThat(boot.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }

        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(boot.exitValue()).as(log).isEqualTo(143);
        assertThat(log).doesNotContain("stopped during").doesNotContain("restores")
                .as("the stop is said, once").contains("posdb boot: stopped by a signal before it finished");
    }

    @Test
    void aRehearsalStoppedDuringItsUpgradeSaysNothingOfARestoreAndLeavesTheShopAsItWas() throws Exception {
        Path file = LegacyDatabaseGenerator.generate(dir.resolve("pos.db"), 60_000, 0);
        byte[] before = Files.readAllBytes(file);
        Path stderr = dir.resolve("rehearse.err");
        Process rehearse = PosdbProcess.start(dir, dir.resolve("rehearse.out"), stderr, "rehearse", "--db",
                file.toString());

        PosdbProcess.awaitLine(rehearse, stderr, "Starting database migrations..."); // on the rehearsal's copy
        rehearse.destroy(); // SIGTERM
        assertThat(rehearse.waitFor(2, TimeUnit.MINUTES)).isTrue();

        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(rehearse.exitValue()).as(log).isEqualTo(143);
        assertThat(log).as("the copy's restore is nothing to the operator").doesNotContain("stopped during")
                .doesNotContain("next boot");
        assertThat(Files.readAllBytes(file)).as("the shop's file").isEqualTo(before);
        assertThat(file.resolveSibling(file.getFileName() + ".upgrading")).doesNotExist();
    }

    /**
     * A usage error a command finds in its own options once it runs (not picocli's parsing) exits 2 with its one JSON
     * object: the process's normal exit runs the shutdown hook too, which must not take the command for one a signal
     * stopped (a second object, claiming exit 143, as the last line a splash screen reads).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"boot --keep-snapshots 0", "boot --lock-wait -5", "status --url jdbc:postgresql://localhost/x"})
    void aUsageErrorFoundOnceTheCommandRunsEndsWithItsOwnJsonAloneAndSaysNothingOfASignal(String command)
            throws Exception {
        Path file = dir.resolve("pos.db");
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--db", file.toString(), "--json"));

        PosdbProcess.Result result = PosdbProcess.run(dir, args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr()).as("a usage error is not a stop").doesNotContain("stopped by a signal");
        List<com.fasterxml.jackson.databind.JsonNode> objects = new com.fasterxml.jackson.databind.ObjectMapper()
                .readerFor(com.fasterxml.jackson.databind.JsonNode.class)
                .<com.fasterxml.jackson.databind.JsonNode>readValues(result.stdout()).readAll();
        assertThat(objects).as("stdout: " + result.stdout()).singleElement()
                .satisfies(json -> assertThat(json.get("exit_code").asInt()).isEqualTo(2));
    }

    /** The first line of the marker the stopped upgrade left: its snapshot's file name. */
    private static String snapshotNamedByTheMarker(Path file) throws Exception {
        return Files.readAllLines(file.resolveSibling(file.getFileName() + ".upgrading")).get(0).trim();
    }
}
