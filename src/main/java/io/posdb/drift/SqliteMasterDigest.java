package io.posdb.drift;

import io.posdb.schema.SchemaCatalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The boot check's cheap digest, one query: the schema as SQLite stores it (sqlite_master,
 * every object's CREATE text; all pragmas derive from it; Liquibase's and posdb's own tables
 * left out, as the catalog leaves them). With the applied changesets'
 * digest ({@link Digests#applied}) equal to what the build recorded, it means the schema is
 * exactly what the packaged changelog produces.
 */
final class SqliteMasterDigest {

    private SqliteMasterDigest() {
    }

    static String schema(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT type, name, tbl_name, sql FROM "
                + "sqlite_master WHERE name NOT LIKE 'sqlite_%' AND upper(tbl_name) NOT LIKE 'DATABASECHANGELOG%' "
                + "AND tbl_name NOT LIKE 'posdb\\_%' ESCAPE '\\' ORDER BY type, name");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                lines.add(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t" + rs.getString(4));
            }
        }
        return SchemaCatalog.digest(lines);
    }
}
