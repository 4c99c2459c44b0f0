package io.posdb.effect;

import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import liquibase.change.Change;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.database.Database;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

/**
 * What SQLite compiles a change's statements to delete: the {@code Delete} opcodes of
 * {@code EXPLAIN}, each naming its table (and {@code Clear}, by its root page). A dropped table is
 * seen in the catalog after the change. The seeded rows show what a
 * statement did to them; a {@code WHERE} the seed does not meet would still delete a shop's rows,
 * and SQLite's own compiler (not a pattern over the text) says which table such a statement
 * deletes from: a trigger's body, a string or a comment compiles to no delete. Only the main
 * program is read: a cascade is seen in the rows it deletes. The statements are the ones
 * Liquibase generates for the change (its own split for {@code sql}); custom changes are Java
 * and run only once, for real.
 */
final class CompiledWrites {

    private CompiledWrites() {
    }

    /** Tables the change's statements delete rows from. */
    static List<String> deletesFrom(Change change, Database database, Connection connection) {
        Set<String> deletes = new LinkedHashSet<>();
        if (change instanceof CustomChangeWrapper || change.generateStatementsVolatile(database)) {
            return List.of();
        }
        try {
            for (SqlStatement statement : change.generateStatements(database)) {
                for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
                    explain(connection, sql.toSql(), deletes);
                }
            }
        } catch (RuntimeException e) {
            // A change Liquibase cannot turn into SQL here fails when it runs: the run records that.
        }
        return List.copyOf(deletes);
    }

    private static void explain(Connection connection, String sql, Set<String> deletes) {
        if (sql == null || sql.isBlank()) {
            return;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
            int rows = 0;
            while (rs.next()) {
                // Sub-programs (triggers, foreign key actions) follow the main one, numbered from 0 again.
                if (rs.getInt("addr") == 0 && rows++ > 0) {
                    break;
                }
                String opcode = rs.getString("opcode");
                String table = rs.getString("p4");
                if ("Delete".equals(opcode) && SqlIdentifiers.isBusinessTable(table)) {
                    deletes.add(table);
                } else if ("Clear".equals(opcode)) {
                    String cleared = tableAtRootPage(connection, rs.getInt("p1"));
                    if (SqlIdentifiers.isBusinessTable(cleared)) {
                        deletes.add(cleared);
                    }
                }
            }
        } catch (SQLException e) {
            // A statement that does not compile yet (it names a table an earlier statement of the
            // same change creates) cannot delete from a table that existed before the change.
        }
    }

    private static String tableAtRootPage(Connection connection, int page) throws SQLException {
        return Jdbc.rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage = ?",
                List.of(page), rs -> rs.getString(1)).stream().findFirst().orElse(null);
    }
}
