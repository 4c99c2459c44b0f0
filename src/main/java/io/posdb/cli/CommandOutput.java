package io.posdb.cli;

import io.posdb.bootstrap.BootException;
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
        this.spec = spec;
        this.json = options.json;
        this.verbose = options.verbose;
        LogLevels.configure(options.verbose);
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

    int failure(String command, String message, Map<String, Object> fields) {
        return failure(command, message, fields, ExitCodes.FAILURE);
    }

    int failure(String command, String message, Map<String, Object> fields, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("posdb " + command + ": " + message);
        err.flush();
        if (json) {
            Map<String, Object> withError = new LinkedHashMap<>(fields);
            withError.put("ok", false);
            withError.put("error", message);
            withError.put("exit_code", exitCode);
            JsonOutput.print(out(), withError);
        }
        return exitCode;
    }

    /** A refused or failed boot/update: its documented exit code and FailureReport's lines. */
    int failure(String command, BootException error, Map<String, Object> fields) {
        PrintWriter err = spec.commandLine().getErr();
        FailureReport.lines(command, error).forEach(err::println);
        err.flush();
        if (verbose) { // the whole error, causes and stack trace, only when asked for
            org.slf4j.LoggerFactory.getLogger(CommandOutput.class).error("posdb {} failed", command, error);
        }
        if (json) {
            Map<String, Object> withError = new LinkedHashMap<>(fields);
            withError.put("ok", false);
            withError.put("error", error.getMessage());
            withError.put("exit_code", error.failure().exitCode());
            JsonOutput.print(out(), withError);
        }
        return error.failure().exitCode();
    }

    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }
}
