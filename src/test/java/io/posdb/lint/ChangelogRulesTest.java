package io.posdb.lint;

import static io.posdb.lint.BadChangelog.findings;
import static io.posdb.lint.BadChangelog.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.Release;
import io.posdb.database.Engine;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Hygiene, released changesets, review markers and suppressions: the exact findings. */
class ChangelogRulesTest {

    private static final String INDEX = "        - createIndex: { tableName: product, indexName: ix_product_name, "
            + "columns: [ { column: { name: name } } ] }";
    private static final String DROP = "        - dropTable: { tableName: product }";
    private static final String EMPTY_ROLLBACK = "      rollback:\n        - empty: {}\n";

    @TempDir
    Path dir;

    @Test
    void theRepositoryChangelogLintsClean() throws Exception {
        LintReport report = new ChangelogLinter(Release.current()).lint(Path.of("changelog/db.changelog-master.yaml"));
        assertThat(report.findings()).isEmpty();
    }

    @Nested
    class Hygiene {

        @Test
        void idThatIsNotTheFileNameIsAnError() throws Exception {
            String wrongId = Changelogs.nextNumber() + "-y";
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME,
                    BadChangelog.file(wrongId, Release.label(), INDEX, ""));
            assertThat(findings(master, Rule.ID_NOT_FILE_NAME))
                    .containsExactly(line(4, Rule.ID_NOT_FILE_NAME, "changeset id " + wrongId + " is not its file name " + BadChangelog.ID));
        }

