package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real {@code posdb} process exits with and prints on its stderr (its own logging set-up
 * included) when a changeset fails: the one process-level test of that concern. The other
 * documented codes, and --verbose, are proven in this JVM by the same command line
 * (DocumentedExitCodesTest, BadInputTest, ExitCodeTableTest).
 */
@Tag("process")
class DocumentedExitCodesProcessTest {

    @TempDir
    Path dir;

    @Test
    void aFailingChangeSetExitsOneWithAShortBlockNamingItAndTheDatabaseIsRestored() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Map<String, List<String>> rows = DatabaseContents.allRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString(),
                "--changelog", changelog.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        List<String> block = result.stderr().lines().dropWhile(l -> !l.startsWith("posdb boot: ")).toList();
        assertThat(block).as(result.stderr()).hasSizeBetween(3, 6);
        assertThat(block.get(0)).contains("0099-add-loyalty");
        assertThat(String.join("\n", block)).contains("no such table: loyalty_points", "restored", "--verbose");
        assertThat(result.stderr()).as("no class names, no stack trace without --verbose")
                .doesNotContain("liquibase.exception").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(DatabaseContents.allRows(file)).as("every row restored, history and audit too").isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).as("the schema restored").isEqualTo(schema);
    }
}
