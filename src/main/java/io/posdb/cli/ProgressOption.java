package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.report.UpgradeProgress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --progress}, for the commands that upgrade, downgrade or roll back (issue 22 §4): how the library's
 * {@link UpgradeProgress} events reach the operator. {@code auto} draws a progress bar on stderr when posdb
 * runs on a terminal ({@code System.console()}: stdin and stdout are one; piped or captured, nothing is
 * drawn); {@code json} prints one JSON object per event on stdout, for a splash screen, and the command's
 * result as the last line ({@link CommandOutput}); {@code none} shows nothing. The logs are the same in
 * every mode.
 */
class ProgressOption {

    enum Mode { auto, json, none }

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How to show progress: auto (a bar on stderr on a terminal), json (one JSON object per "
                    + "event on stdout, the result last with \"event\":\"result\"), none (default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.auto;

    /**
     * Gives {@code settings} the listener of this mode, as {@code observed} wraps it (a command that keeps
     * events for its own result); a bar is closed when the command ends ({@link Subcommand}).
     */
    void applyTo(CommandSpec spec, PosDatabaseSettings.Builder settings, UnaryOperator<UpgradeProgress> observed) {
        // none (and auto off a terminal) shows nothing: UpgradeProgress.NONE, the settings' default.
        UpgradeProgress shown = UpgradeProgress.NONE;
        if (mode == Mode.json) {
            shown = new JsonLines(spec.commandLine().getOut());
        } else if (mode == Mode.auto && System.console() != null) {
            Bar bar = new Bar(spec.commandLine().getErr());
            ((Subcommand) spec.userObject()).closeAfter(bar);
            shown = bar;
        }
        settings.progress(observed.apply(shown));
    }

    /** {@code --progress json}: one line of JSON per event on stdout, written and flushed as it happens. */
    record JsonLines(PrintWriter out) implements UpgradeProgress {

        /** The event's fields, named as printed (snake_case), in order: name, value, name, value, ... */
        private synchronized void print(String event, Object... namesAndValues) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
            out.println(JsonOutput.event(event, fields));
            out.flush();
        }

        @Override
        public void plan(String operation, List<String> changesets) {
            print("plan", "operation", operation, "changesets", changesets);
        }

        @Override
        public void changesetStarted(String changesetId) {
            print("changeset_started", "changeset", changesetId);
        }

        @Override
        public void changesetFinished(String changesetId, String outcome, long durationMillis) {
            print("changeset_finished", "changeset", changesetId, "outcome", outcome, "duration_ms", durationMillis);
        }

        @Override
        public void rows(String changesetId, long done, long total, Long estimatedMillisLeft) {
            print("rows", "changeset", changesetId, "done", done, "total", total,
                    "estimated_ms_left", estimatedMillisLeft);
        }

        @Override
        public void restoreStarted(String snapshot) {
            print("restore_started", "snapshot", snapshot);
        }

        @Override
        public void restoreFinished(String snapshot) {
            print("restore_finished", "snapshot", snapshot);
        }
    }

    /**
     * The bar on a terminal (me.tongfei:progressbar): one step per changeset of the plan, the changeset
     * running and a data change's rows with the time left beside it. Drawn on the command's stderr, between
     * the log lines, which stay as they are.
     */
    static final class Bar implements UpgradeProgress, AutoCloseable {

        private final PrintWriter err;
        private ProgressBar bar;

        Bar(PrintWriter err) {
            this.err = err;
        }

        private ProgressBar bar(String task, long max) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUpdateIntervalMillis(250)
                        .setConsumer(new DelegatingProgressBarConsumer(text -> {
                            err.print('\r' + text);
                            err.flush();
                        })).build();
            }
            return bar;
        }

        @Override
        public synchronized void plan(String operation, List<String> changesets) {
            bar(operation, changesets.size());
        }

        @Override
        public synchronized void changesetStarted(String changesetId) {
            // A rollback sends no plan: its bar counts changesets without a total.
            bar("rollback", -1).setExtraMessage(changesetId);
        }

        @Override
        public synchronized void changesetFinished(String changesetId, String outcome, long durationMillis) {
            bar("rollback", -1).step().setExtraMessage(changesetId + " " + outcome);
        }

        @Override
        public synchronized void rows(String changesetId, long done, long total, Long estimatedMillisLeft) {
            bar("rows", -1).setExtraMessage(changesetId + " " + done + "/" + total + " rows"
                    + (estimatedMillisLeft == null ? "" : ", about " + (estimatedMillisLeft + 999) / 1000 + " s left"));
        }

        @Override
        public synchronized void restoreStarted(String snapshot) {
            bar("restore", -1).setExtraMessage("restoring " + (snapshot == null ? "(removing the new file)" : snapshot));
        }

        @Override
        public synchronized void restoreFinished(String snapshot) {
            bar("restore", -1).setExtraMessage("restored");
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                err.println();
                err.flush();
                bar = null;
            }
        }
    }
}
