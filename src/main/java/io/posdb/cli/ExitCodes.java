package io.posdb.cli;

import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every exit code of {@code posdb}, decided here and only here: the codes of success, usage and
 * {@code status}, and for every failure the code of its {@link BootFailure}. picocli asks this
 * mapper for whatever a command threw; {@code posdb --help}'s exit-code list is {@link #table()},
 * made from the same kinds, and ExitCodeTableTest holds the README's table to it.
 */
final class ExitCodes implements IExitCodeExceptionMapper {

    /** The command did what it was asked: ready, up to date, valid. */
    static final int OK = 0;
    /** The command line itself is wrong: unknown option or command, bad value. */
    static final int USAGE = 2;
    /** {@code status}: changesets are pending. */
    static final int PENDING = 3;

    /** The codes that are not failures of a kind, in the words of the exit-code list. */
    private static final Map<Integer, String> NOT_FAILURES = Map.of(
            OK, "success (ready, up to date, valid)",
            USAGE, "usage error (unknown command or option, bad value)",
            PENDING, "status: changesets are pending");

    @Override
    public int getExitCode(Throwable error) {
        if (error instanceof ParameterException) {
            return USAGE;
        }
        return failureOf(error).exitCode();
    }

    /** The typed failure behind {@code error}; anything untyped is a failed command (1). */
    static BootFailure failureOf(Throwable error) {
        // A ChangelogException is thrown as it is by what reads a changelog without a database (lint).
        return Causes.first(error, Exception.class,
                        cause -> cause instanceof PosDatabaseException || cause instanceof ChangelogException)
                .map(typed -> typed instanceof PosDatabaseException failure ? failure.kind() : BootFailure.BAD_CHANGELOG)
                .orElse(BootFailure.MIGRATION_FAILED);
    }

    /**
     * Each exit code with what it means, in code order: one line per code, the meanings of the kinds
     * that share a code joined. This is {@code posdb --help}'s list; the README's table has the same codes.
     */
    static Map<String, String> table() {
        Map<Integer, String> meanings = new TreeMap<>(NOT_FAILURES);
        for (BootFailure kind : BootFailure.values()) {
            meanings.merge(kind.exitCode(), kind.meaning(), (earlier, later) -> earlier + "; or " + later);
        }
        Map<String, String> table = new LinkedHashMap<>();
        meanings.forEach((code, words) -> table.put(String.valueOf(code), words));
        return table;
    }

    /**
     * An option's value as the library takes it. The library is the one place that checks a value; the
     * command line only turns its refusal ({@link IllegalArgumentException}) into a usage error (exit 2)
     * that names the option as well as the setting ("--lock-wait: lockWait must be zero or more, got -1s").
     */
    static <T> T option(CommandSpec spec, String option, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * A command line picocli refused, on stderr: its message, picocli's suggestions for a mistyped option or command
     * ("Did you mean: posdb rollback?"), and where the help is ({@code posdb rollback --help}): the whole usage,
     * forty lines for a command and eighty for {@code posdb}, would push the one line that says what is wrong off an
     * operator's screen. Exit 2, from this mapper.
     */
    private static int usageError(ParameterException error) {
        CommandLine failed = error.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(error.getMessage());
        UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for "
                + (failed.getSubcommands().isEmpty() ? "its options." : "the commands and the exit codes."));
        err.flush();
        return USAGE;
    }

    /** The configured mapper and failure printing on {@code commandLine}, and the exit-code list of its help. */
    static CommandLine install(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeList(table());
        return commandLine.setExitCodeExceptionMapper(new ExitCodes())
                .setParameterExceptionHandler((error, args) -> {
                    int exitCode = usageError(error);
                    CommandLine failed = error.getCommandLine();
                    Subcommand command = failed.getCommand() instanceof Subcommand running ? running : null;
                    CommandOutput.usageError(failed.getOut(), failed.getCommandName(), args,
                            command != null ? command.known() : null, error, exitCode);
                    if (command != null) {
                        command.ended();
                    }
                    return exitCode;
                })
                .setExecutionExceptionHandler((error, failed, parseResult) -> {
                    int exitCode = failed.getExitCodeExceptionMapper().getExitCode(error);
                    // One line a support person can act on, not a stack trace; the cause is in --verbose logs.
                    if (failed.getCommand() instanceof Subcommand command && command.started()) {
                        command.reportFailure(error, exitCode);
                    } else {
                        failed.getErr().println("posdb " + failed.getCommandName() + ": " + FailureReason.of(error));
                        failed.getErr().flush();
                    }
                    org.slf4j.LoggerFactory.getLogger(ExitCodes.class).debug("posdb failed", error);
                    return exitCode;
                });
    }
}
