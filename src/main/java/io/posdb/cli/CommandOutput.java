package io.posdb.cli;

import io.posdb.failure.FailureReason;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a command reports: human text on stdout, or with {@code --json} one JSON object on
 * stdout; failures always as one line on stderr (and {@code "error"} in the JSON).
 */
final class CommandOutput {

    private final CommandSpec spec;
    private final boolean json;
    private final boolean verbose;

    CommandOutput(CommandSpec spec, CommonOptions options) {
        this(spec, options.json, options.verbose);
    }

    CommandOutput(CommandSpec spec, boolean json, boolean verbose) {
        this.spec = spec;
        this.json = json;
        this.verbose = verbose;
        LogLevels.configure(verbose);
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints the result; {@code text} is used without --json, {@code fields} with it. */
    void result(Map<String, Object> fields, String text) {
        if (json) {
            JsonOutput.print(out(), fields);
        } else if (text != null && !text.isEmpty()) {
            out().println(text);
            out().flush();
        }
    }

    /**
     * A failed command on stderr: FailureReport's lines (one line, or the short block of a failed
     * changeset); the whole error with its stack trace only with --verbose; with --json also the
     * JSON object with what was known so far. Returns {@code exitCode}, decided by ExitCodes.
     */
    int failure(String command, Throwable error, Map<String, Object> fields, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        FailureReport.lines(command, error, exitCode).forEach(err::println);
        err.flush();
        if (verbose) {
            org.slf4j.LoggerFactory.getLogger(CommandOutput.class).error("posdb {} failed", command, error);
        }
        if (json) {
            Map<String, Object> withError = new LinkedHashMap<>(fields);
            withError.put("ok", false);
            withError.put("error", FailureReason.of(error));
            withError.put("exit_code", exitCode);
            JsonOutput.print(out(), withError);
        }
        return exitCode;
    }

    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }
}
