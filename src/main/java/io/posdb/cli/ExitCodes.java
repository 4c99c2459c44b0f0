package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine;

/**
 * Every exit code of {@code posdb}, decided here and only here: the codes of success and
 * usage, and for every failure the code of its {@link BootFailure}. picocli asks this
 * mapper for command-line errors and for whatever a command threw. The README's table
 * lists the same codes.
 */
public final class ExitCodes implements IExitCodeExceptionMapper {

    /** The command did what it was asked: ready, up to date, valid. */
    public static final int OK = 0;
    /** The command line itself is wrong: unknown option or command, bad value. */
    public static final int USAGE = 2;
    /** {@code status}: changesets are pending. */
    public static final int PENDING = 3;

    @Override
    public int getExitCode(Throwable error) {
        if (error instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return failureOf(error).exitCode();
    }

    /** The typed failure behind {@code error}; anything untyped is a failed command (1). */
    static BootFailure failureOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PosDatabaseException failure) {
                return failure.kind();
            }
        }
        return BootFailure.MIGRATION_FAILED;
    }
}
