package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.posdb.changelog.Release;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import picocli.CommandLine;

/** {@code posdb lint}: the real command line, its exit codes and its three output forms. */
class LintCommandTest {

    private static final String DROP_PRODUCT = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/0012-drop-product.yaml
              - changeSet:
                  id: 0012-drop-product
                  author: posdb
                  labels: {{LABEL}}
                  changes:
                    - dropTable: { tableName: product }
                  rollback:
                    - empty: {}
            """.replace("{{LABEL}}", Release.label());

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

        assertThat(out.toString()).contains(underWorkingDirectory("changes/0012-drop-product.yaml") + ":8: DROP_TABLE error: "
                + "dropTable deletes table product with its rows (fix: archive the rows");
    }

    @Test
    void jsonListsEachFindingWithFileLineRuleAndFix() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);

        assertThat(posdb("lint", "--json", "--changelog", master.toString())).isEqualTo(11);

        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("ok").asBoolean()).isFalse();
        JsonNode finding = result.get("findings").get(0);
        assertThat(finding.get("file").asText()).isEqualTo(underWorkingDirectory("changes/0012-drop-product.yaml"));
        assertThat(finding.get("line").asInt()).isEqualTo(8);
        assertThat(finding.get("rule").asText()).isEqualTo("DROP_TABLE");
        assertThat(finding.get("severity").asText()).isEqualTo("error");
        assertThat(finding.get("fix").asText()).startsWith("archive the rows");
    }

    @Test
    void githubFormatPrintsWorkflowAnnotations() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);

        assertThat(posdb("lint", "--format", "github", "--changelog", master.toString())).isEqualTo(11);

        assertThat(out.toString()).contains("::error file=" + underWorkingDirectory("changes/0012-drop-product.yaml") + ",line=8,"
                + "title=DROP_TABLE::dropTable deletes table product with its rows (fix: ");
    }

    /**
     * The file {@code name} in the copy in {@link #dir}, as lint names it: surefire's temporary folders lie under
     * target/, under the working directory, so relative to it, whether --changelog gave the copy absolute or not.
     */
    private String underWorkingDirectory(String name) {
        return Path.of("").toAbsolutePath().relativize(dir.resolve(name)).toString();
    }

    /**
     * Lint of a copy of the changelog names the file it read, so an editor (or a terminal's link) opens that file:
     * not the changelog's name for it, {@code changelog/changes/...}, which in a copy elsewhere is no file at all.
     */
    @Test
    void aFindingInACopyGivenByARelativePathNamesTheCopysFileRelativeToTheWorkingDirectory() throws Exception {
        Path master = Path.of("").toAbsolutePath()
                .relativize(Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT));

        assertThat(posdb("lint", "--changelog", master.toString())).isEqualTo(BootFailure.LINT_ERRORS.exitCode());

        Path changeSetFile = master.resolveSibling("changes/0012-drop-product.yaml");
        assertThat(Files.readString(changeSetFile)).as(changeSetFile + " is the file read").isEqualTo(DROP_PRODUCT);
        assertThat(out.toString()).contains(changeSetFile + ":8: DROP_TABLE error: dropTable deletes table product");
    }

    /** Outside the working directory, no relative path would be shorter or surer than the file's own. */
    @Test
    void aFindingInACopyOutsideTheWorkingDirectoryNamesTheCopysFileByItsAbsolutePath(
            @TempDir(factory = OutsideTheWorkingDirectory.class) Path elsewhere) throws Exception {
        Path master = Changelogs.withExtraChangeSet(elsewhere, "0012-drop-product.yaml", DROP_PRODUCT);

        assertThat(posdb("lint", "--json", "--changelog", master.toString())).isEqualTo(11);

        JsonNode finding = new ObjectMapper().readTree(out.toString()).get("findings").get(0);
        assertThat(finding.get("file").asText()).isEqualTo(elsewhere.resolve("changes/0012-drop-product.yaml")
                .toAbsolutePath().toString());
        assertThat(finding.get("line").asInt()).isEqualTo(8);
    }

    /**
     * A folder in the system's temporary folder ({@code TMPDIR}, else /tmp): surefire points java.io.tmpdir under
     * target/, inside the working directory.
     */
    static final class OutsideTheWorkingDirectory implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path system = Path.of(System.getenv().getOrDefault("TMPDIR", "/tmp")).toAbsolutePath();
            assumeFalse(system.startsWith(Path.of("").toAbsolutePath()), system + " lies under the working directory");
            return Files.createTempDirectory(system, "posdb-lint-copy-");
        }
    }

    @Test
    void missingChangelogExitsNineNamingTheFile() {
        assertThat(posdb("lint", "--changelog", dir.resolve("nowhere.yaml").toString()))
                .isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
        assertThat(err.toString()).contains("nowhere.yaml does not exist");
    }

    /**
     * A changelog Liquibase refuses to parse is malformed for lint as for boot (exit 9, Liquibase's reason naming the
     * file), not a lint of the changesets' text alone that passes it: without released.sum, nothing else parses it.
     */
    @Test
    void aChangeTypeLiquibaseDoesNotKnowExitsNineAsAtBootNamingTheFile() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-unknown-change.yaml", DROP_PRODUCT
                .replace("0012-drop-product", "0012-unknown-change").replace("dropTable", "dropTabel"));
        Files.delete(dir.resolve("released.sum"));

        assertThat(posdb("lint", "--changelog", master.toString())).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
        assertThat(err.toString()).contains("changes/0012-unknown-change.yaml", "Unknown change type 'dropTabel'");
    }

    @Test
    void aReleaseThatIsNotMajorMinorIsAUsageError() {
        assertThat(posdb("lint", "--release", "next")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--release", "version must be MAJOR.MINOR or MAJOR.MINOR.PATCH", "got next");
    }

    /**
     * docs/writing-migrations.md: a --release that is not MAJOR.MINOR ({@code 2.1}, {@code 2.1.0}) is a usage error;
     * {@code 2.1.x} was read as 2.1 and released.sum written for it.
     */
    @Test
    void aReleaseWithMoreThanNumbersAfterMajorMinorIsAUsageErrorAndReleasedSumIsNotWritten() throws Exception {
        Path master = Changelogs.copyOfProjectChangelog(dir);
        String before = Files.readString(dir.resolve("released.sum"));

        assertThat(posdb("lint", "--update-released-sum", "--release", "2.1.x", "--changelog", master.toString()))
                .isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--release", "got 2.1.x");
        assertThat(Files.readString(dir.resolve("released.sum"))).isEqualTo(before);
    }

    @Test
    void releasedSumIsNotUpdatedWhileLintFindsErrors() throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-drop-product.yaml", DROP_PRODUCT);
        String before = Files.readString(dir.resolve("released.sum"));

        assertThat(posdb("lint", "--update-released-sum", "--release", "2.0", "--changelog", master.toString()))
                .isEqualTo(11);

        assertThat(Files.readString(dir.resolve("released.sum"))).isEqualTo(before);
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
        assertThat(out.toString()).contains(underWorkingDirectory("released.sum") + ":", ": RELEASE_WITHOUT_TAG warning: release " + release
                        + " is recorded in changelog/released.sum but has no tag changeset");
    }
}
