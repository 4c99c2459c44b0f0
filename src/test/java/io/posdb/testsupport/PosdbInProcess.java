package io.posdb.testsupport;

import io.posdb.cli.PosdbCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code posdb} in the test's JVM, through the command line its main method runs
 * ({@link PosdbCommand#newCommandLine()}): the same exit code, and the command's own stdout and
 * stderr, as a process gives, without starting a JVM. What a process adds (its logging set-up,
 * its working directory and environment) needs {@link PosdbProcess}; here logs go to the tests'
 * logging ({@link CapturedLogs}), so name the database with {@code --db}.
 */
public final class PosdbInProcess {

    private PosdbInProcess() {
    }

    public static PosdbProcess.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine posdb = PosdbCommand.newCommandLine();
        posdb.setOut(new PrintWriter(out));
        posdb.setErr(new PrintWriter(err));
        int exitCode = posdb.execute(args);
        return new PosdbProcess.Result(exitCode, out.toString(), err.toString());
    }
}
