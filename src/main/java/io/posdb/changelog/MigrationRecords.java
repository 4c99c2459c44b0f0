package io.posdb.changelog;

import static io.posdb.sql.SqlIdentifiers.AUDIT_TABLE;

import io.posdb.database.TillDatabase;
import io.posdb.migration.ColumnArchive;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads what migrations left behind: Liquibase's DATABASECHANGELOG (the history) and the
 * data-migration audit trail. Plain JDBC, read only, as a command that writes nothing must read
 * ({@link TillDatabase#readWithoutWriting}: a WAL file's {@code -wal} is not checkpointed away); a
 * database that has neither table yet simply has no records.
 */
public final class MigrationRecords {

    private static final int MOST_VALUES = 20;

    private final TillDatabase database;

    public MigrationRecords(TillDatabase database) {
        this.database = database;
    }

    /** Applied changesets in the order they were applied. */
    public List<HistoryEntry> history() throws SQLException {
        return read(MigrationRecords::history);
    }

    /**
     * The same on a connection the caller holds: the one read of DATABASECHANGELOG, which every boot
     * makes to plan, so it reads that table alone (the recorded compatibilities are read apart, and
     * only when a newer release wrote the database).
     */
    public static List<HistoryEntry> history(Connection connection) throws SQLException {
        if (!Jdbc.tableExists(connection, "DATABASECHANGELOG")) {
            return new ArrayList<>();
        }
        return rows(connection, "SELECT ORDEREXECUTED, ID, AUTHOR, FILENAME, MD5SUM, DATEEXECUTED, EXECTYPE, LABELS, "
                + "TAG FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED, DATEEXECUTED", rs -> new HistoryEntry(rs.getInt(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), null, false));
    }

    /**
     * Audit rows in the order they were written; {@code changesetId} and {@code rowId}
     * filter when not null.
     */
    public List<AuditEntry> audit(String changesetId, String rowId) throws SQLException {
        return read(connection -> audit(connection, changesetId, rowId));
    }

    private <T> T read(TillDatabase.Read<Connection, T, SQLException> read) throws SQLException {
        return database.readWithoutWriting(readable -> {
            try (Connection connection = readable.open()) {
                return read.from(connection);
            }
        });
    }

    private static List<AuditEntry> audit(Connection connection, String changesetId, String rowId) throws SQLException {
        if (!Jdbc.tableExists(connection, AUDIT_TABLE)) {
            return new ArrayList<>();
        }
        return rows(connection, "SELECT id, changeset_id, table_name, row_id, column_name, old_value, new_value, note, "
                + "migrated_at FROM " + AUDIT_TABLE + " WHERE (? IS NULL OR changeset_id = ?) AND (? IS NULL OR "
                + "row_id = ?) ORDER BY id", rs -> new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
                changesetId, changesetId, rowId, rowId);
    }

    /**
     * Every row {@code sql} returns, each read by {@code row}, its {@code ?} bound to {@code values} in order as
     * text: on PostgreSQL a null typed as text keeps {@code ? IS NULL} working.
     */
    private static <T> List<T> rows(Connection connection, String sql, Jdbc.Row<T> row, String... values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return Jdbc.rows(statement, row);
        }
    }

    /**
     * What the database holds now: the last applied changeset and tag, every application
     * table with its row count, and the values of every column an audited data change
     * touched ({@link #auditedValues}).
     */
    public DatabaseState state() throws SQLException {
        List<HistoryEntry> history = history();
        HistoryEntry last = history.isEmpty() ? null : history.get(history.size() - 1);
        String previousTag = history.stream().map(HistoryEntry::tag).filter(Objects::nonNull).reduce((a, b) -> b)
                .orElse(null);
        Map<String, Long> tables = new LinkedHashMap<>();
        Map<String, Map<String, Long>> values;
        try (Connection connection = database.open()) {
            // The application's tables are the one catalog's: Liquibase's and posdb's bookkeeping left out.
            for (String table : new TreeSet<>(SchemaCatalog.read(connection).tables().keySet())) {
                tables.put(table, Jdbc.rowCount(connection, table));
            }
            values = auditedValues(connection);
        }
        String tag = last == null ? null : last.tag();
        return new DatabaseState(last == null ? null : last.id(), tag, tag == null ? previousTag : null, tables, values);
    }

    /**
     * How many rows hold each value, now, in every column an audited data change has touched
     * (the role remap's {@code user.role}, a payment-method normalisation's column): after a
     * rollback this shows which values the data is back to, without posdb's records knowing
     * any business column by name. The columns come from the audit trail itself; archive rows
     * of dropped columns (note {@code archived: ...}) are left out, since those hold free values,
     * not categories, and so is the record of what went with a dropped column ({@link ColumnArchive#DEFINITIONS_ROW}). At most {@value #MOST_VALUES} values are counted per column.
     * <p>"table.column" → value ("NULL" for SQL NULL) → rows; empty when there is no audit trail.
     */
    private static Map<String, Map<String, Long>> auditedValues(Connection connection) throws SQLException {
        Map<String, Map<String, Long>> values = new LinkedHashMap<>();
        if (!Jdbc.tableExists(connection, AUDIT_TABLE)) {
            return values;
        }
        for (String[] column : rows(connection, "SELECT DISTINCT table_name, column_name FROM " + AUDIT_TABLE
                + " WHERE (note IS NULL OR note NOT LIKE ?) AND row_id <> ? ORDER BY table_name, column_name",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, "archived:%", ColumnArchive.DEFINITIONS_ROW)) {
            String table = column[0];
            String name = column[1];
            if (SqlIdentifiers.isPlain(table) && SqlIdentifiers.isPlain(name)
                    && Jdbc.tableExists(connection, table)
                    && Jdbc.columns(connection, table).stream().anyMatch(name::equalsIgnoreCase)) {
                values.put(table + "." + name, countValues(connection, table, name));
            }
        }
        return values;
    }

    private static Map<String, Long> countValues(Connection connection, String table, String column)
            throws SQLException {
        String c = SqlIdentifiers.quote(column);
        return rows(connection, "SELECT " + c + ", COUNT(*) FROM " + SqlIdentifiers.quote(table) + " GROUP BY " + c
                + " ORDER BY " + c + " LIMIT " + MOST_VALUES, rs -> Map.entry(Objects.requireNonNullElse(rs.getString(1),
                "NULL"), rs.getLong(2))).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                (first, second) -> first, LinkedHashMap::new));
    }
}
