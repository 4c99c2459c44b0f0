package io.posdb.doctor;

import io.posdb.database.ShellWords;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.FailureReason;
import io.posdb.report.DoctorReport.Check;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.runs.UpgradeRuns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The last upgrade attempt and how it ended, from the upgrade records ({@link UpgradeRuns}, issue 22
 * §3). For the support bundle the records are redacted by construction: every field but the
 * messages, which could quote a row's values (a failed statement, a refused value).
 */
final class LastUpgrade {

    private LastUpgrade() {
    }

    /**
     * @param interrupted an attempt was interrupted and its marker is beside the file: the records judged are
     *                    the snapshot's, which that attempt's record is not in yet (the next boot writes it)
     * @param inProgress  the live process upgrading the file now (null: none), whose run is the started one
     * @param named       the database the next steps name, which {@code database} (a snapshot, a private copy) may
     *                    only stand for
     */
    static Check of(TillDatabase database, boolean interrupted, String inProgress, TillDatabase named) {
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
            if (UpgradeRun.APPLIED.equals(last.outcome())) {
                return Check.ok("last upgrade", text, "");
            }
            if (inProgress != null && UpgradeRun.STARTED.equals(last.outcome())) {
                // Not an attempt that did not complete: the run going on now (the interrupted upgrade check says so).
                return Check.ok("last upgrade", "in progress now, by " + inProgress + ": " + text, "");
            }
            List<UpgradeRun> killed = killedInARow(runs);
            int inARow = killed.size() + (interrupted && !killed.isEmpty() ? 1 : 0);
            if (inARow >= 2) {
                return Check.warn("last upgrade", "the last " + inARow + " attempts were all killed before they "
                        + "ended" + (interrupted ? ", the newest the interrupted one above" : "") + apart(killed)
                        + " (the newest recorded: " + text + "). A till "
                        + "whose service manager kills it when it does not start in time (systemd's TimeoutStartSec, a "
                        + "watchdog) and starts it again never finishes a long upgrade: each boot restores the snapshot "
                        + "and starts over", "stop the till, run " + ShellWords.posdb(named, "update") + " once by hand, start the till; or give the "
                        + "service a longer start timeout");
            }
            return Check.warn("last upgrade", "the last attempt did not complete: " + text,
                    ShellWords.posdb(named, "history --runs"));
        } catch (SQLException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e); // the doctor reads the file again on a rolled-back copy
            return Check.warn("last upgrade", "cannot read the upgrade records: " + FailureReason.of(e), "");
        }
    }

    /**
     * The newest runs that were killed, one after the other (newest first), after a run still marked started
     * (the one in progress, or killed and not yet found by a boot).
     */
    private static List<UpgradeRun> killedInARow(List<UpgradeRun> runs) {
        List<UpgradeRun> killed = new ArrayList<>();
        for (UpgradeRun run : runs) {
            if (UpgradeRun.KILLED_RESTORED.equals(run.outcome()) || UpgradeRun.KILLED.equals(run.outcome())) {
                killed.add(run);
            } else if (!(killed.isEmpty() && UpgradeRun.STARTED.equals(run.outcome()))) {
                break;
            }
        }
        return killed;
    }

    /** How far apart {@code runs} (newest first, at least two) started, on average; empty if a time is unreadable. */
    private static String apart(List<UpgradeRun> runs) {
        try {
            Instant newest = Instant.parse(runs.get(0).startedAt());
            Instant oldest = Instant.parse(runs.get(runs.size() - 1).startedAt());
            return ", started about " + Duration.between(oldest, newest).toSeconds() / (runs.size() - 1) + " s apart";
        } catch (DateTimeParseException | NullPointerException unreadable) {
            return "";
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
