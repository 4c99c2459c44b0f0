package io.posdb.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.bootstrap.DatabaseBootstrap;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.bootstrap.UpgradeSettings;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PostgresServer;
import io.posdb.transfer.ShopTransfer;
import io.posdb.transfer.TableCheck;
import io.posdb.transfer.TransferException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** posdb transfer of the legacy fixture into a real PostgreSQL database. */
class ShopTransferTest {

    @TempDir
    Path dir;

    private PostgresDatabase target;

    @BeforeEach
    void freshTarget() throws Exception {
        target = PostgresServer.createDatabase();
    }

    @AfterEach
    void dropTarget() throws Exception {
        PostgresServer.drop(target);
    }

    private Path upgradedShop() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        new DatabaseBootstrap(SqliteDatabase.at(file)).boot().close();
        return file;
    }

    private List<TableCheck> transfer(Path file) throws TransferException {
        return new ShopTransfer(SqliteDatabase.at(file), target, UpgradeSettings.defaults()).run();
    }

    @Test
    void movesEveryRowWithItsIdsAndExactTotals() throws Exception {
        Path file = upgradedShop();

        List<TableCheck> checks = transfer(file);

        assertThat(checks).extracting(TableCheck::table, TableCheck::sourceRows, TableCheck::targetRows)
                .contains(org.assertj.core.groups.Tuple.tuple("user", 3L, 3L),
                        org.assertj.core.groups.Tuple.tuple("sale", 5L, 5L),
                        org.assertj.core.groups.Tuple.tuple("saleitem", 10L, 10L),
                        org.assertj.core.groups.Tuple.tuple("data_migration_audit", 3L, 3L));
        TableCheck sales = checks.stream().filter(c -> c.table().equals("sale")).findFirst().orElseThrow();
        assertThat(sales.targetTotal()).isEqualByComparingTo(new BigDecimal("31.90"));
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT id || ':' || total FROM sale ORDER BY id"))
                    .containsExactly("1:6.20", "2:3.90", "3:11.05", "4:0.95", "5:9.80");
            assertThat(strings(statement, "SELECT username || ':' || role || ':' || is_active FROM \"user\" ORDER BY id"))
                    .containsExactly("owner:admin:true", "anna:user:true", "li.wei:user:false");
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                    + "VALUES ('R-NEW', '1.00', 'cash', 1)");
            assertThat(strings(statement, "SELECT id FROM sale WHERE receipt_no = 'R-NEW'"))
                    .as("the sequence continues after the copied ids").containsExactly("6");
        }
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(DatabaseContents.rows(connection, "sale")).hasSize(5);
        }
    }

    @Test
    void refusesANonEmptyTargetAndLeavesItAsItWas() throws Exception {
        Path file = upgradedShop();
        transfer(file);

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(TransferException.class)
                .hasMessageContaining("not empty").hasMessageContaining("category holds 3 rows");
        try (Connection connection = target.open(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT COUNT(*) FROM sale")).containsExactly("5");
        }
    }

    @Test
    void refusesASourceThatIsNotUpgraded() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));

        assertThatThrownBy(() -> transfer(file)).isInstanceOf(TransferException.class)
                .hasMessageContaining("posdb update --db");
    }

    private static List<String> strings(Statement statement, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
