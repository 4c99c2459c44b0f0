package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.ProductWithoutStock;
import io.posdb.changegen.variants.SaleItemWithoutPrice;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.orm.Entities;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rollback of a dropped column on a shop that kept selling after the upgrade: rows added since the
 * drop have no archived value. A NOT NULL column with a default (product.stock, DEFAULT 0) gives them its default and
 * comes back as it was, default included, so drift finds nothing; a NOT NULL column without one (saleitem.unit_price)
 * is refused before anything is written, naming the table, the column and those rows' keys.
 */
class RolledBackDroppedColumnWithRowsAddedSinceTest {

    private static final String STOCK = "SELECT sku || '|' || stock FROM product ORDER BY id";
    private static final String NEW_PRODUCT = "INSERT INTO product (sku, name, price) VALUES ('NEW-1', 'Tea', '2.00')";
    private static final String NEW_ITEM = "INSERT INTO saleitem (quantity, product_id, sale_id) "
            + "SELECT 1, product_id, sale_id FROM saleitem ORDER BY id LIMIT 1";
    private static final String NEWEST_ITEM = "SELECT CAST(MAX(id) AS VARCHAR) FROM saleitem";

    @TempDir
    Path dir;

    /** The generated changeset's id, once reviewed. */
    private String id;

    private GeneratorWorkspace reviewed(List<Class<?>> entities, String name) throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        Path file = workspace.generate(name, entities).file();
        id = file.getFileName().toString().replace(".yaml", "");
        GeneratedRuns.confirmReview(file);
        return workspace;
    }

    @Test
    void onSqliteRowsAddedSinceTheDropTakeTheColumnsDefaultAndDriftFindsNothing() throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutStock.ALL, "drop-product-stock");
        Path db = GeneratedRuns.release20(dir.resolve("shop.db"), "WAL");
        List<String> expected;
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            expected = new ArrayList<>(strings(connection, STOCK));
            workspace.update(connection);
            GeneratedRuns.execute(connection, List.of(NEW_PRODUCT));
            expected.add("NEW-1|0");

            workspace.rollback(connection, 1);
            assertThat(strings(connection, STOCK)).isEqualTo(expected);
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
        assertThat(new DriftCheck(SqliteDatabase.at(db), ChangelogSource.packaged()).check().differences()).isEmpty();
    }

    @Test
    void onSqliteANotNullColumnWithoutADefaultIsRefusedNamingTheRowsAddedSinceAndNothingIsWritten() throws Exception {
        GeneratorWorkspace workspace = reviewed(SaleItemWithoutPrice.ALL, "drop-unit-price");
        Path db = GeneratedRuns.release20(dir.resolve("shop.db"), "WAL");
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            GeneratedRuns.execute(connection, List.of(NEW_ITEM));
            String added = strings(connection, NEWEST_ITEM).get(0);

            assertThatThrownBy(() -> workspace.rollback(connection, 1)).satisfies(failure -> assertThat(
                    messages(failure)).anySatisfy(message -> assertThat(message).contains(
                    "column saleitem.unit_price cannot be restored: it is NOT NULL without a default",
                    "(saleitem.id " + added + ")", "nothing was changed")));

            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('saleitem') WHERE name = 'unit_price'"))
                    .containsExactly("0");
            assertThat(strings(connection, "SELECT COUNT(*) FROM databasechangelog WHERE id = '" + id + "'"))
                    .containsExactly("1");
        }
        GeneratorWorkspace.validateSqlite(db, SaleItemWithoutPrice.ALL);
    }

    @Tag("postgres")
    @Test
    void onPostgresqlTheColumnComesBackWithItsDefaultRowsAddedSinceTakeItAndDriftFindsNothing() throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutStock.ALL, "drop-product-stock");
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            List<String> expected = new ArrayList<>(strings(connection, STOCK));
            workspace.update(connection);
            GeneratedRuns.execute(connection, List.of(NEW_PRODUCT));
            expected.add("NEW-1|0");

            workspace.rollback(connection, 1);
            assertThat(strings(connection, STOCK)).isEqualTo(expected);
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
            assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Tag("postgres")
    @Test
    void onPostgresqlTheColumnComesBackWithItsDefaultSoDriftFindsNothingOnAShopWithNoRowsAddedSince()
            throws Exception {
        GeneratorWorkspace workspace = reviewed(ProductWithoutStock.ALL, "drop-product-stock");
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            workspace.update(connection);

            workspace.rollback(connection, 1);
            assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Tag("postgres")
    @Test
    void onPostgresqlANotNullColumnWithoutADefaultIsRefusedNamingTheRowsAddedSince() throws Exception {
        GeneratorWorkspace workspace = reviewed(SaleItemWithoutPrice.ALL, "drop-unit-price");
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            workspace.update(connection);
            GeneratedRuns.execute(connection, List.of(NEW_ITEM));
            String added = strings(connection, NEWEST_ITEM).get(0);

            assertThatThrownBy(() -> workspace.rollback(connection, 1)).satisfies(failure -> assertThat(
                    messages(failure)).anySatisfy(message -> assertThat(message).contains(
                    "column saleitem.unit_price cannot be restored: it is NOT NULL without a default",
                    "(saleitem.id " + added + ")")));

            assertThat(strings(connection, "SELECT COUNT(*) FROM information_schema.columns "
                    + "WHERE table_name = 'saleitem' AND column_name = 'unit_price'")).containsExactly("0");
            GeneratorWorkspace.validate(database.dataSource(), SaleItemWithoutPrice.ALL, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    private static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
