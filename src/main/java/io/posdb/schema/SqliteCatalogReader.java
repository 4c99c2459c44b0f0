package io.posdb.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads an SQLite schema from sqlite_master and the table pragmas. CHECK constraints have
 * no pragma: they are taken from the table's CREATE statement. Liquibase's own tables, posdb's
 * ({@code posdb_*}: what each changeset was given, the upgrade records) and SQLite's internal ones
 * are not part of the schema.
 */
final class SqliteCatalogReader {

    private SqliteCatalogReader() {
    }

    /**
     * The schema's objects as SQLite stores them (type, name, table, CREATE text), Liquibase's and posdb's
     * bookkeeping and SQLite's internal objects left out: what the catalog is read from, and what the boot
     * check's one-query digest covers.
     */
    static List<String[]> objects(Connection connection) throws SQLException {
        return PostgresCatalogReader.rows(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master "
                + "WHERE name NOT LIKE 'sqlite_%' AND upper(tbl_name) NOT LIKE 'DATABASECHANGELOG%' "
                + "AND tbl_name NOT LIKE 'posdb\\_%' ESCAPE '\\' ORDER BY type, name");
    }

    static SchemaCatalog read(Connection connection) throws SQLException {
        SchemaCatalog catalog = new SchemaCatalog();
        for (String[] o : objects(connection)) {
            switch (o[0]) {
                case "table" -> catalog.add(table(connection, o[1], o[3]));
                case "index" -> {
                    if (o[3] != null) {
                        catalog.add(new SchemaCatalog.Index(o[1], o[2], indexColumns(connection, o[1]),
                                SqlNormalizer.normalize(o[3]).startsWith("create unique"), o[3]));
                    }
                }
                case "trigger" -> catalog.add(new SchemaCatalog.Trigger(o[1], o[2], o[3]));
                case "view" -> catalog.add(new SchemaCatalog.View(o[1], o[3]));
                default -> {
                }
            }
        }
        return catalog;
    }

    private static SchemaCatalog.Table table(Connection connection, String table, String sql) throws SQLException {
        // A column declared without a type (a table made by hand) has the type "".
        List<String[]> described = pragma(connection, "name, type, \"notnull\", dflt_value, pk", "table_info", table);
        List<String> names = described.stream().map(d -> d[0]).toList();
        List<SchemaCatalog.Check> checks = CheckConstraints.of(sql).stream()
                .map(check -> new SchemaCatalog.Check(CheckConstraints.column(check, names), check)).toList();
        List<SchemaCatalog.Column> columns = described.stream().map(d -> new SchemaCatalog.Column(d[0],
                d[1] == null ? "" : d[1], "1".equals(d[2]), d[3], SchemaCatalog.Check.on(checks, d[0]))).toList();
        List<String> primaryKey = described.stream().filter(d -> !"0".equals(d[4]))
                .sorted(Comparator.comparingInt(d -> Integer.parseInt(d[4]))).map(d -> d[0]).toList();
        List<List<String>> unique = new ArrayList<>();
        for (String[] index : pragma(connection, "name, origin", "index_list", table)) {
            if ("u".equals(index[1])) {
                unique.add(indexColumns(connection, index[0]));
            }
        }
        return new SchemaCatalog.Table(table, columns, primaryKey, unique, checks, foreignKeys(connection, table), sql);
    }

    private static List<SchemaCatalog.ForeignKey> foreignKeys(Connection connection, String table) throws SQLException {
        Map<Integer, List<String[]>> keys = pragma(connection, "id, \"from\", \"table\", \"to\", on_delete, on_update",
                "foreign_key_list", table).stream()
                .collect(Collectors.groupingBy(k -> Integer.valueOf(k[0]), TreeMap::new, Collectors.toList()));
        // A REFERENCES without a column list names the parent's primary key: SQLite reports no "to".
        return keys.values().stream().map(key -> new SchemaCatalog.ForeignKey(key.stream().map(k -> k[1]).toList(),
                key.get(0)[2], key.stream().map(k -> k[3] == null ? "" : k[3]).toList(), key.get(0)[4], key.get(0)[5]))
                .toList();
    }

    private static List<String> indexColumns(Connection connection, String index) throws SQLException {
        // An expression's column has no name: the index's definition shows it.
        return pragma(connection, "name", "index_info", index).stream()
                .map(c -> c[0] == null ? "(expression)" : c[0]).toList();
    }

    /** The rows of a pragma's table-valued function, which takes the name as a bound value. */
    private static List<String[]> pragma(Connection connection, String columns, String pragma, String argument)
            throws SQLException {
        return PostgresCatalogReader.rows(connection, "SELECT " + columns + " FROM pragma_" + pragma + "(?)", argument);
    }
}
