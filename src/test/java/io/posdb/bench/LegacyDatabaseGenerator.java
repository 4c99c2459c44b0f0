package io.posdb.bench;

import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Generates a synthetic legacy database (as the Python backend would have left it) with
 * {@code users} users holding old roles and {@code sales} sales of two items each.
 * Deterministic: the same arguments give the same rows.
 * <p>Usage: {@code LegacyDatabaseGenerator FILE USERS SALES}
 */
public final class LegacyDatabaseGenerator {

    /** Legacy role values in the field, including the odd ones the remap must handle. */
    private static final String[] ROLES = {"staff", "staff", "staff", "primary", " Staff ", "PRIMARY", "manager", ""};
    private static final int BATCH = 10_000;

    private LegacyDatabaseGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LegacyDatabaseGenerator FILE USERS SALES");
            System.exit(2);
        }
        generate(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }

    public static Path generate(Path file, int users, int sales) throws SQLException, java.io.IOException {
        Files.deleteIfExists(file);
        LegacyDatabases.create(file, LegacyDatabases.SCHEMA);
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            insertUsers(connection, users);
            insertCatalogue(connection);
            insertSales(connection, users, sales);
            connection.commit();
        }
        return file;
    }

    private static void insertUsers(Connection connection, int users) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"user\" (id, username, name, "
                + "pin_hash, role, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= users; id++) {
                insert.setInt(1, id);
                insert.setString(2, "user" + id);
                insert.setString(3, id % 97 == 0 ? "O'Brien \"Ünïcødé\" " + id + "; DROP TABLE sale;--" : "User " + id);
                insert.setString(4, "pbkdf2_sha256$1$c2FsdA$" + Integer.toHexString(id));
                insert.setString(5, ROLES[id % ROLES.length]);
                insert.setInt(6, id % 10 == 0 ? 0 : 1);
                insert.setString(7, "2024-03-01 08:00:00");
                insert.setString(8, "2024-03-01 08:00:00");
                insert.addBatch();
                if (id % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void insertCatalogue(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO category (id, name) VALUES (1, 'Drinks'), (2, 'Bakery')")) {
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO product (id, sku, name, price, "
                + "stock, is_active, created_at, category_id) VALUES (1, 'DR-001', 'Espresso', '2.50', 0, 1, "
                + "'2024-03-01 08:05:00', 1), (2, 'BK-001', 'Croissant', '1.85', 40, 1, '2024-03-01 08:06:00', 2)")) {
            statement.executeUpdate();
        }
    }

    private static void insertSales(Connection connection, int users, int sales) throws SQLException {
        try (PreparedStatement sale = connection.prepareStatement("INSERT INTO sale (id, receipt_no, total, "
                + "payment_method, created_at, cashier_id) VALUES (?, ?, '4.35', ?, '2025-01-01 10:00:00', ?)");
             PreparedStatement item = connection.prepareStatement("INSERT INTO saleitem (quantity, unit_price, "
                     + "product_id, sale_id) VALUES (1, ?, ?, ?)")) {
            for (int id = 1; id <= sales; id++) {
                sale.setInt(1, id);
                sale.setString(2, "R-" + id);
                sale.setString(3, id % 2 == 0 ? "card" : "cash");
                sale.setInt(4, 1 + (id % Math.max(1, users)));
                sale.addBatch();
                for (int product = 1; product <= 2; product++) {
                    item.setString(1, product == 1 ? "2.50" : "1.85");
                    item.setInt(2, product);
                    item.setInt(3, id);
                    item.addBatch();
                }
                if (id % BATCH == 0) {
                    sale.executeBatch();
                    item.executeBatch();
                }
            }
            sale.executeBatch();
            item.executeBatch();
        }
    }
}
