package io.posdb.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.report.DoctorReport;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor where the in-process tests cannot go: a real {@code posdb} process's exit code (the one
 * process test of the doctor), and a PostgreSQL server (history, drift, data, connected sessions).
 */
class DoctorOnPostgresAndInAProcessTest {

    @TempDir
    Path dir;

    @Test
    @Tag("process")
    void aProcessExitsWithTheDocumentedCodeOfTheFirstFailure() throws Exception {
        Path file = dir.resolve("pos.db");
        Files.writeString(file, "not a database");

        PosdbProcess.Result result = PosdbProcess.run(dir, "doctor", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(6);
        assertThat(result.stdout()).contains("FAIL sqlite header").contains("not an SQLite database");
    }

    @Test
    @Tag("postgres")
    void onAServerItChecksHistoryDriftDataAndNamesTheConnectedTills() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(database).tillName("till-doctor").build();
            try (PosDatabase booted = PosDatabase.boot(settings); Connection till = booted.dataSource().getConnection()) {
                DoctorReport healthy = PosDatabaseChecks.doctor(settings);

                assertThat(healthy.exitCode()).as(healthy.text()).isZero();
                assertThat(check(healthy, "history").evidence()).startsWith("up to date");
                assertThat(check(healthy, "drift").verdict()).isEqualTo(DoctorReport.Verdict.OK);
                assertThat(check(healthy, "connected tills").evidence()).doesNotStartWith("0 other session")
                        .as("the booted till's pool, named by its application_name")
                        .contains("posdb tills: till-doctor (" + Release.current() + ")");

                assertThat(check(healthy, "data").verdict()).as(healthy.text()).isEqualTo(DoctorReport.Verdict.OK);
                try (Statement statement = till.createStatement()) {
                    statement.execute("INSERT INTO product (sku, name, price) VALUES ('ok', 'Tea', ' 2.50 '), "
                            + "('comma', 'Coffee', '2,50')");
                }
                DoctorReport comma = PosDatabaseChecks.doctor(settings);

                assertThat(check(comma, "data").evidence()).as(comma.text())
                        .startsWith("product.price: 1 row(s) with an amount that is not a decimal number (id ");

                // A column a shop added by hand on the server: named with the row holding a value, never the value.
                try (Statement statement = till.createStatement()) {
                    statement.execute("ALTER TABLE product ADD COLUMN shelf TEXT");
                    statement.execute("UPDATE product SET shelf = 'A3' WHERE sku = 'ok'");
                }
                DoctorReport madeByHand = PosDatabaseChecks.doctor(settings);

                assertThat(check(madeByHand, "data").evidence()).as(madeByHand.text())
                        .contains("product.shelf: 1 row(s) with a value in a column the changelog does not own (id ")
                        .doesNotContain("A3");

                try (Statement statement = till.createStatement()) {
                    statement.execute("DELETE FROM product");
                    statement.execute("DROP INDEX idx_data_migration_audit_changeset");
                }
                DoctorReport drifted = PosDatabaseChecks.doctor(settings);

                assertThat(drifted.exitCode()).isEqualTo(12);
                assertThat(check(drifted, "drift").evidence()).contains("idx_data_migration_audit_changeset is missing");
            }
        } finally {
            PostgresServer.drop(database);
        }
    }

    /**
     * The upgrade a server has to come is shown by status: posdb rehearse works on SQLite files only (on a server
     * it refuses), so the doctor does not send the operator to it, with no history or with changesets pending.
     */
    @Test
    @Tag("postgres")
    void onAServerWithChangeSetsToApplyItsNextCommandIsStatusNotARehearsal() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
            String status = "posdb status --url '" + database.description() + "'";
            DoctorReport empty = PosDatabaseChecks.doctor(settings);

            assertThat(check(empty, "history").evidence()).as(empty.text()).startsWith("no Liquibase history");
            assertThat(check(empty, "history").next()).isEqualTo(status);

            try (Connection connection = database.open()) {
                ChangelogSteps.applyFirst(connection, 1);
            }
            DoctorReport pending = PosDatabaseChecks.doctor(settings);

            assertThat(check(pending, "history").evidence()).as(pending.text()).contains(" pending (first ");
            assertThat(check(pending, "history").next()).isEqualTo(status);
            assertThat(pending.text()).doesNotContainIgnoringCase("rehears");
        } finally {
            PostgresServer.drop(database);
        }
    }

    private static DoctorReport.Check check(DoctorReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.text()));
    }
}
