package io.posdb.migration.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.Finding;
import io.posdb.lint.LintReport;
import io.posdb.lint.Rule;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data change as a developer can leave it, written from bin/new-changeset --data's own template: a table or
 * column its facts misspell, or a changeset id its facts declare that is not the changeset's (the file was
 * renumbered). The update stops naming the mistake and marks nothing as ran, and lint reports the changeset, with
 * its file and line, instead of passing it.
 */
@ExtendWith(QuietLogs.class)
class DataChangeNamingMistakesTest {

    @TempDir
    Path dir;

    /** An id no class declares: NormalisePaymentMethods says 0012-normalise-payment-methods. */
    private static final String RENUMBERED_ID = Changelogs.nextNumber() + "-normalise-payment-methods-renumbered";

    /** The scaffold's changeset file for {@code id}, running {@code change}, as bin/new-changeset --data writes it. */
    private static String scaffolded(String id, Class<? extends AuditedValueChange> change) throws IOException {
        try (InputStream in = DataChangeNamingMistakesTest.class
                .getResourceAsStream("/io/posdb/changegen/data-change.yaml.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{ID}}", id)
                    .replace("{{VERIFY_ID}}", "the verification after it").replace("{{AUTHOR}}", "posdb")
                    .replace("{{LABEL}}", Release.label()).replace("{{PACKAGE}}", change.getPackageName())
                    .replace("{{CLASS}}", change.getSimpleName());
        }
    }

    private Path changelogWith(String id, Class<? extends AuditedValueChange> change) throws IOException {
        return Changelogs.withExtraChangeSet(dir.resolve("changelog"), id + ".yaml", scaffolded(id, change));
    }

    @Nested
    class TheUpdate {

        private Path shop;

        @BeforeEach
        void anUpToDateShop() throws Exception {
            shop = LegacyDatabases.shop(dir.resolve("pos.db"));
            assertThat(PosdbInProcess.run("update", "--db", shop.toString()).exitCode()).isZero();
        }

        private PosdbProcess.Result update(Path changelog) {
            return PosdbInProcess.run("update", "--db", shop.toString(), "--changelog", changelog.toString());
        }

        @Test
        void stopsOnATableTheFactsMisspellAndMarksNothingAsRan() throws Exception {
            String id = NormaliseMisspeltTable.CHANGE_SET_ID;

            PosdbProcess.Result result = update(changelogWith(id, NormaliseMisspeltTable.class));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("changeset " + id, NormaliseMisspeltTable.class.getName(),
                    "table 'sael' is not a table of this database", "nothing was changed or marked as ran")
                    .doesNotContain("MARK_RAN", "nothing to do");
            assertThat(recorded(id)).isEmpty();
        }

        @Test
        void stopsOnAColumnTheFactsMisspellAndMarksNothingAsRan() throws Exception {
            String id = NormaliseMisspeltColumn.CHANGE_SET_ID;

            PosdbProcess.Result result = update(changelogWith(id, NormaliseMisspeltColumn.class));

            assertThat(result.exitCode()).isEqualTo(1);
            // The table is there when Liquibase validates the changelog, so validation names the column first.
            assertThat(result.stderr()).contains(id + ".yaml", "column 'payment_mehtod' is not a column of table sale");
            assertThat(recorded(id)).isEmpty();
        }

        @Test
        void refusesAChangeWhoseFactsNameAnotherChangeSetAndAppliesNothing() throws Exception {
            PosdbProcess.Result result = update(changelogWith(RENUMBERED_ID, NormalisePaymentMethods.class));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains(NormalisePaymentMethods.class.getName(),
                    "changeset id '0012-normalise-payment-methods'", "but changeset " + RENUMBERED_ID,
                    "make the id " + RENUMBERED_ID);
            assertThat(recorded(RENUMBERED_ID)).isEmpty();
        }

        /** How DATABASECHANGELOG records {@code id}: MARK_RAN, EXECUTED, or nothing. */
        private List<String> recorded(String id) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Connection connection = LegacyDatabases.open(shop);
                 PreparedStatement query = connection.prepareStatement("SELECT EXECTYPE FROM DATABASECHANGELOG WHERE ID = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        }
    }

    @Nested
    class Lint {

        @TempDir
        Path cache;

        private List<Finding> failures(Path master) throws Exception {
            LintReport report = new ChangelogLinter(Release.current()).lint(master, cache);
            return report.findings().stream().filter(f -> f.rule() == Rule.CHANGESET_FAILS).toList();
        }

        @Test
        void reportsADataChangeOnAMisspeltTableAtItsFileAndLine() throws Exception {
            String id = NormaliseMisspeltTable.CHANGE_SET_ID;

            assertThat(failures(changelogWith(id, NormaliseMisspeltTable.class))).singleElement().satisfies(f -> {
                assertThat(f.file()).isEqualTo("changelog/changes/" + id + ".yaml");
                assertThat(f.line()).isPositive();
                assertThat(f.message()).contains("changeset " + id, NormaliseMisspeltTable.class.getName(),
                        "table 'sael' is not a table of this database");
            });
        }

        @Test
        void reportsADataChangeWhoseFactsNameAnotherChangeSetNamingTheClassAndBothIds() throws Exception {
            assertThat(failures(changelogWith(RENUMBERED_ID, NormalisePaymentMethods.class))).singleElement()
                    .satisfies(f -> {
                        assertThat(f.file()).isEqualTo("changelog/changes/" + RENUMBERED_ID + ".yaml");
                        assertThat(f.line()).isPositive();
                        assertThat(f.message()).contains(NormalisePaymentMethods.class.getName(),
                                "'0012-normalise-payment-methods'", "but changeset " + RENUMBERED_ID);
                    });
        }
    }
}
