package io.posdb.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /**
     * What a failure's message says after it of the database ({@link AfterFailure}): restored, (a rehearsal's) not
     * touched, or (a server's) the changesets before the failing one kept.
     */
    private static final String RESTORE_SEPARATOR = " — ";

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
     * A failed command on stderr: {@link #failureLines} (one line, or the short block of a failed
     * changeset); the whole error with its stack trace only with --verbose; with --json also the
     * JSON object of what was known before the failure ({@code known}, a typed record or null) with
     * {@code ok}, {@code error} and {@code exit_code}. {@code exitCode} is decided by ExitCodes.
     */
    void failure(String command, Throwable error, Object known, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        failureLines(command, error, exitCode).forEach(err::println);
        err.flush();
        if (options.verbose) {
            org.slf4j.LoggerFactory.getLogger(CommandOutput.class).error("posdb {} failed", command, error);
        }
        if (options.json || jsonLines) {
            printFailure(out(), jsonLines, known, error, exitCode);
        }
    }

    /**
     * A failure's JSON: what was known before it, with {@code ok}, {@code error} and {@code exit_code}, and
     * {@code after} when the failure says what it left of the database ({@link AfterFailure} in lower case:
     * {@code restored}, {@code not_touched}, {@code kept_before_the_failing_one}), the fact a splash screen acts on.
     */
    private static void printFailure(PrintWriter out, boolean jsonLines, Object known, Throwable error, int exitCode) {
        ObjectNode failed = JsonOutput.object(known);
        failed.put("ok", false);
        failed.put("error", FailureReason.of(error));
        failed.put("exit_code", exitCode);
        AfterFailure after = afterFailure(error);
        if (after != null) {
            failed.put("after", after.name().toLowerCase(Locale.ROOT));
        }
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
    static void usageError(PrintWriter out, String[] args, Object known, Throwable error, int exitCode) {
        List<String> arguments = Arrays.asList(args);
        // What follows "--" is positional, not an option.
        List<String> options = arguments.contains("--") ? arguments.subList(0, arguments.indexOf("--")) : arguments;
        boolean jsonLines = options.contains("--progress=json")
                || Collections.indexOfSubList(options, List.of("--progress", "json")) >= 0;
        if (jsonLines || options.contains("--json")) {
            printFailure(out, jsonLines, known, error, exitCode);
        }
    }

    /**
     * How a failed rehearsal's message ends: its work ran on a copy, so {@code database} was only read, and
     * nothing of it was restored. The block says so on its own line, in place of a restore.
     */
    static String untouched(String database) {
        return RESTORE_SEPARATOR + database + " was not touched: the rehearsal ran on a copy of it";
    }

    /**
     * What a failure prints on stderr without --verbose: when a changeset failed, a short block (which
     * changeset, the cause in a line, what was restored, what to do); any other refusal stays the one
     * line it is, followed on a full disk by the same "to do" line. No exception class names, no stack
     * trace: those go to the log with --verbose.
     */
    static List<String> failureLines(String command, Throwable error, int exitCode) {
        Optional<FailedChangeSet> failed = FailedChangeSet.in(error);
        if (failed.isEmpty()) {
            String line = "posdb " + command + ": " + FailureReason.of(error);
            // A full disk met outside any changeset (the snapshot, Liquibase's own tables, the -shm) needs the
            // same advice as inside one, unless the message already says where to free space (a temporary folder).
            if (exitCode == BootFailure.NOT_WRITABLE.exitCode() && DatabaseFailures.diskFull(error).isPresent()
                    && !line.toLowerCase(Locale.ROOT).contains("free space")) {
                return List.of(line, freeSpace(command));
            }
            return List.of(line);
        }
        FailedChangeSet changeSet = failed.get();
        String message = FailureReason.of(error);
        int restore = message.lastIndexOf(RESTORE_SEPARATOR);
        List<String> lines = new ArrayList<>();
        lines.add("posdb " + command + ": changeset " + changeSet.id() + " failed (exit " + exitCode + ")");
        lines.add("  cause:    " + changeSet.reason());
        AfterFailure after = afterFailure(error);
        boolean onACopy = after == AfterFailure.NOT_TOUCHED;
        if (after != null && restore >= 0) {
            lines.add(String.format(Locale.ROOT, "  %-9s %s", after.label() + ":",
                    message.substring(restore + RESTORE_SEPARATOR.length())));
        }
        if (exitCode == BootFailure.NOT_WRITABLE.exitCode()) {
            // The disk refused the write (full, read-only): the changeset is not at fault, so nothing in it to fix.
            lines.add(freeSpace(command));
        } else {
            lines.add("  to do:    fix what the cause names in " + changeSet.file() + " or in the data, then run "
                    + command + " again" + (onACopy ? "" : " (posdb rehearse tries it on a copy)"));
        }
        lines.add("  details:  run again with --verbose for Liquibase's full error and stack trace");
        return lines;
    }

    /** What the outermost failure that says so tells of the database after it; null when none does. */
    private static AfterFailure afterFailure(Throwable error) {
        return Causes.first(error, PosDatabaseException.class, failed -> failed.after() != null)
                .map(PosDatabaseException::after).orElse(null);
    }

    /** The disk refused the write (full, read-only): the advice, for a changeset's block and a one-line failure. */
    private static String freeSpace(String command) {
        return "  to do:    free space beside the database (or make it writable), then run " + command
                + " again (posdb doctor shows the free space and the snapshot's size)";
    }
}
