package io.posdb.runner;

import io.posdb.schema.Compatibility;

import io.posdb.report.ReleasedLocks;
import io.posdb.changelog.AppliedRow;
import io.posdb.changelog.MigrationRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Direct reads of Liquibase's two tracking tables. posdb reads them with plain JDBC so a
 * boot can decide what to do without letting Liquibase create or lock anything first.
 */
public final class LiquibaseTables {

    private LiquibaseTables() {
    }

    /**
     * DATABASECHANGELOG's rows in the order they ran, without the classes posdb recorded for them
     * (null): every boot reads this, and only a database a newer release wrote needs the classes
     * ({@link #withRecordedClasses}).
     */
    public static List<AppliedRow> appliedRows(Connection connection) throws SQLException {
        List<AppliedRow> rows = new ArrayList<>();
        if (!MigrationRecords.tableExists(connection, "DATABASECHANGELOG")) {
            return rows;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT ID, AUTHOR, FILENAME, MD5SUM, "
                + "EXECTYPE, LABELS, DATEEXECUTED FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new AppliedRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), null));
            }
        }
        return rows;
    }

    /** The rows with the compatibility the database recorded for each ({@code posdb_changeset}), where it did. */
    public static List<AppliedRow> withRecordedClasses(Connection connection, List<AppliedRow> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, Compatibility> recorded = ChangeSetRecords.compatibilities(connection);
        return rows.stream().map(r -> new AppliedRow(r.id(), r.author(), r.file(), r.checksum(), r.execType(),
                r.labels(), r.dateExecuted(), recorded.get(ChangeSetRecords.key(r)))).toList();
    }

    public static Optional<ReleasedLocks.LockHolder> lockHolder(Connection connection) throws SQLException {
        if (!MigrationRecords.tableExists(connection, "DATABASECHANGELOGLOCK")) {
            return Optional.empty();
        }
        // LOCKED is an integer on SQLite and a boolean on PostgreSQL: a bound boolean suits both.
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT LOCKEDBY, LOCKGRANTED FROM DATABASECHANGELOGLOCK WHERE ID = 1 AND LOCKED = ?")) {
            statement.setBoolean(1, true);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new ReleasedLocks.LockHolder(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Clears Liquibase's lock row. Callers must have proven that no live process holds it. */
    public static void releaseLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE DATABASECHANGELOGLOCK SET LOCKED = ?, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1")) {
            statement.setBoolean(1, false);
            statement.executeUpdate();
        }
    }
}
