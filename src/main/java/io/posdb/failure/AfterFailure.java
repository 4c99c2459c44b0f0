package io.posdb.failure;

/**
 * What a failed upgrade left of the database, which its message says after " — " in words of its own: the
 * command line's block labels that line from this, so the label cannot claim a restore the words deny.
 */
public enum AfterFailure {

    /** An SQLite file put back to its snapshot: nothing of the attempt is left. */
    RESTORED("restored"),
    /** A rehearsal: the upgrade failed on its copy; the operator's database was only read. */
    NOT_TOUCHED("database"),
    /** A server: each changeset is its own transaction, so the ones before the failing one stay applied. */
    KEPT_BEFORE_THE_FAILING_ONE("kept");

    private final String label;

    AfterFailure(String label) {
        this.label = label;
    }

    /** The label of its line in a failed changeset's block ({@code restored:}, {@code database:}, {@code kept:}). */
    public String label() {
        return label;
    }
}
