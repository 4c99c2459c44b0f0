package io.posdb.transfer;

import io.posdb.report.TransferredTable;
import io.posdb.changelog.MigrationPlan;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.ShellWords;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.schema.SchemaObject;
import io.posdb.sql.DanglingReferences;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.upgrade.DatabaseBootstrap;
import io.posdb.upgrade.UpgradeSettings;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a shop's upgraded SQLite data into a freshly migrated PostgreSQL database. Before
 * anything is written to the target, the source's tables must be orderable, its data must all have a place
 * on the server (no table or column made by hand holding data, no dangling reference, every amount and time
 * readable, no text longer than its column), and the target must hold no rows: every refusal of the source's
 * data leaves the target as it was.
 * Then the target is migrated (a failure from here on leaves it migrated and empty, which a next run
 * takes), and every table of the source is copied with its ids in foreign-key order, in one target
 * transaction, from one source read transaction (a till that keeps selling meanwhile does not make the copy
 * inconsistent);
 * sequences are moved past the copied ids; row counts and exact money totals are compared
 * per table before the commit. Any difference rolls everything back. A failure has the kind of its
 * cause (CONNECTION for a refused server, else MIGRATION_FAILED), a refusal MIGRATION_FAILED; each says what it
 * left of the target ({@link AfterFailure}: NOT_TOUCHED before the migration, MIGRATED after it), as every command's
 * failure says what it left.
 */
