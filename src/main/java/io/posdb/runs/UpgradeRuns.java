package io.posdb.runs;

import io.posdb.database.Engine;
import io.posdb.database.TillDatabase;
import io.posdb.sql.Jdbc;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the record of the runs, newest first (on SQLite in the order they were recorded, see {@link #read(Connection)});
 * a database without the record has no runs. Writes nothing.
 */
public final class UpgradeRuns {

    /** The record's two tables; {@link UpgradeRunRecorder} creates them. */
    static final String RUN = "posdb_upgrade_run";
    static final String STEP = "posdb_upgrade_step";
    /** How {@code named_rows} joins the ids a halting precondition names. */
    static final String ROW_SEPARATOR = ", ";

    private UpgradeRuns() {
    }

    /** Whether the database has the records at all (a database upgraded before them has none). */
    public static boolean kept(Connection connection) throws SQLException {
        return Jdbc.tableExists(connection, RUN) && Jdbc.tableExists(connection, STEP);
    }

    /** Every recorded run of {@code database}, newest first, each with its changesets in the order they ran. */
    public static List<UpgradeRun> read(TillDatabase database) throws SQLException {
        // As history --runs promises: a WAL file's -wal is not checkpointed away by the read.
        return database.readWithoutWriting(readable -> {
            try (Connection connection = readable.open()) {
                return read(connection);
            }
        });
    }

    public static List<UpgradeRun> read(Connection connection) throws SQLException {
        if (!kept(connection)) {
            return List.of();
        }
        Map<String, List<UpgradeStep>> steps = Jdbc.rows(connection, "SELECT run_id, changeset_id, author, "
                + "file, started_at, duration_ms, rows_changed, outcome, message, named_rows FROM " + STEP
                + " ORDER BY run_id, seq", List.of(), rs -> {
            String namedRows = rs.getString(10);
            return Map.entry(rs.getString(1), new UpgradeStep(rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), longOrNull(rs, 6), longOrNull(rs, 7), rs.getString(8), rs.getString(9),
                    namedRows == null ? List.of() : Arrays.asList(namedRows.split(ROW_SEPARATOR))));
        }).stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        // On a till's file the record's own order (SQLite's rowid: a run is written whole when it ends) is the
        // order the runs happened, whatever the till's clock said (a dead clock battery, no network to set it);
        // a server's runs come from many tills, and their clocks are all there is.
        String newestFirst = Engine.of(connection) == Engine.SQLITE ? "rowid DESC"
                : "started_at DESC, id";
        return List.copyOf(Jdbc.rows(connection, "SELECT id, operation, started_at, finished_at, "
                + "release_from, release_to, outcome, host, pid, message FROM " + RUN + " ORDER BY " + newestFirst,
                List.of(), rs -> new UpgradeRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), longOrNull(rs, 9),
                        rs.getString(10), steps.getOrDefault(rs.getString(1), List.of()))));
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
