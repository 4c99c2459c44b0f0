package io.posdb.bench;

import io.posdb.database.SqliteDatabase;
import io.posdb.migration.role.RemapFixture;
import io.posdb.migration.role.RemapLegacyUserRoles;
import java.nio.file.Path;
import java.sql.Connection;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;

/**
 * One side of the remap benchmark: the changelog's role remap, exactly as configured in
 * 0008, on a legacy database that already has the audit table, in one transaction.
 * Prints {@code remap_ms=<time of the remap itself>}. Usage: {@code RemapOnly DATABASE}.
 */
public final class RemapOnly {

    private RemapOnly() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = SqliteDatabase.at(Path.of(args[0])).open()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setAutoCommit(false);
            RemapLegacyUserRoles change = RemapFixture.change();
            long started = System.nanoTime();
            change.execute(database);
            connection.commit();
            long elapsed = System.nanoTime() - started;
            System.out.println("remap_ms=" + elapsed / 1_000_000 + " updated=" + change.stats().updatedCount());
        }
    }
}
