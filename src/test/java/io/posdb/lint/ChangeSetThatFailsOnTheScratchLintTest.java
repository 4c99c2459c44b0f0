package io.posdb.lint;

import static io.posdb.lint.BadChangelog.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changeset that fails when lint applies it on its scratch database (after the changesets before it, as a till's
 * boot applies it) is a lint error naming it, with Liquibase's reason in one line; a failure that is the machine's
 * (a full disk, a folder that cannot be made) is lint saying it could not check, and an error too.
 */
class ChangeSetThatFailsOnTheScratchLintTest {

    @TempDir
    Path dir;

    /** Each test's own cache of observed effects, as a build's target/posdb-effects. */
    @TempDir
    Path cache;

    private LintReport lint(Path master) throws Exception {
        return new ChangelogLinter(Release.current()).lint(master, cache);
    }

    private static List<Finding> of(LintReport report, Rule rule) {
        return report.findings().stream().filter(f -> f.rule() == rule).toList();
    }

    @Nested
    class TheChangeSetsOwnFailure {

        @Test
        void sqlThatFailsIsAnErrorOnTheChangeThatFailedWithLiquibasesReasonOnOneLine() throws Exception {
            // Both indexes are harmless to any rule that reads the text: only running the second shows it fails.
            Path master = with(dir, """
                            - sql: { sql: "CREATE INDEX ix_product_name ON product (name)" }
                            - sql: { sql: "CREATE INDEX ix_product_typo ON product (nmae)" }
                    """, """
                          rollback:
                            - sql: { sql: "DROP INDEX IF EXISTS ix_product_typo" }
                            - sql: { sql: "DROP INDEX ix_product_name" }
                    """);

            LintReport report = lint(master);

            assertThat(report.errors()).extracting(Finding::rule).containsExactly(Rule.CHANGESET_FAILS);
            Finding failed = report.errors().get(0);
            assertThat(failed.file()).isEqualTo(BadChangelog.FILE);
            assertThat(failed.line()).as("the second change").isEqualTo(9);
            assertThat(failed.message()).startsWith("changeset " + BadChangelog.ID + " fails when applied after the "
                            + "changesets before it, on lint's scratch database: ")
                    .contains("no such column: nmae", "CREATE INDEX ix_product_typo")
                    .doesNotContain("\n", "Migration failed for changeset", "liquibase.exception", "Exception");
            assertThat(report.compatibility()).filteredOn(c -> c.id().equals(BadChangelog.ID)).singleElement()
                    .satisfies(c -> assertThat(c.reasons()).anySatisfy(r -> assertThat(r).contains("no such column: nmae")));
        }

        /**
         * An sqlFile beside its changeset is read through Liquibase's scope: without the scratch run's own accessor
         * there, observing stopped at the first checksum, and lint fell back to the text alone, silently, for the
         * whole changelog: the failing change after it passed.
         */
        @Test
        void aChangeAfterAnSqlFileBesideItsChangelogIsStillRunAndItsFailureAnError() throws Exception {
            Path master = with(dir, """
                            - sqlFile: { path: ix-product-name.sql, relativeToChangelogFile: true }
                            - sql: { sql: "CREATE INDEX ix_product_typo ON product (nmae)" }
                    """, """
                          rollback:
                            - sql: { sql: "DROP INDEX IF EXISTS ix_product_typo" }
                            - sql: { sql: "DROP INDEX ix_product_name" }
                    """);
            Files.writeString(master.resolveSibling("changes").resolve("ix-product-name.sql"),
                    "CREATE INDEX ix_product_name ON product (name);\n");

            LintReport report = lint(master);

            assertThat(of(report, Rule.CHANGESET_FAILS)).singleElement().satisfies(f -> {
                assertThat(f.line()).as("the second change").isEqualTo(9);
                assertThat(f.message()).contains("no such column: nmae");
            });
            assertThat(report.compatibility()).filteredOn(c -> c.id().equals(BadChangelog.ID)).singleElement()
                    .satisfies(c -> assertThat(c.reasons()).noneSatisfy(r -> assertThat(r).contains("not observed")));
        }

