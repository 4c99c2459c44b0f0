package io.posdb.doctor;

import io.posdb.database.TillDatabase;
import io.posdb.failure.FailureReason;
import io.posdb.report.DoctorReport.Check;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The last upgrade attempt and how it ended, from the upgrade records ({@code posdb_upgrade_run}),
 * read with a plain SELECT. The records are being added alongside the doctor: until the api that
 * reads them is wired in here, a database without the table (every database upgraded before them)
 * says so, and one with it is read column by column, keeping only the columns that describe the run
 * (when, releases, outcome, process): a message could quote a row's values, and the report goes
 * into support bundles.
 */
final class UpgradeRuns {

    static final String TABLE = "posdb_upgrade_run";
    private static final List<String> DESCRIBING = List.of("id", "start", "finish", "end", "release", "from", "to",
            "outcome", "status", "kind", "host", "pid", "process", "changeset", "duration");

    private UpgradeRuns() {
    }

    static Check lastAttempt(TillDatabase database) {
        try (Connection connection = database.open()) {
            List<Map<String, String>> runs = read(connection);
            if (runs == null) {
                return Check.ok("last upgrade", "no upgrade records (this database predates them)", "");
            }
            if (runs.isEmpty()) {
                return Check.ok("last upgrade", "no upgrade recorded", "");
            }
            Map<String, String> last = runs.get(runs.size() - 1);
            String text = String.join(", ", last.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
            boolean failed = last.values().stream().anyMatch(v -> v != null
                    && v.toLowerCase(Locale.ROOT).matches(".*(fail|kill|restor|halt).*"));
            return failed ? Check.warn("last upgrade", "the last attempt did not complete: " + text, "posdb history --runs")
                    : Check.ok("last upgrade", text, "");
        } catch (SQLException e) {
            return Check.warn("last upgrade", "cannot read the upgrade records: " + FailureReason.of(e), "");
        }
    }

    /** Every run, oldest first, with its describing columns only; null when the table does not exist. */
    static List<Map<String, String>> read(Connection connection) throws SQLException {
        if (!SqlIdentifiers.tableExists(connection, TABLE)) {
            return null;
        }
        List<Map<String, String>> runs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + SqlIdentifiers.quote(TABLE)
                + " ORDER BY 1"); ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> run = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    String name = columns.getColumnName(i).toLowerCase(Locale.ROOT);
                    if (DESCRIBING.stream().anyMatch(name::contains) && !name.contains("message")) {
                        run.put(name, rs.getString(i));
                    }
                }
                runs.add(run);
            }
        }
        return runs;
    }
}
