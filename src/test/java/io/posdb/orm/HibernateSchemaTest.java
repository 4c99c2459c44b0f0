package io.posdb.orm;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.LegacyDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HibernateSchemaTest {

    @TempDir
    Path dir;

    @Test
    void validationFailsNamingTheTableAndTheMissingColumn() throws Exception {
        Path file = freshDatabase();
        execute(file, "ALTER TABLE sale DROP COLUMN payment_method");

        assertThatThrownBy(() -> validated(file))
                .isInstanceOf(SchemaManagementException.class)
                .hasMessageContaining("payment_method")
                .hasMessageContaining("sale");
    }

    @Test
    void validationStillRejectsAColumnOfTheWrongKind() throws Exception {
        // The dialect accepts INTEGER for Long ids and booleans; it must not accept just anything.
        Path file = freshDatabase();
        execute(file, "ALTER TABLE product DROP COLUMN stock");
        execute(file, "ALTER TABLE product ADD COLUMN stock BLOB NOT NULL DEFAULT x'00'");

        assertThatThrownBy(() -> validated(file))
                .isInstanceOf(SchemaManagementException.class)
                .hasMessageContaining("stock");
    }

    @Test
    void untypedColumnInAMappedTableFailsValidationNamingTheTableAndTheColumn() throws Exception {
        // Tables the entities do not map are not read; mapped ones still are, column by column.
        Path file = freshDatabase();
        execute(file, "ALTER TABLE product DROP COLUMN stock");
        execute(file, "ALTER TABLE product ADD COLUMN stock");

        assertThatThrownBy(() -> validated(file))
                .isInstanceOf(SchemaManagementException.class)
                .hasMessageContaining("column [stock] in table [product]");
    }

    @Test
    void describeGivesAReasonWhenNoCauseHasAMessage() {
        // What a library throws deep in metadata reading may carry no message at all.
        RuntimeException wrapped = new RuntimeException(null, new java.util.NoSuchElementException());

        assertThat(HibernateSchema.describe(wrapped)).isEqualTo("unexpected no such element error");
        io.posdb.testsupport.OperatorMessages.assertSaysWhy(HibernateSchema.describe(wrapped));
    }

    @Test
    void moneyAndTimestampsRoundTripAsExactText() throws Exception {
        Path file = freshDatabase();
        execute(file, "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES ('o', 'Owner', 'h', 'admin')");

        try (SessionFactory sessionFactory = validated(file)) {
            sessionFactory.inTransaction(session -> {
                Sale sale = new Sale();
                sale.setReceiptNo("R-1");
                sale.setTotal(new BigDecimal("0.10"));
                sale.setPaymentMethod("cash");
                sale.setCreatedAt(LocalDateTime.of(2026, 11, 24, 8, 30, 5));
                sale.setCashier(session.find(User.class, 1L));
                session.persist(sale);
            });
            Sale read = sessionFactory.fromTransaction(session ->
                    session.createSelectionQuery("from Sale", Sale.class).getSingleResult());
            assertThat(read.getTotal()).isEqualTo(new BigDecimal("0.10")).hasScaleOf(2);
        }
        assertThat(query(file, "SELECT quote(total) || ' ' || quote(created_at) FROM sale"))
                .isEqualTo("'0.10' '2026-11-24 08:30:05'");
    }

    @Test
    void readsLegacyRowsWithExactPricesAndBooleans() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("legacy.db"), LegacyDatabases.SCHEMA,
                LegacyDatabases.SAMPLE_DATA, LegacyDatabases.ROLES_ALREADY_MIGRATED);
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();

        try (SessionFactory sessionFactory = validated(file)) {
            Product crisps = sessionFactory.fromTransaction(session ->
                    session.createSelectionQuery("from Product where sku = 'SN-001'", Product.class).getSingleResult());
            assertThat(crisps.getPrice()).isEqualTo(new BigDecimal("1.20")).hasScaleOf(2);
            assertThat(crisps.isActive()).isFalse();
            assertThat(crisps.getCreatedAt()).isEqualTo(LocalDateTime.of(2024, 3, 3, 11, 0));
        }
    }

    private Path freshDatabase() throws Exception {
        Path file = dir.resolve("pos.db");
        Bootstraps.withDefaults(SqliteDatabase.at(file)).boot().close();
        return file;
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Hibernate on the file's connections, with posdb's settings only (as a till boots it). */
    private static SessionFactory validated(Path file) {
        return HibernateSchema.buildValidated(SqliteDatabase.at(file).dataSource(), Engine.SQLITE, Map.of());
    }
}
