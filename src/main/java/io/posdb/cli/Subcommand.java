package io.posdb.cli;

import io.posdb.api.PosDatabase;
import io.posdb.database.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every posdb command shares, so that a command is its options and what it does: help and
 * version, {@code --json} and {@code --verbose}, printing its typed result (text or JSON from the
 * same record), and reporting its failure. A command throws its failures typed; {@link ExitCodes}
 * gives their code and has the command report them ({@link #reportFailure}).
 */
@Command(mixinStandardHelpOptions = true, versionProvider = PosdbCommand.class)
abstract class Subcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions outputOptions;

    /**
     * The command this process runs, from when its output is set up until its result or failure is printed: what
     * the shutdown hook reports when a signal stops the process in between ({@link #stoppedBeforeItsResult}).
     */
    private static final AtomicReference<Subcommand> RUNNING = new AtomicReference<>();
    /** How the JVM ends on SIGTERM ({@code systemctl stop}): 128 + 15. Ctrl-C (SIGINT) ends it with 130. */
    static final int STOPPED_BY_SIGTERM = 143;

    private CommandOutput output;
    private Object known;
    /** The engine of the one database the command works on, once it is chosen; null before, and for transfer. */
    private Engine engine;
    /** What the command's work opened for the operator's eyes (a progress bar), closed before its result is printed. */
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Does the command's work and returns what it found; a failure is thrown. */
    abstract CommandResult run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        // --progress json (the commands that upgrade have it) turns stdout into JSON lines, the result last.
        picocli.CommandLine.Model.OptionSpec progress = spec.findOption("--progress");
        output = new CommandOutput(spec, outputOptions,
                progress != null && progress.getValue() == ProgressOption.Mode.json);
        // Added once per process (by its name), where the command it reports starts: not for --help or --version.
        // A process already stopping adds none, and has no command left to report.
        PosDatabase.atExit("posdb-stopped-command", Subcommand::stoppedBeforeItsResult);
        RUNNING.set(this);
        CommandResult result;
        try {
            result = run();
        } finally {
            for (AutoCloseable opened : toClose) {
                opened.close();
            }
            toClose.clear();
        }
        output.result(result);
        ended();
        return result.exitCode();
    }

    /**
     * A signal stopped the process while a command ran (SIGTERM, Ctrl-C): its failure is reported as any other, one
     * line on stderr, and with {@code --json} or {@code --progress json} the failure's JSON on stdout, so that a
     * program reading it gets its last line (the {@code "event": "result"} of JSON lines) instead of none. What the
     * stopped work leaves is said by the work itself (an upgrade's restore at the next boot: StoppedUpgrades).
     * Nothing when the command had printed its result: {@code System.exit} runs this hook too.
     */
    private static void stoppedBeforeItsResult() {
        Subcommand stopped = RUNNING.getAndSet(null);
        if (stopped != null) {
            stopped.output.failure(stopped.spec.name(), stopped.engine, new IllegalStateException("stopped by a signal "
                    + "before it finished (exit " + STOPPED_BY_SIGTERM + " for SIGTERM, 130 for Ctrl-C)"),
                    stopped.known, STOPPED_BY_SIGTERM);
        }
    }

    /** Closed when the command's work ends, before its result or failure is printed. */
    final void closeAfter(AutoCloseable opened) {
        toClose.add(opened);
    }

    /** What --json says if the command fails from here on: a record of what is known so far (the database, ...). */
    final void known(Object soFar) {
        known = soFar;
    }

    /** The engine of the database the command works on: a failed changeset's advice is what works there. */
    final void worksOn(Engine chosen) {
        engine = chosen;
    }

    /** What --json says of the command so far (null before it started): a failure's JSON starts from it. */
    final Object known() {
        return known;
    }

    /** True once the command has set up its output: a failure came from its work, not from the command line. */
    final boolean started() {
        return output != null;
    }

    /** The failure on stderr, and with --json the JSON object of what was known before it. */
    final void reportFailure(Throwable error, int exitCode) {
        output.failure(spec.name(), engine, error, known, exitCode);
        ended();
    }

    /**
     * Its result, failure or usage error (an option it checks as it runs) is printed: the exit that follows runs the
     * shutdown hook too, which must not report it as stopped by a signal.
     */
    final void ended() {
        RUNNING.compareAndSet(this, null);
    }
}
