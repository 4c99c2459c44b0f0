package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changegen.variants.PaymentCascadingWithItsSale;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.LintReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new entity whose foreign key says {@code @OnDelete(CASCADE)}: its table keeps the action on SQLite as on
 * PostgreSQL. SQLite cannot add a foreign key to a table later, so a CREATE TABLE without it would never cascade.
 */
class NewEntityOnDeleteChangesetTest {

    private static final List<String> A_PAID_SALE = List.of(
            "INSERT INTO sale (receipt_no, total, payment_method, cashier_id) VALUES ('PAY-R1', '5.00', 'CASH', "
                    + "(SELECT MIN(id) FROM \"user\"))",
            "INSERT INTO test_payment (amount, sale_id) VALUES ('5.00', "
                    + "(SELECT id FROM sale WHERE receipt_no = 'PAY-R1'))");

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;
    private Path changeset;

    @BeforeEach
    void generate() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        ChangesetGenerator.Outcome outcome = workspace.generate("add-test-payment", PaymentCascadingWithItsSale.ALL);
        assertThat(outcome.refusals()).isEmpty();
        changeset = outcome.file();
    }

    @Test
    void theNewTablesForeignKeyCascadesOnSqliteAsOnPostgresql() throws Exception {
        String yaml = Files.readString(changeset);
        String sqlite = yaml.substring(0, yaml.indexOf("dbms: postgresql"));
        String postgresql = yaml.substring(yaml.indexOf("dbms: postgresql"));

        assertThat(sqlite).as(yaml).contains("foreign key (sale_id) references sale on delete cascade");
        assertThat(postgresql).as(yaml).contains("references sale on delete cascade");
        assertThat(workspace.generate("again", PaymentCascadingWithItsSale.ALL).noChanges()).isTrue();
    }

    /**
     * An older release's delete of a sale would delete the new release's payments with it (CASCADE), or be refused
     * (no action): the new table's key to an existing one breaks older releases as the same key added as a column
     * does. The generator declares it so, lint classes it so and a till records it so: one rule for the three.
     */
    @Test
    void aNewTableWithAForeignKeyToAnExistingTableIsBreakingForTheGeneratorLintAndTheTill() throws Exception {
        String id = changeset.getFileName().toString().replace(".yaml", "");
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");

        // The comment is quoted in YAML, which doubles the apostrophe of "release's".
        assertThat(Files.readString(changeset)).contains("compatibility: breaking, because "
                + "an older release''s deletes of sale rows are checked against the new foreign key");
        LintReport.Classified linted = new ChangelogLinter(Release.current()).lint(master).compatibility().stream()
                .filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertThat(linted.compatibility()).as(linted.reasons().toString()).isEqualTo("breaking");
        assertThat(linted.reasons()).contains("foreign key test_payment(sale_id) to sale: an older release's deletes "
                + "of sale rows are checked against the new foreign key");

        Path till = dir.resolve("till.db");
        PosDatabase.boot(PosDatabaseSettings.sqlite(till).changelog(ChangelogSource.file(master)).build()).close();
        try (Connection connection = GeneratorWorkspace.sqlite(till);
             PreparedStatement recorded = connection.prepareStatement(
                     "SELECT compatibility || '|' || reason FROM posdb_changeset WHERE id = ?")) {
            recorded.setString(1, id);
            try (ResultSet rs = recorded.executeQuery()) {
                assertThat(rs.next()).as("the till's record of " + id).isTrue();
                assertThat(rs.getString(1)).isEqualTo("breaking|" + String.join("; ", linted.reasons()));
            }
        }
    }

    @ParameterizedTest(name = "{0} database, {1} journal")
    @CsvSource({"legacy, WAL", "legacy, DELETE", "2.0, WAL", "2.0, DELETE"})
    void onSqliteDeletingASaleDeletesItsPayments(String kind, String journalMode) throws Exception {
        Path db = "legacy".equals(kind) ? GeneratedRuns.legacy(dir.resolve("legacy.db"), journalMode)
                : GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            assertThat(strings(connection, "SELECT \"table\" || '|' || on_delete "
                    + "FROM pragma_foreign_key_list('test_payment') WHERE \"from\" = 'sale_id'"))
                    .containsExactly("sale|CASCADE");
            GeneratedRuns.execute(connection, A_PAID_SALE);
            assertThat(strings(connection, "SELECT COUNT(*) FROM test_payment")).containsExactly("1");

            GeneratedRuns.execute(connection, List.of("DELETE FROM sale WHERE receipt_no = 'PAY-R1'"));

            assertThat(strings(connection, "SELECT COUNT(*) FROM test_payment")).containsExactly("0");
            assertThat(strings(connection, "SELECT journal_mode FROM pragma_journal_mode"))
                    .containsExactly(journalMode.toLowerCase());
        }
        GeneratorWorkspace.validateSqlite(db, PaymentCascadingWithItsSale.ALL);
    }
}
