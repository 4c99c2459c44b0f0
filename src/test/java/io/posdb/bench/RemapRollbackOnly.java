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
 * One side of the remap benchmark: the role remap of 0008 (not timed, as {@link RemapOnly} runs it), committed, then
 * its rollback from the audit rows, in one transaction, timed. Prints {@code remap_ms=<time of the rollback itself>}
 * (the key every remap side prints). Its rollback must grow with the table as the remap does, not with its square:
 * it once scanned the table for each audit row. Usage: {@code RemapRollbackOnly DATABASE}.
 */
public final class RemapRollbackOnly {

    private RemapRollbackOnly() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = SqliteDatabase.at(Path.of(args[0])).open()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setAutoCommit(false);
            RemapLegacyUserRoles change = RemapFixture.change();
            change.execute(database);
            connection.commit();
            long started = System.nanoTime();
            change.rollback(database);
            connection.commit();
            long elapsed = System.nanoTime() - started;
            System.out.println("remap_ms=" + elapsed / 1_000_000 + " restored=" + change.rollbackStats());
        }
    }
}
