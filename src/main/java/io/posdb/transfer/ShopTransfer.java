package io.posdb.transfer;

import io.posdb.bootstrap.BootException;
import io.posdb.bootstrap.DatabaseBootstrap;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.bootstrap.UpgradeSettings;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import io.posdb.migration.MigrationPlan;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a shop's upgraded SQLite data into a freshly migrated PostgreSQL database: the
 * target is migrated first and must hold no rows; every table is copied with its ids in
 * one transaction; sequences are moved past the copied ids; row counts and exact money
 * totals are compared per table before the commit. Any difference rolls everything back.
 */
public final class ShopTransfer {

    private static final Logger log = LoggerFactory.getLogger(ShopTransfer.class);

    private final SqliteDatabase source;
    private final PostgresDatabase target;
    private final UpgradeSettings settings;

    public ShopTransfer(SqliteDatabase source, PostgresDatabase target, UpgradeSettings settings) {
        this.source = source;
        this.target = target;
        this.settings = settings;
    }

    public List<TableCheck> run() throws TransferException {
        requireUpgradedSource();
        migrateTarget();
        try (Connection from = source.open(); Connection to = target.open()) {
            to.setAutoCommit(false);
            try {
                requireEmptyTarget(to);
                TableCopier copier = new TableCopier(from, to);
                for (CopiedTable table : CopiedTable.values()) {
                    copier.copy(table);
                    copier.moveSequencePastCopiedIds(table);
                }
                List<TableCheck> checks = verify(from, to);
                to.commit();
                log.info("Transfer of {} to {} committed: {}", source.description(), target.description(), checks);
                return checks;
            } catch (SQLException | TransferException | RuntimeException e) {
                to.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TransferException("Transfer of " + source.description() + " to " + target.description()
                    + " failed and was rolled back: " + e.getMessage(), e);
        }
    }

    private void requireUpgradedSource() throws TransferException {
        if (!Files.isRegularFile(source.file())) {
            throw new TransferException("Source database " + source.file() + " does not exist");
        }
        try {
            MigrationPlan plan = new LiquibaseMigrations(source, settings.changelog()).plan();
            if (!plan.upToDate()) {
                throw new TransferException("Source database " + source.file() + " is not upgraded to this release ("
                        + plan.pending().size() + " pending changeset(s)); run posdb update --db " + source.file()
                        + " first");
            }
        } catch (MigrationException e) {
            throw new TransferException("Cannot read the source database " + source.file() + ": " + e.getMessage(), e);
        }
    }

    private void migrateTarget() throws TransferException {
        try {
            DatabaseBootstrap.upgrade(target, settings);
        } catch (BootException e) {
            throw new TransferException("Cannot migrate the target " + target.description() + ": " + e.getMessage(), e);
        }
    }

    private static void requireEmptyTarget(Connection to) throws SQLException, TransferException {
        for (CopiedTable table : CopiedTable.values()) {
            long rows = count(to, table.quoted());
            if (rows > 0) {
                throw new TransferException("The target is not empty: table " + table.table + " holds " + rows
                        + " rows; transfer only moves a shop into a fresh database");
            }
        }
    }

    private static List<TableCheck> verify(Connection from, Connection to) throws SQLException, TransferException {
        List<TableCheck> checks = new ArrayList<>();
        for (CopiedTable table : CopiedTable.values()) {
            TableCheck check = new TableCheck(table.table, count(from, table.quoted()), count(to, table.quoted()),
                    MoneyTotals.of(from, table), MoneyTotals.of(to, table));
            if (!check.matches()) {
                throw new TransferException("Verification failed for table " + table.table + ": " + check
                        + "; nothing was committed");
            }
            checks.add(check);
        }
        return checks;
    }

    static long count(Connection connection, String quotedTable) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + quotedTable);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