        @Test
        void anUpdateOfATableNothingCreatesIsAnErrorOnItsChange() throws Exception {
            Path master = with(dir, """
                            - sql: { sql: "UPDATE no_such_table SET a = 1" }
                    """, """
                          preConditions:
                            - onFail: MARK_RAN
                            - onFailMessage: nothing to update
                            - sqlCheck: { expectedResult: 0, sql: SELECT 0 }
                          rollback:
                            - empty: {}
                    """);

            assertThat(of(lint(master), Rule.CHANGESET_FAILS)).singleElement().satisfies(f -> {
                assertThat(f.line()).isEqualTo(8);
                assertThat(f.message()).contains("no such table: no_such_table");
            });
        }

        @Test
        void anIgnoredChangeSetRunsNowhereSoItIsNoFailure() throws Exception {
            // ignore: true is how a developer parks a changeset: Liquibase runs it on no database, nor does lint.
            Path master = with(dir, """
                            - sql: { sql: "UPDATE no_such_table SET a = 1" }
                    """, """
                          rollback:
                            - empty: {}
                    """.replace("      rollback:", "      ignore: true\n      rollback:"));

            assertThat(of(lint(master), Rule.CHANGESET_FAILS)).isEmpty();
            assertThat(Files.readString(master.resolveSibling("changes").resolve(BadChangelog.FILE_NAME)))
                    .as("the changeset lint read is the ignored one").contains("ignore: true", "no_such_table");
        }

        @Test
        void aChangeSetRefusedAsAnSqliteHazardIsReportedOnceByThatRule() throws Exception {
            Path master = with(dir, "        - modifyDataType: { tableName: product, columnName: name, newDataType: TEXT }",
                    "      rollback:\n        - empty: {}\n");

            LintReport report = lint(master);

            assertThat(of(report, Rule.SQLITE_REBUILDS_TABLE)).hasSize(1);
            assertThat(of(report, Rule.CHANGESET_FAILS)).isEmpty();
        }
    }

    @Nested
    class TheMachinesFailure {

        @Test
        void aCacheFolderThatCannotBeMadeIsAnErrorThatLintCouldNotCheckNamingTheFolder() throws Exception {
            Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");

            LintReport report = new ChangelogLinter(Release.current())
                    .lint(Path.of("changelog/db.changelog-master.yaml"), notAFolder.resolve("posdb-effects"));

            assertThat(report.clean()).isFalse();
            assertThat(report.errors()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo(Rule.SCRATCH_DATABASE_UNAVAILABLE);
                assertThat(f.file()).isEqualTo("changelog/db.changelog-master.yaml");
                assertThat(f.message()).startsWith("lint could not apply the changesets on its scratch database, so "
                        + "it cannot vouch for them: ").contains(notAFolder.toString());
                assertThat(f.fix()).contains("-Djava.io.tmpdir=<folder>");
            });
        }

        /** SQLite's own "disk full": the scratch file may not grow past the pages it has, as on a full disk. */
        @Test
        void aDiskThatFillsWhileAChangeSetRunsIsNotBlamedOnTheChangeSetButFailsLintSayingItCouldNotCheck()
                throws Exception {
            Path master = with(dir, """
                            - sql: { sql: PRAGMA max_page_count = 1 }
                            - sql: { sql: "CREATE TABLE ballast (bytes BLOB)" }
                            - sql: { sql: "INSERT INTO ballast VALUES (zeroblob(1000000))" }
                    """, """
                          rollback:
                            - sql: { sql: DROP TABLE ballast }
                    """);

            LintReport report = lint(master);

            assertThat(of(report, Rule.CHANGESET_FAILS)).isEmpty();
            assertThat(of(report, Rule.SCRATCH_DATABASE_UNAVAILABLE)).singleElement().satisfies(f -> {
                assertThat(f.file()).isEqualTo(BadChangelog.FILE);
                assertThat(f.message()).startsWith("lint could not apply changeset " + BadChangelog.ID
                        + " and those after it on its scratch database, so it cannot vouch for them: the disk is full (")
                        .contains("bytes free in " + cache);
            });
            assertThat(report.clean()).isFalse();
        }
    }
}
