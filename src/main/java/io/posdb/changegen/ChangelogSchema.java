package io.posdb.changegen;

import io.posdb.changelog.LiquibaseScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * The schema the current changelog produces: Liquibase applies the master changelog to a
 * scratch SQLite file, then SQLite describes each table (table_info, index_list, the
 * CREATE TABLE text for CHECKs and for the rebuild's rollback definition).
 */
final class ChangelogSchema {

    /** posdb's own tables and archives: not entities, never compared. */
    private static final Set<String> NOT_ENTITIES = Set.of("databasechangelog", "databasechangeloglock",
            "data_migration_audit", "sqlite_sequence");

    private final Map<String, TableShape> tables;
    private final Map<String, String> createSql;

    private ChangelogSchema(Map<String, TableShape> tables, Map<String, String> createSql) {
        this.tables = tables;
        this.createSql = createSql;
    }

    /** Builds the scratch database from {@code root}/changelog/db.changelog-master.yaml. */
    static ChangelogSchema build(Path root, Path scratch) throws Exception {
        Files.deleteIfExists(scratch);
        String url = "jdbc:sqlite:" + scratch;
        // Quiet as the till's runs: the command's own output is what it wrote and why.
        LiquibaseScope.runQuietlyOnScratchDatabase(() -> {
            try (Connection connection = DriverManager.getConnection(url)) {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                new Liquibase("changelog/db.changelog-master.yaml", new DirectoryResourceAccessor(root), database)
                        .update("");
            }
        });
        try (Connection connection = DriverManager.getConnection(url)) {
            return read(connection);
        }
    }

    static ChangelogSchema read(Connection connection) throws SQLException {
        Map<String, TableShape> tables = new LinkedHashMap<>();
        Map<String, String> createSql = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (!NOT_ENTITIES.contains(name.toLowerCase()) && !name.startsWith("sqlite_")
                        && !name.startsWith("archived_")) {
                    createSql.put(name, rs.getString(2));
                }
            }
        }
        for (Map.Entry<String, String> table : createSql.entrySet()) {
            tables.put(table.getKey(), describe(connection, table.getKey(), table.getValue()));
        }
        return new ChangelogSchema(tables, createSql);
    }

    private static TableShape describe(Connection connection, String table, String sql) throws SQLException {
        Map<String, ColumnShape> columns = new LinkedHashMap<>();
        for (List<String> row : rows(connection, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)",
                table)) {
            boolean notNull = "1".equals(row.get(2)) || !"0".equals(row.get(4));
            columns.put(row.get(0), new ColumnShape(row.get(0), row.get(1), notNull, row.get(3), check(sql, row.get(0))));
        }
        List<IndexShape> indexes = new ArrayList<>();
        for (List<String> index : rows(connection, "SELECT name, \"unique\", origin FROM pragma_index_list(?)", table)) {
            if ("pk".equals(index.get(2))) {
                continue;
            }
            List<String> indexColumns = rows(connection, "SELECT name FROM pragma_index_info(?) ORDER BY seqno",
                    index.get(0)).stream().map(r -> r.get(0)).toList();
            indexes.add(new IndexShape(index.get(0), indexColumns, "1".equals(index.get(1))));
        }
        return new TableShape(table, columns, indexes);
    }

    /** The CHECK of a column written on its own line (as the changelog's DDL does), or null. */
    private static String check(String createSql, String column) {
        Matcher line = Pattern.compile("(?im)^\\s*\"?" + Pattern.quote(column) + "\"?\\s.*?CHECK\\s*(\\(.*\\))").matcher(createSql);
        return line.find() ? line.group(1).replaceAll("\\)\\s*,?\\s*$", ")") : null;
    }

    private static List<List<String>> rows(Connection connection, String sql, String parameter) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    Map<String, TableShape> tables() {
        return tables;
    }

    /**
     * Records the definition an earlier changeset of the same run gives the table, so that a
     * second rebuild of it starts from there instead of undoing the first.
     */
    /** The key column archive rows name for the table (the changelog's tables all have an id; else SQLite's rowid). */
    String keyColumn(String table) {
        return tables().get(table).columns().containsKey("id") ? "id" : "rowid";
    }

    void definitionChanged(String table, String createTableSql) {
        createSql.put(table, createTableSql);
    }

    /** The table's CREATE TABLE statement as the changelog left it (and this run's earlier changesets). */
    String createSql(String table) {
        return createSql.get(table);
    }
}
