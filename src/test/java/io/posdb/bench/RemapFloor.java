package io.posdb.bench;

import io.posdb.database.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The set-based floor of an audited remap: one INSERT … SELECT into the audit table and
 * one UPDATE, in one transaction, with no per-user detail, no checks and no report.
 * Prints {@code remap_ms=<time>}. Usage: {@code RemapFloor DATABASE}.
 */
public final class RemapFloor {

    static final String MAPPING = "CASE lower(trim(role)) WHEN 'primary' THEN 'admin' WHEN 'admin' THEN 'admin' "
            + "ELSE 'user' END";

    private RemapFloor() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = SqliteDatabase.at(Path.of(args[0])).open();
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            statement.executeUpdate("INSERT INTO data_migration_audit (changeset_id, table_name, row_id, column_name, "
                    + "old_value, new_value) SELECT '0008-remap-user-roles', 'user', id, 'role', role, " + MAPPING
                    + " FROM \"user\" WHERE role NOT IN ('admin', 'user')");
            int updated = statement.executeUpdate("UPDATE \"user\" SET role = " + MAPPING
                    + " WHERE role NOT IN ('admin', 'user')");
            connection.commit();
            long elapsed = System.nanoTime() - started;
            System.out.println("remap_ms=" + elapsed / 1_000_000 + " updated=" + updated);
        }
    }
}
