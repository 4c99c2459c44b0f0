package io.posdb.failure;

/**
 * Why a till could not start, each with the process exit code a support person looks up
 * in the README. Codes 0, 2 and 3 belong to success, usage errors and {@code status}
 * ({@code io.posdb.cli.ExitCodes}, which maps every failure to its code through this enum).
 */
public enum BootFailure {
    /** A changeset failed; the database was restored to what it was before the upgrade. */
    MIGRATION_FAILED(1),
    /** The schema does not match the entities (Hibernate validation). */
    INVALID_SCHEMA(1),
    /** The database carries changesets this release does not know: written by a newer release. */
    NEWER_DATABASE(4),
    /** An applied changeset was edited afterwards: its checksum no longer matches. */
    CHECKSUM_MISMATCH(5),
    /** The file is not an SQLite database, or it is truncated or corrupt. */
    UNUSABLE_DATABASE(6),
    /** A command that only works on an existing database was given a file that does not exist. */
    MISSING_DATABASE(6),
    /** The file or its folder cannot be written (read-only, cannot be created, disk full). */
    NOT_WRITABLE(7),
    /** Another live process holds the database's upgrade lock beyond the configured wait. */
    LOCKED(8),
    /** The changelog is missing or cannot be parsed. */
    BAD_CHANGELOG(9),
    /** A database server cannot be reached or refuses the credentials (wrong URL, server down, password). */
    CONNECTION(10),
    /** {@code posdb lint} found errors in the changelog. */
    LINT_ERRORS(11),
    /** The live schema differs from what the applied changesets produce ({@code drift}, {@code --strict-schema}). */
    SCHEMA_DRIFT(12);

    private final int exitCode;

    BootFailure(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
