package io.posdb.schema;

import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads a PostgreSQL schema (the connection's current schema) from pg_catalog into the
 * same labels as SQLite's: columns, primary keys, unique constraints, CHECKs, foreign keys
 * with their actions, indexes not backing a constraint, triggers and views. One query per
 * kind for all tables (a boot reads this catalog every time: round trips count), emitted
 * table by table in name order so the catalog is the same however it was read.
 */
final class PostgresCatalogReader {

    private static final String TABLES = "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
            + "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
            + "AND lower(c.relname) NOT LIKE 'databasechangelog%' AND c.relname NOT LIKE 'posdb\\_%' ESCAPE '\\' "
            + "ORDER BY c.relname";
    private static final String OF_TABLES = " IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = "
            + "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
            + "AND c.relname NOT LIKE 'posdb\\_%')";
    private static final String COLUMNS = "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), "
            + "a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = "
            + "a.attrelid AND d.adnum = a.attnum WHERE a.attrelid" + OF_TABLES + " AND a.attnum > 0 AND NOT a.attisdropped "
            + "ORDER BY a.attrelid, a.attnum";
    /**
     * One row per column of each constraint, in the key's order (one row with a null column for a constraint on no
     * column): a name is read as it is, where names joined into one text would have to be split again, and a
     * quoted name may hold the separator ({@code "shelf,bay"}). A table's constraints have distinct names.
     */
    private static final String CONSTRAINTS = "SELECT con.conrelid, con.contype, pg_get_constraintdef(con.oid), "
            + "a.attname, con.confdeltype, con.confupdtype, (SELECT relname FROM pg_class WHERE oid = con.confrelid), "
            + "con.conname FROM pg_constraint con LEFT JOIN LATERAL unnest(con.conkey) WITH ORDINALITY k(num, ord) "
            + "ON true LEFT JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num WHERE con.conrelid"
            + OF_TABLES + " ORDER BY con.conrelid, con.conname, k.ord";
    private static final String INDEXES = "SELECT x.indrelid, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            + "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid" + OF_TABLES + " AND NOT EXISTS (SELECT 1 FROM "
            + "pg_constraint con WHERE con.conindid = i.oid) ORDER BY x.indrelid, i.relname";
    private static final String TRIGGERS = "SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            + "WHERE t.tgrelid" + OF_TABLES + " AND NOT t.tgisinternal ORDER BY t.tgrelid, t.tgname";
    private static final String VIEWS = "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() "
            + "ORDER BY viewname";

    private PostgresCatalogReader() {
    }

    static SchemaCatalog read(Connection connection) throws SQLException {
        Map<Long, String> tables = new LinkedHashMap<>();
        for (String[] row : rows(connection, TABLES)) {
            tables.put(Long.valueOf(row[0]), row[1]);
        }
        Map<Long, List<String[]>> columns = byTable(rows(connection, COLUMNS));
        Map<Long, List<String[]>> constraints = byTable(rows(connection, CONSTRAINTS));
        Map<Long, List<String[]>> indexes = byTable(rows(connection, INDEXES));
        Map<Long, List<String[]>> triggers = byTable(rows(connection, TRIGGERS));
        SchemaCatalog catalog = new SchemaCatalog();
        Map<Object, SchemaCatalog.Named> constraintNames = new IdentityHashMap<>();
        for (Map.Entry<Long, String> table : tables.entrySet()) {
            catalog.add(table(table.getValue(), columns.getOrDefault(table.getKey(), List.of()),
                    constraints.getOrDefault(table.getKey(), List.of()), constraintNames));
            for (String[] i : indexes.getOrDefault(table.getKey(), List.of())) {
                catalog.add(new SchemaCatalog.Index(i[1], table.getValue(), List.of(),
                        i[2].startsWith("CREATE UNIQUE"), i[2]));
            }
            for (String[] t : triggers.getOrDefault(table.getKey(), List.of())) {
                catalog.add(new SchemaCatalog.Trigger(t[1], table.getValue(), t[2]));
            }
        }
        for (String[] view : rows(connection, VIEWS)) {
            catalog.add(new SchemaCatalog.View(view[0], view[1]));
        }
        catalog.nameConstraints(constraintNames);
        return catalog;
    }

    /**
     * One table from its rows of COLUMNS (oid, name, type, not null, default) and CONSTRAINTS (oid,
     * type, definition, one column, delete and update actions, referenced table, name); each unique
     * constraint, CHECK and foreign key it makes is put in {@code names} with its name and definition.
     */
    private static SchemaCatalog.Table table(String name, List<String[]> columnRows, List<String[]> constraintRows,
                                             Map<Object, SchemaCatalog.Named> names) {
        List<String> primaryKey = List.of();
        List<List<String>> unique = new ArrayList<>();
        List<SchemaCatalog.Check> checks = new ArrayList<>();
        List<SchemaCatalog.ForeignKey> foreignKeys = new ArrayList<>();
        Map<String, List<String[]>> byConstraint = new LinkedHashMap<>();
        constraintRows.forEach(row -> byConstraint.computeIfAbsent(row[7], constraint -> new ArrayList<>()).add(row));
        for (List<String[]> rowsOfOne : byConstraint.values()) {
            String[] c = rowsOfOne.get(0);
            List<String> columns = rowsOfOne.stream().map(row -> row[3]).filter(Objects::nonNull).toList();
            if ("p".equals(c[1])) {
                primaryKey = columns;
                continue;
            }
            Object constraint = switch (c[1]) {
                case "u" -> add(unique, columns);
                case "c" -> add(checks, new SchemaCatalog.Check(columns.isEmpty() ? "(table)" : columns.get(0), c[2]));
                case "f" -> add(foreignKeys, new SchemaCatalog.ForeignKey(columns, c[6], List.of(), action(c[4]),
                        action(c[5])));
                default -> null;
            };
            if (constraint != null) {
                names.put(constraint, new SchemaCatalog.Named(c[7], c[2]));
            }
        }
        List<SchemaCatalog.Column> columns = columnRows.stream().map(c -> new SchemaCatalog.Column(c[1], c[2],
                "t".equals(c[3]), c[4], SchemaCatalog.Check.on(checks, c[1]))).toList();
        return new SchemaCatalog.Table(name, columns, primaryKey, unique, checks, foreignKeys, null);
    }

    private static <T> T add(List<T> list, T element) {
        list.add(element);
        return element;
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

    /** Every row of {@code sql} with {@code values} bound, as text, in the query's order (SQLite's reader too). */
    static List<String[]> rows(Connection connection, String sql, String... values) throws SQLException {
        return Jdbc.rows(connection, sql, List.of(values), rs -> {
            String[] row = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        });
    }

    /** Rows keyed by their first column, a table's oid, each table's in the query's order. */
    private static Map<Long, List<String[]>> byTable(List<String[]> rows) {
        return rows.stream().collect(Collectors.groupingBy(row -> Long.valueOf(row[0])));
    }
}