public record ShopTransfer(SqliteDatabase source, PostgresDatabase target, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(ShopTransfer.class);

    /**
     * The transfer, reading the source as a command that writes nothing to it must
     * ({@link SqliteDatabase#readFileWithoutWriting}): a read-write connection's close would checkpoint a
     * WAL file's {@code -wal} into it; a till open on the file keeps its own.
     */
    public List<TransferredTable> run() throws PosDatabaseException {
        try {
            // Once: the transfer commits its target as it reads, and must not run again on a file a till changed.
            return source.readFileInOneTransaction(readable -> new ShopTransfer(readable, target, settings).transfer());
        } catch (CannotReadWithoutWriting e) { // a hot -journal and no room for the copy it is rolled back in
            throw DatabaseFailures.of(source, e);
        }
    }

    private List<TransferredTable> transfer() throws PosDatabaseException {
        try {
            requireTransferable();
        } catch (PosDatabaseException e) {
            throw targetNotTouched(target, e);
        }
        try {
            DatabaseBootstrap.upgrade(target, settings);
        } catch (PosDatabaseException e) {
            // What the failed upgrade left of the target (a server's: its one transaction rolled back), in its words.
            throw failure("Cannot migrate the target " + target.description() + ": " + FailureReason.of(e), e.after(),
                    e);
        }
        try {
            return copyAll();
        } catch (SQLException e) {
            throw failure("Transfer of " + source.description() + " to " + target.description()
                    + " failed and was rolled back: " + FailureReason.of(e) + leftMigrated(), AfterFailure.MIGRATED, e);
        } catch (PosDatabaseException e) {
            throw e.followedBy(leftMigrated(), AfterFailure.MIGRATED);
        }
    }

    /**
     * What a failure before the transfer wrote to its target says it left: the target as it was (the shop's file is
     * only ever read). For the api's checks before the transfer too, so that every failure of it says what it left.
     */
    public static PosDatabaseException targetNotTouched(PostgresDatabase target, PosDatabaseException failure) {
        return failure.followedBy(" — the target " + target.description() + " was not touched",
                AfterFailure.NOT_TOUCHED);
    }

    /** What a failure after the target was migrated says it left: the docs' words (Moving a shop to a server). */
    private String leftMigrated() {
        return " — the target " + target.description() + " holds the changelog's tables and no row of the shop (the "
                + "copy is one transaction, not committed): run the transfer again, it takes such a target";
    }

    /**
     * The source's refusals, and the target's when it holds rows: everything the transfer checks before it touches
     * the target.
     */
    private void requireTransferable() throws PosDatabaseException {
        requireUpgradedSource();
        try {
            try (Connection from = source.open()) {
                List<CopiedTable> tables = CopiedTable.inForeignKeyOrder(from);
                requireOwnedTables(from);
                requireResolvedReferences(from);
                for (CopiedTable table : tables) {
                    table.moneyTotal(from); // an amount that is not a decimal number is refused here, naming its row
                    table.requireTimesTheTillReads(from); // and a time the till cannot read or reads as another
                    table.requireTextThatFits(from); // and text longer than the server's column
                }
            }
            try (Connection to = target.open()) {
                requireEmptyTarget(to);
            }
        } catch (SQLException e) {
            throw failure("Cannot transfer " + source.description() + " to " + target.description() + ": "
                    + FailureReason.of(e), e);
        }
    }

    private List<TransferredTable> copyAll() throws SQLException, PosDatabaseException {
        try (Connection from = source.open(); Connection to = target.open()) {
            // One read transaction on the source: every table is read from the same state of the file.
            from.setAutoCommit(false);
            to.setAutoCommit(false);
            try {
                List<CopiedTable> tables = CopiedTable.inForeignKeyOrder(from);
                requireEmptyTarget(to); // again inside the transaction: another transfer may have run meanwhile
                TableCopier copier = new TableCopier(from, to);
                for (CopiedTable table : tables) {
                    copier.copy(table);
                    copier.moveSequencePastCopiedIds(table);
                }
                List<TransferredTable> checks = verify(from, to, tables);
                to.commit();
                log.info("Transfer of {} to {} committed (source → target): {}", source.description(),
                        target.description(), String.join("; ", checks.stream().map(TransferredTable::text).toList()));
                return checks;
            } catch (SQLException | PosDatabaseException | RuntimeException e) {
                to.rollback();
                throw e;
            } finally {
                from.rollback(); // ends the read transaction; nothing was written to the source
            }
        }
    }

    private void requireUpgradedSource() throws PosDatabaseException {
        if (!Files.isRegularFile(source.file())) {
            throw refused("Source database " + source.file() + " does not exist");
        }
        try {
            MigrationPlan plan = new LiquibaseMigrations(source, settings.changelog()).plan();
            if (!plan.upToDate()) {
                throw refused("Source database " + source.file() + " is not upgraded to this release ("
                        + plan.pending().size() + " pending changeset(s)); run " + ShellWords.posdb(source, "update")
                        + " first");
            }
        } catch (MigrationException e) {
            throw failure("Cannot read the source database " + source.file() + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * A table made by hand (the changelog does not own it) has no place on the server, whose schema is
     * the changelog's: refused before the target is touched, naming each with its rows, rather than failing
     * half way. A column made by hand on an owned table has none either, and the copy (which writes the target's
     * columns) would leave its values behind without a word: refused the same way while any row holds a value in
     * it, naming each with the rows that do. One that is NULL in every row holds nothing to lose, and views,
     * triggers and indexes made by hand hold no data of their own: they do not stop the transfer; a warning
     * names them, since the server will not have them (a view or trigger in SQLite's SQL may not even be
     * PostgreSQL's) and the operator may want to make them there.
     */
    private void requireOwnedTables(Connection from) throws SQLException, PosDatabaseException {
        List<SchemaDifference> handMade = new ArrayList<>();
        try {
            for (SchemaDifference difference : new DriftCheck(source, settings.changelog()).differences()) {
                if (difference.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED) {
                    handMade.add(difference);
                }
            }
        } catch (MigrationException e) {
            throw failure("Cannot compare the schema of " + source.file() + " with the changelog's: "
                    + FailureReason.of(e), e);
        }
        List<String> unowned = new ArrayList<>();
        List<String> columnsWithValues = new ArrayList<>();
        List<String> notMoved = new ArrayList<>();
        for (SchemaDifference difference : handMade) {
            if (difference.objectKind() == SchemaObject.Kind.TABLE) {
                unowned.add(difference.name() + " (" + Jdbc.rowCount(from, difference.name()) + " rows)");
            } else if (difference.objectKind() != SchemaObject.Kind.COLUMN) {
                notMoved.add(difference.object());
            }
        }
        for (SchemaDifference column : SchemaDifference.columnsAddedToExpectedTables(handMade)) {
            long values = valuesIn(from, column.table(), column.column());
            if (values > 0) {
                columnsWithValues.add(column.name() + " (a value in " + values + " rows)");
            } else {
                notMoved.add(column.object() + " (NULL in every row)");
            }
        }
        if (!unowned.isEmpty()) {
            throw refused("Cannot transfer " + source.file() + ": it has table(s) the changelog does not own, "
                    + String.join(", ", unowned) + "; the server's schema has no place for them. Nothing was written. "
                    + "Their rows stay in the file: transfer a copy without them (docs/running-tills.md, Moving a shop "
                    + "to a server)");
        }
        if (!columnsWithValues.isEmpty()) {
            throw refused("Cannot transfer " + source.file() + ": it has column(s) the changelog does not own, "
                    + String.join(", ", columnsWithValues) + "; the server's schema has no place for them. Nothing "
                    + "was written. Their values stay in the file: transfer a copy without them (ALTER TABLE ... DROP "
                    + "COLUMN in the copy; docs/running-tills.md, Moving a shop to a server)");
        }
        if (!notMoved.isEmpty()) {
            log.warn("Not moved to {}: {}, made by hand in {} (the changelog does not own them); they hold no data of "
                    + "their own (a column named here is NULL in every row), and the server will not have them",
                    target.description(), String.join(", ", notMoved), source.file());
        }
    }

    /** How many rows of {@code table} hold a value (not NULL) in {@code column}. */
    private static long valuesIn(Connection from, String table, String column) throws SQLException {
        return Jdbc.rows(from, "SELECT COUNT(" + SqlIdentifiers.quoteAny(column) + ") FROM "
                + SqlIdentifiers.quoteAny(table), List.of(), rs -> rs.getLong(1)).get(0);
    }

    /**
     * PostgreSQL enforces every reference; SQLite only on connections that ask (a product deleted in the
     * {@code sqlite3} shell leaves its sale items pointing nowhere, and the till kept running). Such rows
     * would fail the copy half way: refused before the target is touched, naming them.
     */
    private void requireResolvedReferences(Connection from) throws SQLException, PosDatabaseException {
        DanglingReferences dangling = DanglingReferences.of(from);
        if (!dangling.isEmpty()) {
            throw refused("Cannot transfer " + source.file() + ": " + dangling.count() + " row(s) refer to rows that "
                    + "do not exist (" + dangling.counts() + "), which the server refuses: " + dangling.firstRows()
                    + ". Nothing was written. Correct them in the file first (posdb doctor and PRAGMA "
                    + "foreign_key_check list them; docs/running-tills.md, Moving a shop to a server)");
        }
    }

    /**
     * Every table of the target's schema (the one catalog, which leaves out Liquibase's and posdb's
     * bookkeeping, {@code posdb_*}: the record of the upgrade that migrated the target) must be
     * empty (a fresh target has none).
     */
    private static void requireEmptyTarget(Connection to) throws SQLException, PosDatabaseException {
        for (String table : SchemaCatalog.read(to).tables().keySet()) {
            long rows = Jdbc.rowCount(to, table);
            if (rows > 0) {
                throw refused("The target is not empty: table " + table + " holds " + rows
                        + " rows; transfer only moves a shop into a fresh database; the target was not changed");
            }
        }
    }

    private static List<TransferredTable> verify(Connection from, Connection to, List<CopiedTable> tables)
            throws SQLException, PosDatabaseException {
        List<TransferredTable> checks = new ArrayList<>();
        for (CopiedTable table : tables) {
            TransferredTable check = new TransferredTable(table.table(), Jdbc.rowCount(from, table.table()),
                    Jdbc.rowCount(to, table.table()), table.moneyTotal(from), table.moneyTotal(to));
            if (!matches(check)) {
                throw refused("Verification failed for table " + table.table() + " (source → target): "
                        + check.text() + "; nothing was committed");
            }
            checks.add(check);
        }
        return checks;
    }

    /** Both sides have the same rows and, for a table holding money, the same exact total. */
    private static boolean matches(TransferredTable check) {
        return check.sourceRows() == check.targetRows() && (check.sourceTotal() == null ? check.targetTotal() == null
                : check.targetTotal() != null && check.sourceTotal().compareTo(check.targetTotal()) == 0);
    }

    /** A failure of the transfer, with the kind its cause stands for (the target's connection, the changelog). */
    private PosDatabaseException failure(String message, Exception cause) {
        return failure(message, null, cause);
    }

    /** {@link #failure(String, Exception)} whose message ends saying what it left of the target ({@code after}). */
    private PosDatabaseException failure(String message, AfterFailure after, Exception cause) {
        return new PosDatabaseException(DatabaseFailures.of(target, cause).kind(), message, after, cause);
    }

    /** A refusal of what the transfer found: nothing was written. */
    static PosDatabaseException refused(String message) {
        return new PosDatabaseException(BootFailure.MIGRATION_FAILED, message);
    }

    /** A refusal of what the transfer found, keeping what made it find it. */
    static PosDatabaseException refused(String message, Throwable cause) {
        return new PosDatabaseException(BootFailure.MIGRATION_FAILED, message, cause);
    }
}
