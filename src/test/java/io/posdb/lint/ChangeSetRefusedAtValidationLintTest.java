package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lint of the real changelog plus three new changesets: a protective trigger, an index whose rollback
 * ({@code SELECT 1}) does not drop it, and one that posdb's SQLite guard refuses when Liquibase validates the
 * changelog ({@code addColumn}). Liquibase validates everything it is given before it runs anything: the
 * refusal belongs to the refused changeset alone, is not kept in the cache of observed effects, and does not
 * stop the changesets before it from being observed.
 */
class ChangeSetRefusedAtValidationLintTest {

    private static final int NEXT = Integer.parseInt(Changelogs.nextNumber());
    private static final String TRIGGER = id(0, "protect-sales");
    private static final String INDEX = id(1, "index-sale-created");
    private static final String REFUSED = id(2, "add-sale-note");

    @TempDir
    Path dir;

    /** Each test's own cache of observed effects, empty at first: its first lint observes every changeset. */
    @TempDir
    Path cache;

    private static String id(int after, String what) {
        return String.format("%04d-%s", NEXT + after, what);
    }

    @Test
    void aRollbackThatDoesNotRestoreIsReportedWhileALaterChangeSetIsRefusedAtValidation() throws Exception {
        LintReport report = lint(changelog(true));

        assertThat(findings(report, Rule.ROLLBACK_DOES_NOT_RESTORE)).containsExactly(INDEX);
        assertThat(findings(report, Rule.SQLITE_REBUILDS_TABLE)).containsExactly(REFUSED);
        assertThat(reasons(report, TRIGGER)).noneMatch(r -> r.startsWith("not run"));
        assertThat(reasons(report, INDEX)).noneMatch(r -> r.startsWith("not run"));
        // The refusal is the refused changeset's own, in the guard's words.
        assertThat(reasons(report, REFUSED)).anySatisfy(r -> assertThat(r).startsWith("not run on the scratch database: ")
                .contains("changeset " + REFUSED + " (changelog/changes/" + REFUSED + ".yaml): addColumn is refused on SQLite"));
        // No other changeset is blamed for it: the project's own were observed as always.
        assertThat(report.compatibility()).filteredOn(c -> !c.id().equals(REFUSED))
                .allSatisfy(c -> assertThat(c.reasons()).as(c.id()).noneMatch(r -> r.contains("failed")));
    }

    @Test
    void onceTheRefusedChangeSetIsRemovedTheNextLintWithTheSameCacheReportsTheRollbackThatDoesNotRestore()
            throws Exception {
        Path master = changelog(true);
        lint(master);

        Files.delete(dir.resolve("changes/" + REFUSED + ".yaml"));
        Files.write(master, Files.readAllLines(master).stream().filter(line -> !line.contains(REFUSED)).toList());
        LintReport report = lint(master);

        assertThat(findings(report, Rule.ROLLBACK_DOES_NOT_RESTORE)).containsExactly(INDEX);
        assertThat(report.clean()).isFalse();
        assertThat(report.compatibility()).allSatisfy(c -> assertThat(c.reasons()).as(c.id())
                .noneMatch(r -> r.contains("failed")));
    }

    /** The project's changelog with the trigger and the index (and the refused changeset), as the docs add them. */
    private Path changelog(boolean withRefused) throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, TRIGGER + ".yaml", file(TRIGGER, """
                        - sql:
                            splitStatements: false
                            sql: "CREATE TRIGGER protect_sales BEFORE DELETE ON sale BEGIN \
                SELECT RAISE(ABORT, 'sales are kept'); END"
                      rollback:
                        - sql: { sql: DROP TRIGGER protect_sales }
                """));
        add(master, INDEX, """
                        - sql: { sql: "CREATE INDEX ix_sale_created ON sale (created_at)" }
                      rollback:
                        - sql: { sql: SELECT 1 }
                """);
        if (withRefused) {
            add(master, REFUSED, """
                            - addColumn:
                                tableName: sale
                                columns:
                                  - column: { name: note, type: VARCHAR(200) }
                    """);
        }
        return master;
    }

    private void add(Path master, String id, String changes) throws Exception {
        Files.writeString(dir.resolve("changes/" + id + ".yaml"), file(id, changes));
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/" + id + ".yaml, relativeToChangelogFile: true }\n");
    }

    /** {@code changes}: the changeset's changes (and rollback), indented as its attributes. */
    private static String file(String id, String changes) {
        return "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/" + id + ".yaml\n"
                + "  - changeSet:\n"
                + "      id: " + id + "\n"
                + "      author: posdb\n"
                + "      labels: release-" + Release.current().replaceAll("^(\\d+\\.\\d+).*", "$1") + "\n"
                + "      changes:\n"
                + changes;
    }

    private LintReport lint(Path master) throws Exception {
        return new ChangelogLinter(Release.current()).lint(master, cache);
    }

    /** The changesets (by file) the rule found. */
    private static List<String> findings(LintReport report, Rule rule) {
        return report.findings().stream().filter(f -> f.rule() == rule)
                .map(f -> f.file().replaceAll("^changelog/changes/(.*)\\.yaml$", "$1")).toList();
    }

    /** The reasons of the changeset's class for older releases (where lint says what it did not observe). */
    private static List<String> reasons(LintReport report, String id) {
        return report.compatibility().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().reasons();
    }
}
