package io.posdb.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.database.TillDatabase;
import io.posdb.report.UpgradeRun;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", description = {"Applied changesets: id, when, exec type (EXECUTED / MARK_RAN), tag.",
        "With --runs: every upgrade and rollback posdb recorded, newest first (when, from → to, outcome, "
                + "each changeset's duration and rows)."})
@Needs(Needs.Database.EXISTING)
class HistoryCommand extends DatabaseCommand {

    @Option(names = "--runs", description = "The record of every upgrade and rollback attempt, newest first, "
            + "failed and killed ones included.")
    boolean runs;

    /**
     * The history as {@code posdb history --json} has always given it (order, id, file, date, exec type,
     * tag): the entry's planning fields stay out, scripts read this shape.
     */
    record Result(String database, boolean ok,
                  @JsonIgnoreProperties({"author", "checksum", "labels", "compatibility", "records_kept_before"})
                  List<HistoryEntry> history)
            implements CommandResult {
        @Override
        public String text() {
            return Tables.render(List.of("#", "id", "executed", "type", "tag"), history.stream()
                    .map(h -> Tables.row(h.order(), h.id(), h.dateExecuted(), h.execType(), h.tag()))
                    .toList());
        }
    }

    /** {@code history --runs}: the runs as the api returns them ({@link PosDatabaseChecks#runs}). */
    record Runs(String database, boolean ok, List<UpgradeRun> runs) implements CommandResult {
        @Override
        public String text() {
            return runs.isEmpty() ? "No upgrade or rollback recorded."
                    : runs.stream().map(Runs::text).collect(Collectors.joining(System.lineSeparator()));
        }

        private static String text(UpgradeRun run) {
            String text = run.startedAt() + "  " + run.operation() + "  " + UpgradeRun.releaseText(run.releaseFrom())
                    + " → " + run.releaseToText() + "  " + run.outcome() + "  (" + process(run) + ")"
                    + (run.message() == null ? "" : System.lineSeparator() + "  " + run.message());
            if (!run.steps().isEmpty()) {
                text += System.lineSeparator() + Tables.render(List.of("  outcome", "changeset", "ms", "rows"),
                        run.steps().stream().map(s -> Tables.row("  " + s.outcome(), s.changesetId(), s.durationMs(),
                                s.rowsChanged())).toList());
            }
            return Tables.indented(text, run.steps().stream().filter(step -> !step.namedRows().isEmpty())
                    .map(step -> step.changesetId() + " names rows: " + String.join(", ", step.namedRows())));
        }
    }

    /**
     * "process 4711 on till-3"; a run whose marker an older posdb wrote (killed-restored, or interrupted and not
     * restored yet) does not know them: "process unknown", as the restore's message says, never "null".
     */
    private static String process(UpgradeRun run) {
        return "process " + (run.pid() == null ? "unknown" : run.pid()) + (run.host() == null ? "" : " on " + run.host());
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
        return runs ? new Runs(database.description(), true, PosDatabaseChecks.runs(settings))
                : new Result(database.description(), true, PosDatabaseChecks.history(settings));
    }
}
