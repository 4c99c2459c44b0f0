package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What lint says of a changeset is what it saw, in the project's words, on a line a developer reads: a changeset it
 * could not run is not given a class it did not observe, a missing rollback is one error, a rename is said to be one,
 * and a release recorded without its tag changeset is named.
 */
class LintSaysWhatItSawTest {

    /** Long enough that a whole quote of it made lint's lines some 800 characters. */
    private static final String LONG_UPDATE = "UPDATE sale SET note = ''none'' WHERE note IS NULL AND id IN (SELECT id "
            + "FROM sale WHERE total > 100 AND created_at > ''2020-01-01'' AND created_at < ''2030-01-01'' AND id NOT IN "
            + "(SELECT sale_id FROM saleitem WHERE quantity > 1000 AND price > 1000000))";
    /** A line of lint's report that a terminal or a CI log still shows whole enough to read. */
    private static final int READABLE = 400;

    @TempDir
    Path dir;

    private static LintReport.Classified classOf(LintReport report, String id) {
        return report.compatibility().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<Finding> of(LintReport report, Rule rule) {
        return report.findings().stream().filter(f -> f.rule() == rule).toList();
    }

    @Test
    void aChangesetThatFailsOnTheScratchIsUnknownSayingWhereAndWhyOnAReadableLine() throws Exception {
        String after = BadChangelog.ID + "-index";
        Path master = BadChangelog.with(dir, "        - sql: { sql: '" + LONG_UPDATE + "' }", """
                      preConditions:
                        - onFail: MARK_RAN
                        - onFailMessage: no sale without a note
                        - sqlCheck: { expectedResult: 0, sql: SELECT 0 }
                      rollback:
                        - empty: {}
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: {{LABEL}}
                      changes:
                        - sql: { sql: CREATE INDEX ix_sale_total ON sale (total) }
                      rollback:
                        - sql: { sql: DROP INDEX ix_sale_total }
                """.formatted(after).replace("{{LABEL}}", Release.label()));

        LintReport report = BadChangelog.lint(master);

        LintReport.Classified failed = classOf(report, BadChangelog.ID);
        assertThat(failed.compatibility()).as(failed.format()).isEqualTo("unknown");
        assertThat(failed.reasons()).containsExactly("not run on the scratch database: changeset " + BadChangelog.ID
                + " fails there at " + BadChangelog.FILE + ":8: [SQLITE_ERROR] SQL error or missing database "
                + "(no such column: note)");
        assertThat(failed.format()).hasSizeLessThan(READABLE);
        LintReport.Classified notReached = classOf(report, after);
        assertThat(notReached.compatibility()).as(notReached.format()).isEqualTo("unknown");
        assertThat(notReached.reasons()).containsExactly("not run on the scratch database: an earlier changeset, "
                + BadChangelog.ID + ", failed on the scratch database");
        assertThat(of(report, Rule.CHANGESET_FAILS)).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(8);
            // The quote says which statement; the file's line 8 has it whole.
            assertThat(f.message()).contains("(no such column: note) [Failed SQL: (1) UPDATE sale SET note = 'none'")
                    .endsWith("…]").doesNotContain("price > 1000000");
            assertThat(f.format()).hasSizeLessThan(2 * READABLE);
        });
    }

    @Test
    void aChangesetItsPreconditionSkipsOnTheScratchIsClassedOnlyWhenItsTextIsADataChange() throws Exception {
        Path master = BadChangelog.with(dir, "        - sql: { sql: CREATE INDEX ix_sale_total ON sale (total) }", """
                      preConditions:
                        - onFail: MARK_RAN
                        - onFailMessage: the index is there already
                        - sqlCheck: { expectedResult: 1, sql: SELECT 0 }
                      rollback:
                        - sql: { sql: DROP INDEX ix_sale_total }
                """);

        LintReport.Classified skipped = classOf(BadChangelog.lint(master), BadChangelog.ID);

        assertThat(skipped.compatibility()).as(skipped.format()).isEqualTo("unknown");
        assertThat(skipped.reasons()).containsExactly("not run on the scratch database: its precondition skipped it "
                + "there (Liquibase: MARK_RAN)");
    }

    @Test
    void aSqlChangeWithoutRollbackIsOneErrorNamingTheChangesetAndWhatToAdd() throws Exception {
        Path master = BadChangelog.with(dir, "        - sql: { sql: CREATE INDEX ix_sale_total ON sale (total) }", "");

        LintReport report = BadChangelog.lint(master);

        assertThat(report.errors()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.NO_ROLLBACK);
            assertThat(f.file()).isEqualTo(BadChangelog.FILE);
            assertThat(f.line()).isEqualTo(8);
            assertThat(f.message()).isEqualTo("changeset " + BadChangelog.ID + " cannot be rolled back: sql has no "
                    + "automatic rollback and there is no rollback: block");
            assertThat(f.fix()).startsWith("add a rollback: block");
        });
        assertThat(report.findings()).extracting(Finding::format).noneMatch(line -> line.contains("RawSQLChange"));
    }

    @Test
    void aRenamedColumnIsBreakingBecauseItIsRenamedNotRemoved() throws Exception {
        Path master = BadChangelog.with(dir, "        - renameColumn: { tableName: user, oldColumnName: name, "
                + "newColumnName: full_name, columnDataType: VARCHAR(100) }", "");

        LintReport.Classified renamed = classOf(BadChangelog.lint(master), BadChangelog.ID);

        assertThat(renamed.compatibility()).isEqualTo("breaking");
        assertThat(renamed.reasons()).containsExactly("column user.name renamed to user.full_name");
        assertThat(renamed.format()).contains("add the new column and copy the values, and drop the old column in a "
                + "later release");
    }

    /**
     * The unique constraint moved with the renamed column: the constraint it was is found by the renamed column's
     * old name put back in its column list, not by replacing the new name wherever it stands in the label
     * ({@code unique constraint on user(user)}: the table's name too).
     */
    @Test
    void aColumnRenamedToItsTablesNameKeepsItsUniqueConstraintWithoutItBeingAdded() throws Exception {
        Path master = BadChangelog.with(dir, "        - renameColumn: { tableName: user, oldColumnName: username, "
                + "newColumnName: user, columnDataType: VARCHAR(50) }", "");

        LintReport.Classified renamed = classOf(BadChangelog.lint(master), BadChangelog.ID);

        assertThat(renamed.reasons()).containsExactly("column user.username renamed to user.user");
    }

    @Test
    void aReleaseRecordedInReleasedSumWithoutItsTagChangesetIsAWarningNamingIt() throws Exception {
        String label = Changelogs.nextReleaseLabel();
        String release = ReleaseLabels.releaseOfLabel(label);
        Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME, BadChangelog.file(BadChangelog.ID,
                label, "        - sql: { sql: CREATE INDEX ix_sale_total ON sale (total) }",
                "      rollback:\n        - sql: { sql: DROP INDEX ix_sale_total }\n"));
        ChangelogLinter.updateReleasedSum(master, release);
        List<String> sum = Files.readAllLines(dir.resolve("released.sum"));

        // Recording this release records any release the changelog has not released yet too (a worked example's).
        assertThat(of(new ChangelogLinter(release).lint(master), Rule.RELEASE_WITHOUT_TAG))
                .filteredOn(f -> f.message().startsWith("release " + release + " ")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.file()).isEqualTo("changelog/released.sum");
            assertThat(sum.get(f.line() - 1)).startsWith(label + "\t" + BadChangelog.ID + "\t");
            assertThat(f.message()).isEqualTo("release " + release + " is recorded in changelog/released.sum but has no "
                    + "tag changeset: no changeset labelled " + label + " runs tagDatabase v" + release + ", so posdb "
                    + "rollback --tag v" + release + " cannot go back to it");
        });

        // The release's tag changeset, as the docs have a release add it.
        String tagId = String.format("%04d-tag-%s", Integer.parseInt(Changelogs.nextNumber()) + 1, label);
        Files.writeString(dir.resolve("changes/" + tagId + ".yaml"), BadChangelog.file(tagId, label,
                "        - tagDatabase: { tag: v" + release + " }", "").replace(BadChangelog.FILE,
                "changelog/changes/" + tagId + ".yaml"));
        Files.writeString(master, Files.readString(master) + "  - include: { file: changes/" + tagId
                + ".yaml, relativeToChangelogFile: true }\n");

        assertThat(of(new ChangelogLinter(release).lint(master), Rule.RELEASE_WITHOUT_TAG))
                .noneMatch(f -> f.message().startsWith("release " + release + " "));
    }
}
