package io.posdb.transfer;

import io.posdb.failure.PosDatabaseException;
import java.sql.Connection;
import java.sql.SQLException;

/** Loads a legacy SQLite shop's rows (roles still primary/staff) into PostgreSQL tables of the same shape. */
public final class LegacyRowsToPostgres {

    private LegacyRowsToPostgres() {
    }

    public static void copy(Connection sqlite, Connection postgres) throws SQLException, PosDatabaseException {
        TableCopier copier = new TableCopier(sqlite, postgres);
        for (CopiedTable table : CopiedTable.inForeignKeyOrder(sqlite)) {
            copier.copy(table);
            copier.moveSequencePastCopiedIds(table);
        }
    }
}
