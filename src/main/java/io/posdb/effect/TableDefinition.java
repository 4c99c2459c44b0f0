package io.posdb.effect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The columns a CREATE TABLE statement defines, as SQLite itself reads it: the statement is run in
 * an in-memory database and the one catalog reads the table back. For a rebuild's definition
 * ({@code {table}} stands for the table's name) that did not run on the scratch database.
 */
public final class TableDefinition {

    private TableDefinition() {
    }

    /** The column names, in the catalog's order; null when SQLite does not accept the statement. */
    public static List<String> columns(String createTableSql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement()) {
            statement.execute(createTableSql.replace("{table}", "\"defined\""));
            Map<String, List<String>> tables = EffectRecorder.tables(io.posdb.schema.SchemaCatalog.read(connection));
            return tables.isEmpty() ? null : tables.values().iterator().next();
        } catch (SQLException e) {
            // Not a statement SQLite runs on its own (it needs other tables): nothing to compare with.
            return null;
        }
    }
}
