package io.posdb.failure;

/**
 * What a failed upgrade (or transfer) left of the database, which its message says after " — " in words of its
 * own: the command line's block labels that line from this, so the label cannot claim a restore the words deny.
 */
public enum AfterFailure {

    /** An SQLite file put back to its snapshot: nothing of the attempt is left. */
    RESTORED("restored"),
    /**
     * Refused before anything was written (a rollback of a changeset Liquibase cannot undo): no snapshot, no record,
     * the file as it was, though the refusal names a changeset as a failed one is named.
     */
    UNCHANGED("database"),
    /**
     * A rehearsal: the upgrade failed on its copy; the operator's database was only read. A transfer stopped before
     * it wrote to its target: the target is as it was, and the shop's file was only read.
     */
    NOT_TOUCHED("database"),
    /** A server: the whole upgrade is one transaction, rolled back: the server is as it was before it. */
    ROLLED_BACK("undone"),
    /**
     * A transfer that failed after it migrated its target: the target holds the changelog's tables and no row of
     * the shop (the copy is one transaction, not committed), a target the transfer takes when run again.
     */
    MIGRATED("target");

    private final String label;

    AfterFailure(String label) {
        this.label = label;
    }

    /** The label of its line in a failed changeset's block ({@code restored:}, {@code database:}, {@code undone:}). */
    public String label() {
        return label;
    }
}
