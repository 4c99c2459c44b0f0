package io.posdb.migration.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The reusable value change on sale.payment_method: a Java function, no fallback, per-row errors. */
@ExtendWith(QuietLogs.class)
class NormalisePaymentMethodsTest {

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void legacyShopWithMixedCaseMethods() throws Exception {
        file = LegacyDatabases.create(dir.resolve("shop.db"), LegacyDatabases.SCHEMA);
        ChangelogSteps.applyFirst(file, 7);
        sql("INSERT INTO \"user\" (username, name, pin_hash, role) VALUES ('a', 'A', 'h', 'user')",
                "INSERT INTO sale (receipt_no, total, payment_method, cashier_id) VALUES "
                        + "('R1', '1.00', 'CASH', 1), ('R2', '2.00', ' Card', 1), ('R3', '3.00', 'cash', 1), "
                        + "('R4', '4.00', 'chq', 1)");
    }

    @Test
    void normalisesKnownMethodsAndLeavesAnUnknownOneUnchangedAsAnError() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            ValueChangeStats stats = run(new NormalisePaymentMethods());

            assertThat(methods()).containsExactly("cash", "card", "cash", "chq");
            assertThat(stats.updatedCount()).isEqualTo(2);
            assertThat(stats.skippedCount()).isEqualTo(1);
            assertThat(stats.errorCount()).isEqualTo(1);
            assertThat(audit()).containsExactly("1|CASH|cash|null", "2| Card|card|null",
                    "4|chq|chq|unmapped: no mapping for 'chq'; left unchanged");
            assertThat(logs.messages()).contains("Migrated sale 1 ('R1'): 'CASH' -> 'cash'",
                    "Not migrated sale 4 ('R4'): payment_method 'chq' has no mapping and no fallback; left unchanged",
                    "Payment method normalisation complete: 2 updated, 1 skipped, 1 errors");
        }
    }

    @Test
    void theVerificationThatFollowsHaltsNamingTheUnmappedRows() throws Exception {
        run(new NormalisePaymentMethods());
        AllowedValues verification = new AllowedValues();
        verification.setTableName("sale");
        verification.setIdColumn("id");
        verification.setColumn("payment_method");
        verification.setAllowedValues("cash,card");

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThatThrownBy(() -> verification.check(ChangelogSteps.wrap(connection)))
                    .isInstanceOf(CustomPreconditionFailedException.class)
                    .hasMessageStartingWith("1 row(s) of table sale have a payment_method other than 'cash'/'card'; ids: 4.");
        }
    }

    @Test
    void thePreconditionSeesWorkBeforeAndNoneOnceEveryMethodIsCanonical() throws Exception {
        ValuesPending pending = new ValuesPending();
        pending.setChangeClass(NormalisePaymentMethods.class.getName());
        try (Connection connection = LegacyDatabases.open(file)) {
            pending.check(ChangelogSteps.wrap(connection));
        }
        run(new NormalisePaymentMethods());
        sql("UPDATE sale SET payment_method = 'card' WHERE receipt_no = 'R4'");

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThatThrownBy(() -> pending.check(ChangelogSteps.wrap(connection)))
                    .isInstanceOf(CustomPreconditionFailedException.class)
                    .hasMessageContaining("every sale.payment_method value is already what Normalise payment methods");
        }
    }

    @Test
    void rollbackRestoresTheStoredMethodsFromTheAudit() throws Exception {
        NormalisePaymentMethods change = new NormalisePaymentMethods();
        run(change);
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            change.rollback(ChangelogSteps.wrap(connection));
            connection.commit();
        }

        assertThat(methods()).containsExactly("CASH", " Card", "cash", "chq");
    }

    private ValueChangeStats run(NormalisePaymentMethods change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            Database database = ChangelogSteps.wrap(connection);
            assertThat(change.validate(database).getErrorMessages()).isEmpty();
            change.execute(database);
            connection.commit();
            return change.valueStats();
        }
    }

    private List<String> methods() throws Exception {
        return strings("SELECT payment_method FROM sale ORDER BY id");
    }

    private List<String> audit() throws Exception {
        return strings("SELECT row_id || '|' || old_value || '|' || new_value || '|' || coalesce(note, 'null') "
                + "FROM data_migration_audit WHERE changeset_id = '0012-normalise-payment-methods' ORDER BY id");
    }

    private List<String> strings(String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private void sql(String... statements) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
