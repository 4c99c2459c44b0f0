package io.posdb.api;

import io.posdb.report.TransferredTable;
import io.posdb.failure.PosDatabaseException;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.transfer.ShopTransfer;
import java.util.List;

/**
 * Moving a shop from its till's SQLite file to a central PostgreSQL server: a write path, so it goes
 * through the api like every other, with the api's settings and its one exception type.
 */
public final class PosDatabaseTransfer {

    private PosDatabaseTransfer() {
    }

    /**
     * Copies the shop's data from {@code from} (an upgraded SQLite file, only read) into {@code to} (a
     * PostgreSQL database with no rows yet, migrated first) in one transaction, verifying row counts and
     * money totals per table; any refusal of what the source holds leaves the target as it was (refused before
     * it is migrated); a failure after it was migrated (a difference, the server gone mid-copy) leaves it migrated
     * with no row of the shop, a target the transfer takes again. The target's
     * settings say how long to wait for its upgrade lock and which changelog both databases are held to.
     * A failure's kind is that of its cause (CONNECTION for a refused server, else MIGRATION_FAILED); its message ends
     * with what it left of the target ({@link PosDatabaseException#after}): not touched before the migration, the
     * migration's own words when that failed (a server's: rolled back), left migrated after it.
     */
    public static List<TransferredTable> shopToServer(PosDatabaseSettings from, PosDatabaseSettings to)
            throws PosDatabaseException {
        PosDatabaseSettings.require(from.database() instanceof SqliteDatabase,
                "from must be an SQLite file, got " + from.database().description());
        PosDatabaseSettings.require(to.database() instanceof PostgresDatabase,
                "to must be a PostgreSQL database, got " + to.database().description());
        PostgresDatabase target = (PostgresDatabase) to.database();
        SqliteDatabase source;
        try {
            // After an interrupted upgrade of the shop, what the next boot restores (its snapshot) is what is copied.
            source = (SqliteDatabase) PosDatabaseChecks.existingAsTheNextBootFindsIt(from);
            PosDatabaseChecks.requireUsable(to);
        } catch (PosDatabaseException e) {
            throw ShopTransfer.targetNotTouched(target, e);
        }
        return new ShopTransfer(source, target, to).run();
    }
}
