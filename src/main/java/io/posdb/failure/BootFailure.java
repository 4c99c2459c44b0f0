package io.posdb.failure;

/**
 * Why a till could not start, each with the process exit code a support person looks up
 * in the README. Codes 0, 2 and 3 belong to success, usage errors and {@code status}
 * ({@code io.posdb.cli.ExitCodes}, which maps every failure to its code through this enum and builds
 * {@code posdb --help}'s exit-code list from it; a test holds the README's table to the same codes);
 * {@link #NOT_IN_HISTORY} shares 2: a tag, changeset or count the operator named is a bad value on that database.
 */
public enum BootFailure {
    /**
     * A changeset failed, and the database was restored to what it was before the upgrade; or Liquibase's validation
     * refused one (a change type SQLite refuses) before anything was written, and the database was not changed.
     */
    MIGRATION_FAILED(1, "a migration failed (the database was restored) or was refused before it ran (not changed)"),
    /** The schema does not match the entities (Hibernate validation). */
    INVALID_SCHEMA(1, "the schema does not match the entities"),
    /** The database carries changesets this release does not know: written by a newer release. */
    NEWER_DATABASE(4, "the database was upgraded by a newer release (see --allow-newer-database)"),
    /** An applied changeset was edited afterwards: its checksum no longer matches. */
    CHECKSUM_MISMATCH(5, "an applied changeset was edited afterwards (checksum mismatch)"),
    /**
     * The file is not an SQLite database, or it is truncated or corrupt, or this account may not read it (a
     * permission, which {@code posdb doctor} names with the file's owner and mode: not a damaged file).
     */
    UNUSABLE_DATABASE(6, "the database file is not an SQLite database, is truncated or corrupt, or this user "
            + "cannot read it"),
    /** A command that only works on an existing database was given a file that does not exist. */
    MISSING_DATABASE(6, "the database file does not exist (commands that need one)"),
    /**
     * The file or its folder cannot be written (read-only, cannot be created, disk full), or SQLite cannot
     * start because sqlite-jdbc cannot unpack its library into the temporary folder (full, noexec).
     */
    NOT_WRITABLE(7, "cannot write: read-only file or folder, folder cannot be created, disk full, SQLite's temp folder"),
    /**
     * Another live process holds the database's upgrade lock beyond the configured wait, or SQLite's own
     * lock on the file beyond SQLite's busy timeout (a program writing to it).
     */
    LOCKED(8, "another live process holds the database's upgrade lock beyond --lock-wait, or SQLite's lock on "
            + "the file"),
    /**
     * What the operator named (a rollback's tag or count, audit's changeset) is not in the database's applied
     * history: refused before anything is written. A value the command line cannot use on this database, so a
     * usage error's code: nothing was tried, nothing failed or was restored.
     */
    NOT_IN_HISTORY(2, "the tag, changeset or count named is not in the database's history (posdb history lists it)"),
    /** The changelog is missing or cannot be parsed. */
    BAD_CHANGELOG(9, "the changelog is missing or malformed"),
    /** A database server cannot be reached or refuses the credentials (wrong URL, server down, password). */
    CONNECTION(10, "cannot connect or authenticate to the database server: check the URL, the server and the credentials"),
    /** {@code posdb lint} found errors in the changelog. */
    LINT_ERRORS(11, "lint: the changelog breaks a rule (errors listed)"),
    /** The live schema differs from what the applied changesets produce ({@code drift}, {@code --strict-schema}). */
    SCHEMA_DRIFT(12, "drift: the live schema differs from what the applied changesets produce"),
    /**
     * A server upgrade met a changeset that breaks older releases while tills of an older release
     * are connected: the upgrade was rolled back (one transaction), nothing of it stays.
     */
    OLDER_TILLS_CONNECTED(13, "tills of an older release are connected and a changeset would break them "
            + "(upgrade later, or see --despite-older-tills)");

    /**
     * The setting {@link #LOCKED}'s wait is, as each caller names it (the command line, the library, Spring Boot):
     * a refusal says which to raise.
     */
    public static final String LOCK_WAIT_SETTING = " (--lock-wait; the lockWait setting, posdb.lock-wait in Spring Boot)";

    /**
     * The setting that lets this release start on {@link #NEWER_DATABASE}'s database, as each caller names it: a
     * refusal read by a library or Spring Boot user names what they can set, not only the command line's option.
     */
    public static final String ALLOW_NEWER_DATABASE_SETTING = "--allow-newer-database (the allowNewerDatabase "
            + "setting, posdb.allow-newer-database in Spring Boot)";

    /**
     * The setting that names a till's SQLite file, as each caller names it: a folder given instead (the shop's folder,
     * not its file) is refused naming what the reader set, {@code PosDatabaseSettings.sqlite} or {@code posdb.db}.
     */
    public static final String DATABASE_FILE_SETTING = " (--db; PosDatabaseSettings.sqlite(path), "
            + "posdb.db in Spring Boot)";

    /**
     * The go-ahead past {@link #OLDER_TILLS_CONNECTED}, as each caller names it: a library or Spring Boot user never
     * typed the command line's option.
     */
    public static final String DESPITE_OLDER_TILLS_SETTING = "--despite-older-tills (the upgradeDespiteOlderTills "
            + "setting, posdb.upgrade-despite-older-tills in Spring Boot)";

    private final int exitCode;
    private final String meaning;

    BootFailure(int exitCode, String meaning) {
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public int exitCode() {
        return exitCode;
    }

    /** What the exit code means, in the words of {@code posdb --help}'s exit-code list (which is made from these). */
    public String meaning() {
        return meaning;
    }
}
