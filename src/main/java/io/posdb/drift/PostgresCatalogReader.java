package io.posdb.drift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a PostgreSQL schema (the connection's current schema) from pg_catalog into the
 * same labels as SQLite's: columns, primary keys, unique constraints, CHECKs, foreign keys
 * with their actions, indexes not backing a constraint, triggers and views.
 */
final class PostgresCatalogReader {

    private static final String TABLES = "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
            + "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
            + "AND lower(c.relname) NOT LIKE 'databasechangelog%' ORDER BY c.relname";
    private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            + "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid "
            + "AND d.adnum = a.attnum WHERE a.attrelid = CAST(? AS oid) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String CONSTRAINTS = "SELECT con.contype, pg_get_constraintdef(con.oid), "
            + "(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord) "
            + "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num), con.confdeltype, con.confupdtype, "
            + "(SELECT relname FROM pg_class WHERE oid = con.confrelid) FROM pg_constraint con WHERE con.conrelid = CAST(? AS oid) "
            + "ORDER BY con.conname";
    private static final String INDEXES = "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i "
            + "ON i.oid = x.indexrelid WHERE x.indrelid = CAST(? AS oid) AND NOT EXISTS (SELECT 1 FROM pg_constraint con "
            + "WHERE con.conindid = i.oid) ORDER BY i.relname";
    private static final String TRIGGERS = "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            + "WHERE t.tgrelid = CAST(? AS oid) AND NOT t.tgisinternal ORDER BY t.tgname";
    private static final String VIEWS = "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() "
            + "ORDER BY viewname";

    private PostgresCatalogReader() {
    }

    static SchemaCatalog read(Connection connection) throws SQLException {
        SchemaCatalog catalog = new SchemaCatalog();
        try (PreparedStatement statement = connection.prepareStatement(TABLES); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                table(connection, rs.getLong(1), rs.getString(2), catalog);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(VIEWS); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                catalog.add(SchemaObject.of("view " + rs.getString(1), "definition", SqlNormalizer.normalize(rs.getString(2))));
            }
        }
        return catalog;
    }

    private static void table(Connection connection, long oid, String table, SchemaCatalog catalog) throws SQLException {
        catalog.add(SchemaObject.of("table " + table));
        java.util.List<String> columns = new java.util.ArrayList<>();
        try (ResultSet rs = query(connection, COLUMNS, oid)) {
            while (rs.next()) {
                columns.add(rs.getString(1));
                catalog.add(SchemaObject.part(table, "column " + table + "." + rs.getString(1), "type", rs.getString(2),
                        "not null", String.valueOf(rs.getBoolean(3)), "default", SqlNormalizer.normalize(rs.getString(4))));
            }
        }
        try (ResultSet rs = query(connection, CONSTRAINTS, oid)) {
            while (rs.next()) {
                String columnList = rs.getString(3);
                switch (rs.getString(1)) {
                    case "p" -> catalog.add(SchemaObject.part(table, "primary key of " + table, "columns", columnList));
                    case "u" -> catalog.add(SchemaObject.part(table, "unique constraint on " + table + "(" + columnList + ")"));
                    case "c" -> catalog.add(SchemaObject.part(table, "CHECK on " + table + "." + (columnList == null ? "(table)"
                            : columnList.split(",")[0]), "expression", SqlNormalizer.normalize(rs.getString(2))));
                    case "f" -> catalog.add(SchemaObject.part(table, "foreign key " + table + "(" + columnList + ")",
                            "references", rs.getString(6), "on delete", action(rs.getString(4)),
                            "on update", action(rs.getString(5))));
                    default -> {
                    }
                }
            }
        }
        try (ResultSet rs = query(connection, INDEXES, oid)) {
            while (rs.next()) {
                catalog.add(SchemaObject.of("index " + rs.getString(1), "table", table,
                        "definition", SqlNormalizer.normalize(rs.getString(2))));
            }
        }
        try (ResultSet rs = query(connection, TRIGGERS, oid)) {
            while (rs.next()) {
                catalog.add(SchemaObject.of("trigger " + rs.getString(1), "table", table,
                        "definition", SqlNormalizer.normalize(rs.getString(2))));
            }
        }
    }

    /** pg_constraint's action codes in SQLite's words, so both engines read alike. */
    private static String action(String code) {
        return switch (code == null ? "" : code) {
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            case "r" -> "RESTRICT";
            default -> "NO ACTION";
        };
    }

    private static ResultSet query(Connection connection, String sql, long oid) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, oid);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }
}
