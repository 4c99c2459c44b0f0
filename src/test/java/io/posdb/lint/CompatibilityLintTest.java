package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.schema.Compatibility;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lint says ahead of time what each changeset will be recorded as for older releases (issue 21 §1),
 * and refuses a declaration that contradicts what the changeset does in the unsafe direction.
 */
class CompatibilityLintTest {

    @TempDir
    Path dir;
    private int changelogs;

    private LintReport lintWith(String comment, String change) throws Exception {
        String file = "databaseChangeLog:\n"
                + "  - logicalFilePath: " + BadChangelog.FILE + "\n"
                + "  - changeSet:\n"
                + "      id: " + BadChangelog.ID + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + (comment == null ? "" : "      comment: \"" + comment + "\"\n")
                + "      changes:\n"
                + "        - sql: { sql: '" + change + "' }\n"
                + "      rollback:\n"
                + "        - empty: {}\n";
        Path changelog = java.nio.file.Files.createDirectories(dir.resolve("changelog-" + ++changelogs));
        return BadChangelog.lint(Changelogs.withExtraChangeSet(changelog, BadChangelog.FILE_NAME, file));
    }

    private static LintReport.Classified classOf(LintReport report, String id) {
        return report.compatibility().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everySqliteChangesetOfThePackagedChangelogIsClassifiedAheadOfTime() throws Exception {
        LintReport report = BadChangelog.lint(Path.of("changelog/db.changelog-master.yaml"));
        List<String> sqlite = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();
        assertThat(report.compatibility()).filteredOn(c -> sqlite.contains(c.id()))
                .hasSize(sqlite.size()).allMatch(c -> !c.compatibility().equals("unknown"));
        assertThat(classOf(report, "0010-enforce-user-role-constraint").compatibility()).isEqualTo("breaking");
        assertThat(classOf(report, "0001-baseline-user").compatibility()).isEqualTo("compatible");
    }

    /**
     * An undeclared data change is breaking: lint tells the developer how to declare it; the class itself (what a
     * till records, and what an older release's refusal tells the operator) says only what the change is.
     */
    @Test
    void lintSaysHowToDeclareADataChangeAndTheClassItselfOnlyWhatItIs() throws Exception {
        LintReport.Classified dataChange = classOf(lintWith(null, "UPDATE product SET price = price"),
                BadChangelog.ID);

        assertThat(dataChange.compatibility()).isEqualTo("breaking");
        assertThat(dataChange.reasons()).containsExactly(Compatibility.CHANGES_DATA);
        assertThat(dataChange.format()).isEqualTo(BadChangelog.ID + ": breaking (" + Compatibility.CHANGES_DATA
                + " (declare 'compatibility: compatible, because ...' in the changeset's comment if an older release "
                + "accepts the new values))");
        assertThat(Compatibility.unobserved().text()).isEqualTo("breaking — " + Compatibility.CHANGES_DATA)
                .doesNotContain("declare");
    }

    @Test
    void aFileWithoutItsOwnLogicalFilePathIsStillObservedAsLiquibaseNamesItsChangesets() throws Exception {
        // Liquibase gives the file's changesets the master's logicalFilePath: lint finds their effect under it.
        Path changelog = java.nio.file.Files.createDirectories(dir.resolve("changelog-without-path"));
        String file = BadChangelog.file(BadChangelog.ID, Release.label(),
                "        - sql: { sql: 'ALTER TABLE sale ADD COLUMN note VARCHAR(80)' }", "      rollback:\n        - empty: {}\n")
                .replace("  - logicalFilePath: " + BadChangelog.FILE + "\n", "");
        LintReport report = BadChangelog.lint(Changelogs.withExtraChangeSet(changelog, BadChangelog.FILE_NAME, file));

        assertThat(classOf(report, BadChangelog.ID).compatibility()).isEqualTo("compatible");
        assertThat(report.findings()).anyMatch(finding -> finding.rule() == Rule.LOGICAL_FILE_PATH);
    }

    @Test
    void aNullableColumnIsCompatibleAndANotNullOneWithoutDefaultIsBreaking() throws Exception {
        assertThat(classOf(lintWith(null, "ALTER TABLE sale ADD COLUMN note VARCHAR(80)"), BadChangelog.ID).compatibility())
                .isEqualTo("compatible");
        // SQLite refuses ADD COLUMN NOT NULL without a default on rows; a CHECK on an existing table breaks too.
        assertThat(classOf(lintWith(null, "CREATE UNIQUE INDEX ux_sale_total ON sale (total)"), BadChangelog.ID))
                .satisfies(c -> assertThat(c.compatibility()).isEqualTo("breaking"))
                .satisfies(c -> assertThat(c.reasons()).anyMatch(r -> r.contains("ux_sale_total")));
    }

    /**
     * A new table's foreign key to an existing table acts on an older release's deletes of that table's rows, as the
     * same key added as a column does: breaking, and a declaration of compatible contradicts it. A key to the new
     * table itself acts on nothing an older release writes.
     */
    @Test
    void aNewTableWithAForeignKeyToAnExistingTableIsBreakingAndOneReferringToItselfCompatible() throws Exception {
        String payments = "CREATE TABLE test_payment (id INTEGER PRIMARY KEY, "
                + "sale_id INTEGER NOT NULL REFERENCES sale (id) ON DELETE CASCADE)";
        LintReport declaredCompatible = lintWith("compatibility: compatible, because 2.0 never reads it", payments);

        assertThat(classOf(declaredCompatible, BadChangelog.ID)).satisfies(c -> {
            assertThat(c.compatibility()).isEqualTo("breaking");
            assertThat(c.reasons()).containsExactly("table test_payment added", "foreign key test_payment(sale_id) "
                    + "to sale: an older release's deletes of sale rows are checked against the new foreign key");
        });
        assertThat(declaredCompatible.findings()).filteredOn(f -> f.rule() == Rule.COMPATIBILITY_CONTRADICTED)
                .singleElement().satisfies(f -> assertThat(f.message()).contains("test_payment(sale_id) to sale"));

        LintReport.Classified notes = classOf(lintWith(null, "CREATE TABLE test_note (id INTEGER PRIMARY KEY, "
                + "parent_id INTEGER REFERENCES test_note (id))"), BadChangelog.ID);
        assertThat(notes.compatibility()).as(notes.reasons().toString()).isEqualTo("compatible");
    }

    /**
     * An sqlFile is judged by the SQL in its file, as the same SQL in a sql change is: one that only creates a
     * non-unique index is compatible and no data change, for lint (its class, and no MARK_RAN precondition asked) and
     * for a till's record alike; one with an UPDATE still changes data. It was a data change whatever its file said.
     */
    @Test
    void anSqlFileIsClassedByTheSqlInItsFileForLintAndTheTill() throws Exception {
        String index = "CREATE INDEX IF NOT EXISTS ix ON sale (created_at);\n";
        String update = "UPDATE product SET stock = 0 WHERE stock < 0;\n";
        for (String sql : List.of(index, update)) {
            Path folder = java.nio.file.Files.createDirectories(dir.resolve("changelog-" + ++changelogs));
            String change = "        - sqlFile: { path: change.sql, relativeToChangelogFile: true }";
            Path master = Changelogs.withExtraChangeSet(folder, BadChangelog.FILE_NAME, BadChangelog.file(
                    BadChangelog.ID, Release.label(), change, "      rollback:\n        - empty: {}\n"));
            java.nio.file.Files.writeString(folder.resolve("changes/change.sql"), sql);

            LintReport report = BadChangelog.lint(master);
            LintReport.Classified linted = classOf(report, BadChangelog.ID);
            String recorded = recordedByATill(master, dir.resolve("till-" + changelogs + ".db"), BadChangelog.ID);

            boolean changesData = sql.equals(update);
            assertThat(linted.compatibility()).as(sql + linted.reasons())
                    .isEqualTo(changesData ? "breaking" : "compatible");
            assertThat(linted.reasons().contains(Compatibility.CHANGES_DATA)).as(sql).isEqualTo(changesData);
            assertThat(report.findings().stream().anyMatch(f -> f.rule() == Rule.DATA_CHANGE_NOT_IDEMPOTENT)).as(sql)
                    .isEqualTo(changesData);
            assertThat(recorded).as("the till's record, for " + sql).isEqualTo(linted.compatibility() + "|"
                    + String.join("; ", linted.reasons()));
        }
    }

    /** {@code <class>|<reasons>}: what a till that boots on the changelog records of the changeset. */
    private static String recordedByATill(Path master, Path file, String id) throws Exception {
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build()).close();
        try (Connection connection = SqliteDatabase.at(file).open();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT compatibility || '|' || reason FROM posdb_changeset WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("the till's record of " + id).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void declaringCompatibleWhatBreaksOlderReleasesIsAnErrorAndTheSafeDeclarationsPass() throws Exception {
        LintReport contradicted = lintWith("compatibility: compatible, because I say so",
                "CREATE UNIQUE INDEX ux_sale_total ON sale (total)");
        assertThat(contradicted.findings()).filteredOn(f -> f.rule() == Rule.COMPATIBILITY_CONTRADICTED)
                .singleElement().satisfies(f -> {
                    assertThat(f.file()).isEqualTo(BadChangelog.FILE);
                    assertThat(f.line()).isEqualTo(7);
                    assertThat(f.message()).contains("breaking", "ux_sale_total");
                });
        assertThat(classOf(contradicted, BadChangelog.ID).compatibility()).as("never believed over the schema")
                .isEqualTo("breaking");

        LintReport breakingDeclared = lintWith("compatibility: breaking, because 2.0 cannot read it",
                "ALTER TABLE sale ADD COLUMN note VARCHAR(80)");
        assertThat(breakingDeclared.findings()).noneMatch(f -> f.rule() == Rule.COMPATIBILITY_CONTRADICTED);
        assertThat(classOf(breakingDeclared, BadChangelog.ID).compatibility()).isEqualTo("breaking");

        LintReport dataVouchedFor = lintWith("compatibility: compatible, because 2.0 accepts card",
                "UPDATE sale SET payment_method = ''card'' WHERE payment_method = ''CARD''");
        assertThat(dataVouchedFor.findings()).noneMatch(f -> f.rule() == Rule.COMPATIBILITY_CONTRADICTED);
        assertThat(classOf(dataVouchedFor, BadChangelog.ID).compatibility()).isEqualTo("compatible");
        assertThat(classOf(lintWith(null, "UPDATE sale SET payment_method = ''card'' WHERE payment_method = ''CARD''"),
                BadChangelog.ID).compatibility()).as("a data change undeclared").isEqualTo("breaking");
    }

    /**
     * A data change's {@code -verify} changeset, as {@code bin/new-changeset --data} writes it: the scratch's
     * seeded rows break its guard (no mapping knows them), yet lint classes it as a till records it when it
     * applies it (the guard passed), from the same account: the catalog before and after it, and no rows written.
     */
    @Test
    void aDataChangesVerifyChangesetIsClassedByLintAsATillRecordsIt() throws Exception {
        String id = BadChangelog.VERIFY_ID;
        Path master = BadChangelog.withDataChangeVerify(dir.resolve("changelog"));

        LintReport.Classified linted = classOf(BadChangelog.lint(master), id);

        Path file = dir.resolve("pos.db");
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build()).close();
        String recordedClass;
        String recordedReasons;
        try (Connection connection = SqliteDatabase.at(file).open();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT compatibility, reason FROM posdb_changeset WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("the till's record of " + id).isTrue();
                recordedClass = rs.getString(1);
                recordedReasons = rs.getString(2);
            }
        }
        assertThat(linted.compatibility()).as(linted.reasons().toString()).isEqualTo(recordedClass)
                .isEqualTo("compatible");
        assertThat(String.join("; ", linted.reasons())).startsWith(recordedReasons).contains("observed past its guard");
    }
}
