package io.posdb.transfer;

import io.posdb.database.TillTimeText;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one table row by row in batches, ids included, converting only what the engines
 * store differently: SQLite's 0/1 integers become booleans, its timestamp text becomes
 * the TIMESTAMP the till reads from it. Money stays the exact text it is.
 */
record TableCopier(Connection from, Connection to) {

    private static final Logger log = LoggerFactory.getLogger(ShopTransfer.class);
    private static final int BATCH = 1000;
    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;
    private static final Pattern BATCH_ENTRY = Pattern.compile("Batch entry (\\d+) ");

    void copy(CopiedTable table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<Integer> targetTypes = new ArrayList<>();
        try (ResultSet rs = to.getMetaData().getColumns(null, null, table.table(), "%")) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
                targetTypes.add(rs.getInt("DATA_TYPE"));
            }
        }
        String list = String.join(", ", columns.stream().map(SqlIdentifiers::quoteAny).toList());
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long total = Jdbc.rowCount(from, table.table());
        long copied = 0;
        long lastProgress = System.nanoTime();
        if (columns.isEmpty()) {
            throw new SQLException("The target has no table " + table.table() + " (is it migrated by the same release?)");
        }
        String order = columns.contains("id") ? " ORDER BY \"id\"" : "";
        int idColumn = columns.indexOf("id") + 1; // 0: the table has no id to name a row by
        // One for the table's every time, read and written: the drivers take its zone, on this one thread.
        Calendar wallClock = TillTimeText.wallClock();
        List<String> batchIds = new ArrayList<>();
        try (PreparedStatement read = from.prepareStatement("SELECT " + list + " FROM " + table.quoted() + order);
             PreparedStatement write = to.prepareStatement("INSERT INTO " + table.quoted() + " (" + list + ") VALUES (" + marks + ")")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(write, i + 1, rs, i + 1, targetTypes.get(i), wallClock);
                    }
                    write.addBatch();
                    batchIds.add(idColumn == 0 ? null : rs.getString(idColumn));
                    if (++copied % BATCH == 0) {
                        executeBatch(write, table, batchIds);
                        if (System.nanoTime() - lastProgress > PROGRESS_INTERVAL_NANOS) {
                            log.info("Transfer progress: table {} {}/{} rows ({}%)", table.table(), copied, total,
                                    copied * 100 / Math.max(1, total));
                            lastProgress = System.nanoTime();
                        }
                    }
                }
            }
            executeBatch(write, table, batchIds);
        }
        log.info("Transferred table {}: {} rows", table.table(), copied);
    }

    /**
     * Writes the batch; a row the server refuses fails it, named by its table and id with the server's reason. Not in
     * the driver's words: pgjdbc's BatchUpdateException may quote the whole INSERT with the row's values ("Batch entry
     * 2 INSERT INTO ... VALUES (...)"), and the server's Detail quotes them too ("Key (sku)=(...)"; kept out of
     * messages by PostgresDatabase, but a driver's wording is not this code's to rely on); the failure's message goes
     * to stderr, --json, logs and support tickets, and a value may be a PIN hash or a customer's data. The SQLState
     * and the server's primary message say why without them; the driver's exception stays the cause.
     */
    private static void executeBatch(PreparedStatement write, CopiedTable table, List<String> batchIds)
            throws SQLException {
        try {
            write.executeBatch();
        } catch (BatchUpdateException e) {
            String id = refusedId(e, batchIds);
            SQLException reason = e.getNextException() == null ? e : e.getNextException();
            String serverSays = reason instanceof PSQLException server && server.getServerErrorMessage() != null
                    ? server.getServerErrorMessage().getMessage() : reason == e ? "the batch was aborted"
                    : reason.getMessage();
            throw new SQLException("the server refused " + (id == null ? "a row" : "row id " + id) + " of table "
                    + table.table() + " (SQLState " + reason.getSQLState() + "): " + serverSays, reason.getSQLState(),
                    e);
        }
        batchIds.clear();
    }

    /**
     * The id of the row that failed the batch, from the entry pgjdbc names at the start of its message ("Batch entry
     * 2 ..."): its update counts cannot tell, since inside a transaction it marks every entry failed. Null when the
     * table has no id or the message does not say (a driver translated into another language): the failure then
     * names the table alone.
     */
    private static String refusedId(BatchUpdateException e, List<String> batchIds) {
        Matcher entry = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        if (!entry.lookingAt()) {
            return null;
        }
        int failed = Integer.parseInt(entry.group(1));
        return failed < batchIds.size() ? batchIds.get(failed) : null;
    }

    private static void bind(PreparedStatement write, int index, ResultSet rs, int column, int targetType,
                             Calendar wallClock) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            write.setNull(index, targetType);
            return;
        }
        switch (targetType) {
            case Types.BOOLEAN, Types.BIT -> write.setBoolean(index, rs.getLong(column) != 0);
            // The time the till reads (CopiedTable.requireTimesTheTillReads refused any it cannot), in no zone.
            case Types.TIMESTAMP -> write.setTimestamp(index, rs.getTimestamp(column, wallClock), wallClock);
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> write.setLong(index, rs.getLong(column));
            default -> write.setString(index, rs.getString(column));
        }
    }

    /** The next id PostgreSQL hands out must come after every copied one. */
    void moveSequencePastCopiedIds(CopiedTable table) throws SQLException {
        if (!hasIdSequence(table)) {
            return;
        }
        try (PreparedStatement statement = Jdbc.prepare(to, "SELECT setval(pg_get_serial_sequence(?, 'id'), "
                + "COALESCE((SELECT MAX(\"id\") FROM " + table.quoted() + "), 1), "
                + "(SELECT COUNT(*) > 0 FROM " + table.quoted() + "))", List.of(table.quoted()))) {
            statement.execute();
        }
    }

    /** Only tables with an {@code id} column backed by a sequence (SERIAL/IDENTITY) have a sequence to move. */
    private boolean hasIdSequence(CopiedTable table) throws SQLException {
        return Jdbc.rows(to, "SELECT pg_get_serial_sequence(?, column_name) FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id'",
                List.of(table.quoted(), table.table()), rs -> rs.getString(1)).stream().anyMatch(Objects::nonNull);
    }
}
