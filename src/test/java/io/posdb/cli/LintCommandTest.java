package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code posdb lint}: the real command line, its exit codes and its three output forms. */
class LintCommandTest {

    private static final String DROP_PRODUCT = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/0012-drop-product.yaml
              - changeSet:
                  id: 0012-drop-product
                  author: posdb
                  labels: release-2.0
                  changes:
                    - dropTable: { tableName: product }
                  rollback:
                    - empty: {}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int posdb(String... args) {
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void theRepositoryChangelogIsCleanWithExitZero() {
        assertThat(posdb("lint")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("lint: 0 error(s)");
    }

    /**
     * Each changeset lint classes has its line; the PostgreSQL counterparts, which it cannot observe ahead of time
     * for one reason, share one line that names each of them, instead of that reason once per counterpart.
     */
    @Test
    void theCompatibilityListSaysAReasonSharedByUnclassedChangesetsOnce() throws Exception {
        assertThat(posdb("lint")).isEqualTo(ExitCodes.OK);
        List<String> text = out.toString().lines().toList();
        out.getBuffer().setLength(0);
        assertThat(posdb("lint", "--json")).isEqualTo(ExitCodes.OK);
        JsonNode classes = new ObjectMapper().readTree(out.toString()).get("compatibility");

        List<String> unknown = new ArrayList<>();
        classes.forEach(c -> {
            if (c.get("compatibility").asText().equals("unknown")) {
                unknown.add(c.get("id").asText());
            } else {
                String line = "  " + c.get("id").asText() + ": " + c.get("compatibility").asText();
                assertThat(text).as("its own line").filteredOn(l -> l.equals(line) || l.startsWith(line + " ("))
                        .hasSize(1);
            }
        });
        String reason = "not observed: not an SQLite changeset";
        assertThat(unknown).as("the packaged changelog's PostgreSQL counterparts").hasSizeGreaterThan(1)
                .allMatch(id -> id.endsWith("-postgresql"));
        assertThat(text).containsOnlyOnce("  unknown (" + reason + "): " + String.join(", ", unknown));
        assertThat(String.join("\n", text).split(reason, -1)).hasSize(2);
    }

    @Test
    void errorsArePrintedAsFileLineRuleAndExitEleven() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);

        assertThat(posdb("lint", "--changelog", master.toString())).isEqualTo(BootFailure.LINT_ERRORS.exitCode());

        assertThat(out.toString()).contains("changelog/changes/0012-drop-product.yaml:8: DROP_TABLE error: "
                + "dropTable deletes table product with its rows (fix: archive the rows");
    }

    @Test
    void jsonListsEachFindingWithFileLineRuleAndFix() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);

        assertThat(posdb("lint", "--json", "--changelog", master.toString())).isEqualTo(11);

        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("ok").asBoolean()).isFalse();
        JsonNode finding = result.get("findings").get(0);
        assertThat(finding.get("file").asText()).isEqualTo("changelog/changes/0012-drop-product.yaml");
        assertThat(finding.get("line").asInt()).isEqualTo(8);
        assertThat(finding.get("rule").asText()).isEqualTo("DROP_TABLE");
        assertThat(finding.get("severity").asText()).isEqualTo("error");
        assertThat(finding.get("fix").asText()).startsWith("archive the rows");
    }

    @Test
    void githubFormatPrintsWorkflowAnnotations() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);

        assertThat(posdb("lint", "--format", "github", "--changelog", master.toString())).isEqualTo(11);

        assertThat(out.toString()).contains("::error file=changelog/changes/0012-drop-product.yaml,line=8,"
                + "title=DROP_TABLE::dropTable deletes table product with its rows (fix: ");
    }

    @Test
    void missingChangelogExitsNineNamingTheFile() {
        assertThat(posdb("lint", "--changelog", dir.resolve("nowhere.yaml").toString()))
                .isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
        assertThat(err.toString()).contains("nowhere.yaml does not exist");
    }

    @Test
    void aReleaseThatIsNotMajorMinorIsAUsageError() {
        assertThat(posdb("lint", "--release", "next")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--release", "version must start with MAJOR.MINOR, got next");
    }

    @Test
    void releasedSumIsNotUpdatedWhileLintFindsErrors() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);
        String before = java.nio.file.Files.readString(dir.resolve("released.sum"));

        assertThat(posdb("lint", "--update-released-sum", "--release", "2.0", "--changelog", master.toString()))
                .isEqualTo(11);

        assertThat(java.nio.file.Files.readString(dir.resolve("released.sum"))).isEqualTo(before);
        assertThat(out.toString()).contains("released.sum not updated: fix the errors first");
    }

    /**
     * The release step's own lint read released.sum before the release was in it: the command itself warns, naming
     * released.sum, when the release it has just recorded has no tag changeset to roll back to.
     */
    @Test
    void recordingAReleaseWithoutItsTagChangesetWarnsNamingReleasedSum() throws Exception {
        String label = Changelogs.nextReleaseLabel();
        String release = label.substring("release-".length());
        String id = Changelogs.nextNumber() + "-index-sale-total";
        Path master = Changelogs.withExtraChangeSet(dir, id + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%1$s.yaml
                  - changeSet:
                      id: %1$s
                      author: posdb
                      labels: %2$s
                      changes:
                        - sql: { sql: CREATE INDEX ix_sale_total ON sale (total) }
                      rollback:
                        - sql: { sql: DROP INDEX ix_sale_total }
                """.formatted(id, label));

        assertThat(posdb("lint", "--update-released-sum", "--release", release, "--changelog", master.toString()))
                .isEqualTo(ExitCodes.OK);

        // The changesets of a release not recorded yet (a worked example's) are added with it.
        assertThat(out.toString().lines().filter(line -> line.startsWith("released.sum: added "))).singleElement()
                .asString().contains(id);
        assertThat(out.toString()).contains("changelog/released.sum:", ": RELEASE_WITHOUT_TAG warning: release " + release
                        + " is recorded in changelog/released.sum but has no tag changeset");
    }
}
