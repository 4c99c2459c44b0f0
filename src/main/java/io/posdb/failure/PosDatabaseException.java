package io.posdb.failure;

/**
 * The database cannot be used and the application must not start; the message says what to look
 * at. {@link #kind()} says why and {@link #exitCode()} is the process exit code the README's table
 * documents for it, so an application can exit the way {@code posdb boot} would.
 *
 * <p>posdb's one failure type: the upgrade flow, the runner and the checks throw it, and the api
 * ({@code io.posdb.api}) passes it on as it is, so there is no second type to translate into and
 * back. It lives here rather than in {@code io.posdb.api} because every layer below the api throws
 * it and the api depends on those layers, not they on it (PackageLayoutTest); the api declares no
 * exception of its own.
 */
public class PosDatabaseException extends Exception {

    private final BootFailure kind;
    private final AfterFailure after;
    private final boolean temporaryFolderAtFault;

    /** The message is never empty: a blank one is replaced by what the cause says ({@link FailureReason}). */
    public PosDatabaseException(BootFailure kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    /**
     * A failed upgrade whose message ends with what it left of the database ({@code after}: restored, not touched,
     * a server's one transaction rolled back), after " — ".
     */
    public PosDatabaseException(BootFailure kind, String message, AfterFailure after, Throwable cause) {
        this(kind, message, after, false, cause);
    }

    private PosDatabaseException(BootFailure kind, String message, AfterFailure after, boolean temporaryFolderAtFault,
                                 Throwable cause) {
        super(FailureReason.says(message) ? message : FailureReason.of(cause), cause);
        this.kind = kind;
        this.after = after;
        this.temporaryFolderAtFault = temporaryFolderAtFault;
    }

    /**
     * A temporary folder's failure, not the database's place's: Java's (or SQLite's) temporary folder is missing,
     * unwritable or full, and {@code message} names that folder and the setting that gives another. Marked so that
     * no advice about the database's own disk is added after it ({@link #temporaryFolderAtFault()}), whatever the
     * message's words.
     */
    public static PosDatabaseException ofTemporaryFolder(BootFailure kind, String message, Throwable cause) {
        return new PosDatabaseException(kind, message, null, true, cause);
    }

    public PosDatabaseException(BootFailure kind, String message) {
        this(kind, message, null);
    }

    /**
     * This failure with {@code more} after its message (what became of the database after it: restored, left
     * applied) and {@code after} saying the same: the same kind and the same cause, so the cause stays the error
     * that made it (Hibernate's, the driver's, Liquibase's), not this failure a second time in nearly the same
     * words. Where it was thrown and what was suppressed on the way go with it.
     */
    public PosDatabaseException followedBy(String more, AfterFailure after) {
        PosDatabaseException longer = new PosDatabaseException(kind, getMessage() + more, after,
                temporaryFolderAtFault, getCause());
        longer.setStackTrace(getStackTrace());
        for (Throwable suppressed : getSuppressed()) {
            longer.addSuppressed(suppressed);
        }
        return longer;
    }

    public BootFailure kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode();
    }

    /**
     * Whether a temporary folder, not the database's place, refused the work ({@link #ofTemporaryFolder}): the
     * message already says where room is needed and how to give Java another folder.
     */
    public boolean temporaryFolderAtFault() {
        return temporaryFolderAtFault;
    }

    /** What the failed upgrade left of the database, when its message ends saying so; else null. */
    public AfterFailure after() {
        return after;
    }
}
