package io.posdb.doctor;

import io.posdb.database.TillDatabase;
import io.posdb.failure.FailureReason;
import io.posdb.report.DoctorReport.Check;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.runs.UpgradeRuns;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The last upgrade attempt and how it ended, from the upgrade records ({@link UpgradeRuns}, issue 22
 * §3). For the support bundle the records are redacted by construction: every field but the
 * messages, which could quote a row's values (a failed statement, a refused value).
 */
final class LastUpgrade {

    private LastUpgrade() {
    }

    static Check of(TillDatabase database) {
        try (Connection connection = database.open()) {
            if (!UpgradeRuns.kept(connection)) {
                return Check.ok("last upgrade", "no upgrade records (this database predates them)", "");
            }
            List<UpgradeRun> runs = UpgradeRuns.read(connection);
            if (runs.isEmpty()) {
                return Check.ok("last upgrade", "no upgrade recorded", "");
            }
            UpgradeRun last = runs.get(0);
            String text = last.operation() + " " + UpgradeRun.releaseText(last.releaseFrom()) + " -> "
                    + last.releaseToText() + " at " + last.startedAt() + ": " + last.outcome()
                    + (last.steps().stream().filter(s -> UpgradeStep.FAILED.equals(s.outcome())).findFirst()
                    .map(s -> " (changeset " + s.changesetId() + " failed)").orElse(""));
            return UpgradeRun.APPLIED.equals(last.outcome()) ? Check.ok("last upgrade", text, "")
                    : Check.warn("last upgrade", "the last attempt did not complete: " + text, "posdb history --runs");
        } catch (SQLException e) {
            return Check.warn("last upgrade", "cannot read the upgrade records: " + FailureReason.of(e), "");
        }
    }

    /** Every run, newest first, without the messages; null when the database predates the records. */
    static List<UpgradeRun> redacted(Connection connection) throws SQLException {
        if (!UpgradeRuns.kept(connection)) {
            return null;
        }
        return UpgradeRuns.read(connection).stream().map(run -> new UpgradeRun(run.id(), run.operation(),
                run.startedAt(), run.finishedAt(), run.releaseFrom(), run.releaseTo(), run.outcome(), run.host(),
                run.pid(), null, run.steps().stream().map(s -> new UpgradeStep(s.changesetId(), s.author(), s.file(),
                        s.startedAt(), s.durationMs(), s.rowsChanged(), s.outcome(), null, List.of())).toList())).toList();
    }
}
