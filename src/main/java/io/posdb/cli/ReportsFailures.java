package io.posdb.cli;

/** A command that reports its own failures (one line, and the JSON object with --json) once it has started. */
interface ReportsFailures {

    /** True once the command has set up its output: a failure came from its work, not from the command line. */
    boolean started();

    void reportFailure(Throwable error, int exitCode);
}
