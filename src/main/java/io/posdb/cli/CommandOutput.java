package io.posdb.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posdb.database.Engine;
import io.posdb.failure.AfterFailure;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a command reports: its result's text on stdout, or with {@code --json} the result as one
 * JSON object on stdout; failures always on stderr (and {@code "error"} in the JSON). With
 * {@code --progress json} stdout is JSON lines, one object each: the progress events as they come
 * ({@link ProgressOption.JsonLines}), then the result (or the failure) as the last line, the same
 * object {@code --json} prints on one line with {@code "event": "result"} first, with or without
 * {@code --json}: a splash screen reads one kind of line to the end.
 */
record CommandOutput(CommandSpec spec, OutputOptions options, boolean jsonLines) {

    CommandOutput {
        LogLevels.configure(options.verbose);
    }

    /** The last JSON line of {@code --progress json}: {@code "event": "result"}, then the result's fields. */
    private static void resultLine(PrintWriter out, ObjectNode result) {
        out.println(JsonOutput.event("result", result));
        out.flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints the result: the record with --json, its text without. */
    void result(CommandResult result) {
        if (jsonLines) {
            resultLine(out(), JsonOutput.object(result));
        } else if (options.json) {
            JsonOutput.print(out(), result);
        } else if (!result.text().isEmpty()) {
            out().println(result.text());
            out().flush();
        }
    }

    /**
     * A failed command on stderr: its {@link FailureReport}'s lines (one line, or the short block of a failed
     * changeset); the whole error with its stack trace only with --verbose; with --json also the JSON object of what
     * was known before the failure ({@code known}, a typed record or null) with the same report's fields.
     * {@code exitCode} is decided by ExitCodes.
     */
    void failure(String command, Engine engine, Throwable error, Object known, int exitCode) {
        FailureReport report = FailureReport.of(command, engine, error, exitCode);
        PrintWriter err = spec.commandLine().getErr();
        report.lines().forEach(err::println);
        err.flush();
        if (options.verbose) {
            org.slf4j.LoggerFactory.getLogger(CommandOutput.class).error("posdb {} failed", command, error);
        }
        if (options.json || jsonLines) {
            printFailure(out(), jsonLines, known, report);
        }
    }

    /**
     * A failure's JSON: what was known before it, with {@code ok} false and the fields of the {@link FailureReport}
     * whose lines went to stderr: {@code error} (the cause in a line), {@code exit_code}, and when they apply
     * {@code failed_changeset} and {@code failed_changeset_file}, {@code after} ({@link AfterFailure} in lower case:
     * {@code restored}, {@code not_touched}, {@code rolled_back}, the fact a splash screen acts on)
     * with {@code after_message} (its words), and {@code to_do}.
     */
    private static void printFailure(PrintWriter out, boolean jsonLines, Object known, FailureReport report) {
        ObjectNode failed = JsonOutput.object(known);
        failed.put("ok", false);
        failed.setAll(JsonOutput.object(report));
        if (jsonLines) {
            resultLine(out, failed);
        } else {
            JsonOutput.print(out, failed);
        }
    }

    /**
     * A usage error (exit 2: picocli refused the command line, or a command refused an option's value), after
     * its message, picocli's suggestion and where the help is went to stderr (ExitCodes): with {@code --json} or {@code --progress json} stdout carries
     * the failure's JSON all the same, as for every other failure ({@link #failure}). Whether they were asked for is
     * read from the arguments: the command line may have failed before its options were set.
     */
    static void usageError(PrintWriter out, String command, String[] args, Object known, Throwable error,
                           int exitCode) {
        List<String> arguments = Arrays.asList(args);
        // What follows "--" is positional, not an option.
        List<String> options = arguments.contains("--") ? arguments.subList(0, arguments.indexOf("--")) : arguments;
        boolean jsonLines = options.contains("--progress=json")
                || Collections.indexOfSubList(options, List.of("--progress", "json")) >= 0;
        if (jsonLines || options.contains("--json")) {
            printFailure(out, jsonLines, known, FailureReport.of(command, null, error, exitCode));
        }
    }

    /**
     * How a failed rehearsal's message ends: its work ran on a copy, so {@code database} was only read, and
     * nothing of it was restored. The block says so on its own line, in place of a restore.
     */
    static String untouched(String database) {
        return FailureReport.AFTER_SEPARATOR + database + " was not touched: the rehearsal ran on a copy of it";
    }
}