        @Test
        void logicalFilePathThatIsNotThePathIsAnError() throws Exception {
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME, BadChangelog.file(BadChangelog.ID, Release.label(),
                    INDEX, "").replace("logicalFilePath: changelog/changes/" + BadChangelog.ID + ".yaml", "logicalFilePath: x.yaml"));
            assertThat(findings(master, Rule.LOGICAL_FILE_PATH)).containsExactly(line(1, Rule.LOGICAL_FILE_PATH,
                    "changelog/changes/" + BadChangelog.ID + ".yaml declares logicalFilePath x.yaml, not its own path"));
        }

        @Test
        void missingReleaseLabelIsAnError() throws Exception {
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME, BadChangelog.file(BadChangelog.ID, "shop", INDEX, ""));
            assertThat(findings(master, Rule.LABEL_MISSING))
                    .containsExactly(line(6, Rule.LABEL_MISSING, "changeset " + BadChangelog.ID + " has no labels: release-X.Y"));
        }

        @Test
        void aSecondLabelBesideTheReleaseLabelIsAnError() throws Exception {
            // The downgrade guard reads the labels as one release label (ReleaseLabels.labelOrCurrent).
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME,
                    BadChangelog.file(BadChangelog.ID, "\"" + Release.label() + ", beta\"", INDEX, ""));
            assertThat(findings(master, Rule.LABEL_MISSING))
                    .containsExactly(line(6, Rule.LABEL_MISSING, "changeset " + BadChangelog.ID + " has no labels: release-X.Y"));
        }

        @Test
        void labelNewerThanTheReleaseBeingBuiltIsAnError() throws Exception {
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME,
                    BadChangelog.file(BadChangelog.ID, Changelogs.nextReleaseLabel(), INDEX, ""));
            assertThat(findings(master, Rule.LABEL_NEWER_THAN_RELEASE)).containsExactly(line(6,
                    Rule.LABEL_NEWER_THAN_RELEASE, "changeset " + BadChangelog.ID + " is labelled "
                            + Changelogs.nextReleaseLabel() + ", newer than the release being built (" + Release.current() + ")"));
        }

        @Test
        void fileUnderChangesThatIsNotIncludedIsAnError() throws Exception {
            Path master = Changelogs.copyOfProjectChangelog(dir);
            Files.writeString(dir.resolve("changes/" + BadChangelog.FILE_NAME), BadChangelog.file(BadChangelog.ID, Release.label(), INDEX, ""));
            assertThat(findings(master, Rule.FILE_NOT_INCLUDED)).containsExactly(line(1, Rule.FILE_NOT_INCLUDED,
                    "changelog/changes/" + BadChangelog.ID + ".yaml is not included in changelog/db.changelog-master.yaml"));
        }

        @Test
        void fileIncludedTwiceIsAnErrorAtTheSecondInclude() throws Exception {
            Path master = Changelogs.copyOfProjectChangelog(dir);
            // The newest changeset's file, whose first include is the master's last line.
            String newest = Changelogs.newestChangeSet().file();
            Files.writeString(master, Files.readString(master) + "  - include: { file: "
                    + newest.substring("changelog/".length()) + ", relativeToChangelogFile: true }\n");
            int lastLine = Files.readAllLines(master).size();
            assertThat(findings(master, Rule.FILE_INCLUDED_TWICE)).containsExactly("changelog/db.changelog-master.yaml:"
                    + lastLine + ": FILE_INCLUDED_TWICE error: " + newest + " is included "
                    + "again (first at line " + (lastLine - 1) + ") (fix: " + Rule.FILE_INCLUDED_TWICE.fix() + ")");
        }

        @Test
        void includesOutOfNumberOrderAreAnError() throws Exception {
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME,
                    BadChangelog.file(BadChangelog.ID, Release.label(), INDEX, ""));
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(master));
            int last = lines.size() - 1;
            String twelve = lines.get(last);
            lines.set(last, lines.get(last - 1));
            lines.set(last - 1, twelve);
            Files.write(master, lines);
            assertThat(findings(master, Rule.INCLUDE_ORDER)).containsExactly("changelog/db.changelog-master.yaml:"
                    + (last + 1) + ": INCLUDE_ORDER error: "
                    + Changelogs.newestChangeSet().file().substring("changelog/".length()) + " is included after a file "
                    + "with a higher number (fix: " + Rule.INCLUDE_ORDER.fix() + ")");
        }

        @Test
        void twoFilesWithTheSameNumberAreBothNamed() throws Exception {
            String other = Changelogs.nextNumber() + "-other";
            Path master = Changelogs.withExtraChangeSet(dir, BadChangelog.FILE_NAME,
                    BadChangelog.file(BadChangelog.ID, Release.label(), INDEX, ""));
            Files.writeString(dir.resolve("changes/" + other + ".yaml"), BadChangelog.file(other, Release.label(),
                    INDEX, "").replace(BadChangelog.FILE_NAME, other + ".yaml"));
            Files.writeString(master, Files.readString(master)
                    + "  - include: { file: changes/" + other + ".yaml, relativeToChangelogFile: true }\n");
            String both = "files share a number: changelog/changes/" + other + ".yaml and changelog/changes/" + BadChangelog.ID + ".yaml";
            assertThat(findings(master, Rule.DUPLICATE_NUMBER)).containsExactly(
                    "changelog/changes/" + other + ".yaml:1: DUPLICATE_NUMBER error: " + both + " (fix: "
                            + Rule.DUPLICATE_NUMBER.fix() + ")",
                    line(1, Rule.DUPLICATE_NUMBER, both));
        }

        @Test
        void sqliteOnlyChangeSetWithoutPostgresqlCounterpartIsAnError() throws Exception {
            Path master = BadChangelog.with(dir, INDEX, "      dbms: sqlite\n");
            assertThat(findings(master, Rule.SQLITE_WITHOUT_POSTGRESQL)).containsExactly(line(9,
                    Rule.SQLITE_WITHOUT_POSTGRESQL, "changeset " + BadChangelog.ID + " applies to sqlite only and has no dbms: "
                            + "postgresql counterpart in changelog/changes/" + BadChangelog.ID + ".yaml"));
        }

        /** Liquibase runs {@code dbms: '!postgresql'} on SQLite only: lint reads it as Liquibase does. */
        @Test
        void aChangeSetNegatingPostgresqlIsSqliteOnlyAndNeedsItsCounterpart() throws Exception {
            Path master = BadChangelog.with(dir, INDEX, "      dbms: '!postgresql'\n");
            assertThat(findings(master, Rule.SQLITE_WITHOUT_POSTGRESQL)).containsExactly(line(9,
                    Rule.SQLITE_WITHOUT_POSTGRESQL, "changeset " + BadChangelog.ID + " applies to sqlite only and has no dbms: "
                            + "postgresql counterpart in changelog/changes/" + BadChangelog.ID + ".yaml"));
        }
    }

    @Nested
    class Released {

        @Test
        void editedReleasedChangeSetIsNamed() throws Exception {
            Path master = Changelogs.copyOfProjectChangelog(dir);
            Path tag = dir.resolve("changes/0011-tag-release-2.0.yaml");
            Files.writeString(tag, Files.readString(tag).replace("tag: v2.0", "tag: v2.0-edited"));
            String released = Files.readAllLines(dir.resolve("released.sum")).stream()
                    .filter(l -> l.contains("\t0011-tag-release-2.0\t")).findFirst().orElseThrow().split("\t")[3];
            assertThat(findings(master, Rule.RELEASED_CHANGESET_CHANGED)).singleElement().asString()
                    .startsWith("changelog/changes/0011-tag-release-2.0.yaml:4: RELEASED_CHANGESET_CHANGED error: "
                            + "released changeset 0011-tag-release-2.0 (release-2.0) has changed: checksum 9:")
                    .contains(", released as " + released + " (fix: ");
        }

        /** Liquibase's checksum leaves them out; a verify changeset is nothing but its precondition. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "0009-verify-user-roles|value: \"admin,user\"|value: \"admin,user,manager\"",
            "0009-verify-user-roles|onFail: HALT|onFail: MARK_RAN",
            "0007-data-migration-audit|sql: SELECT 'data_migration_audit is kept on rollback'|sql: SELECT 1"})
        void anEditedReleasedPreconditionOrRollbackIsNamedThoughLiquibasesChecksumIsTheSame(String id, String released,
                String edited) throws Exception {
            Path master = Changelogs.copyOfProjectChangelog(dir);
            Path file = dir.resolve("changes/" + id + ".yaml");
            String text = Files.readString(file);
            assertThat(text).contains(released);
            Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(released),
                    java.util.regex.Matcher.quoteReplacement(edited)));

            assertThat(findings(master, Rule.RELEASED_CHANGESET_CHANGED)).singleElement().asString()
                    .startsWith("changelog/changes/" + id + ".yaml:")
                    .contains("RELEASED_CHANGESET_CHANGED error: released changeset " + id + " (release-2.0) has "
                            + "changed: its preconditions or its rollback (which Liquibase's checksum leaves out): g1:");
        }

        @Test
        void missingReleasedSumIsAWarning() throws Exception {
            Path master = Changelogs.copyOfProjectChangelog(dir);
            Files.delete(dir.resolve("released.sum"));
            LintReport report = BadChangelog.lint(master);
            assertThat(report.findings()).extracting(Finding::format).containsExactly("changelog/db.changelog-master.yaml:1: "
                    + "RELEASED_SUM_MISSING warning: changelog/released.sum does not exist: released changesets are not "
                    + "protected (fix: " + Rule.RELEASED_SUM_MISSING.fix() + ")");
            assertThat(report.clean()).isTrue();
        }

        @Test
        void updateStepRecordsNewChangeSetsAndKeepsReleasedOnes() throws Exception {
            Path master = BadChangelog.with(dir, INDEX, "");
            List<String> before = Files.readAllLines(dir.resolve("released.sum"));
            // The release being built, not recorded in the copy yet: the project's changesets (either engine's) that
            // its released.sum does not list (those the project recorded for it, and any the next release's
            // developer has added), then the new one, last.
            java.util.Set<String> recorded = ReleasedSum.read(dir.resolve("released.sum")).stream()
                    .map(ReleasedSum.Entry::id).collect(java.util.stream.Collectors.toSet());
            java.util.Set<String> building = new java.util.LinkedHashSet<>();
            for (Engine engine : Engine.values()) {
                ChangelogManifest.load(ChangelogSource.packaged(), engine).entries().stream().map(ManifestEntry::id)
                        .filter(id -> !recorded.contains(id)).forEach(building::add);
            }
            building.add(BadChangelog.ID);

            List<String> updated = ChangelogLinter.updateReleasedSum(master, Release.current());
            assertThat(updated).containsExactlyInAnyOrderElementsOf(building).last().isEqualTo(BadChangelog.ID);

            List<String> after = Files.readAllLines(dir.resolve("released.sum"));
            assertThat(after.subList(0, before.size())).isEqualTo(before);
            assertThat(after.get(after.size() - 1)).startsWith(Release.label() + "\t" + BadChangelog.ID + "\t"
                    + BadChangelog.FILE + "\t9:");
            assertThat(BadChangelog.lint(master).findings()).extracting(Finding::rule)
                    .doesNotContain(Rule.RELEASED_CHANGESET_CHANGED, Rule.RELEASED_SUM_MISSING);
        }
    }

    @Nested
    class Comments {

        @Test
        void reviewMarkerIsAnError() throws Exception {
            Path master = BadChangelog.with(dir, INDEX + "\n      # review-required: generated from an entity diff", "");
            assertThat(findings(master, Rule.REVIEW_REQUIRED)).containsExactly(line(9, Rule.REVIEW_REQUIRED,
                    "marked review-required: generated from an entity diff"));
        }

        @Test
        void suppressionWithAReasonSilencesTheRuleAndIsListed() throws Exception {
            // The real changesets' own suppressions (a release's generated changesets carry some) come first.
            List<Suppression> real = BadChangelog.lint(Changelogs.copyOfProjectChangelog(dir.resolve("real")))
                    .suppressions();
            Path master = BadChangelog.with(dir, DROP + "\n      # lint: allow DROP_TABLE because product was never used",
                    EMPTY_ROLLBACK);
            LintReport report = BadChangelog.lint(master);
            assertThat(report.findings()).extracting(Finding::rule).doesNotContain(Rule.DROP_TABLE);
            List<Suppression> expected = new java.util.ArrayList<>(real);
            expected.add(new Suppression(BadChangelog.FILE, 9, "DROP_TABLE", BadChangelog.ID, "product was never used"));
            assertThat(report.suppressions()).containsExactlyElementsOf(expected);
            assertThat(report.lines()).contains("suppressed: " + BadChangelog.FILE
                    + ":9: DROP_TABLE allowed on " + BadChangelog.ID + " because product was never used");
        }

        @Test
        void suppressionOfAnUnknownRuleIsAnError() throws Exception {
            Path master = BadChangelog.with(dir, DROP + "\n      # lint: allow DROP_TABLES because typo", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.SUPPRESSION_WITHOUT_REASON)).containsExactly(line(9,
                    Rule.SUPPRESSION_WITHOUT_REASON, "suppression names no known rule: 'DROP_TABLES'"));
        }

        @Test
        void suppressionWithoutAReasonIsAnErrorAndSuppressesNothing() throws Exception {
            Path master = BadChangelog.with(dir, DROP + "\n      # lint: allow DROP_TABLE", EMPTY_ROLLBACK);
            assertThat(findings(master, Rule.SUPPRESSION_WITHOUT_REASON)).containsExactly(line(9,
                    Rule.SUPPRESSION_WITHOUT_REASON, "suppression of DROP_TABLE on " + BadChangelog.ID + " gives no reason (because ...)"));
            assertThat(findings(master, Rule.DROP_TABLE)).hasSize(1);
        }
    }
}
