package io.posdb.cli;

/**
 * Every exit code of {@code posdb}, in one place. The README's table lists the same.
 */
public final class ExitCodes {

    /** The command did what it was asked: ready, up to date, valid. */
    public static final int OK = 0;
    /** The command failed: migration error, invalid schema, unusable database. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong: unknown option or command, bad value. */
    public static final int USAGE = 2;
    /** {@code status}: changesets are pending. */
    public static final int PENDING = 3;

    private ExitCodes() {
    }
}
