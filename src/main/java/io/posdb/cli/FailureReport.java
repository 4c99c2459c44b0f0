package io.posdb.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.posdb.database.Engine;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A failed command, as one typed record that both printers read: its {@link #lines()} on stderr, and with
 * {@code --json} its components (after what was known before the failure) on stdout. So the JSON's {@code error} is
 * the cause the block's {@code cause:} line gives, not Liquibase's text over several lines, and {@code after_message}
 * and {@code to_do} are the block's {@code restored:} (or {@code database:}, {@code kept:}) and {@code to do:} lines.
 *
 * @param command         the command that failed, as its lines name it ({@code boot})
 * @param error           the cause in a line: a failed changeset's reason ({@link FailedChangeSet#reason}), else the
 *                        failure's message without what it left of the database
 * @param exitCode        the exit code ExitCodes decided
 * @param failedChangeset the id of the changeset that failed; null when the failure is not a changeset's
 * @param failedChangesetFile the file of that changeset, which the to do names
 * @param after           what the failure says it left of the database; null when it says nothing of it
 * @param afterMessage    the failure's own words for {@code after} (after its " — "); null when it has none
 * @param toDo            what to do about it, when posdb can say more than the cause does; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FailureReport(@JsonIgnore String command, String error, int exitCode, String failedChangeset,
                     String failedChangesetFile, @JsonIgnore AfterFailure after, String afterMessage, String toDo) {

    /**
     * How a failure's message goes on to say what it left of the database ({@link AfterFailure}): restored, (a
     * rehearsal's) not touched, or (a server's) its one transaction rolled back.
     */
    static final String AFTER_SEPARATOR = " — ";

    /** The commands that upgrade: what a rehearsal tries on a copy, and status lists before it runs. */
    private static final List<String> UPGRADE_COMMANDS = List.of("boot", "update");

    /**
     * The failure {@code error} of {@code command}, which exits with {@code exitCode}, on a database of {@code engine}
     * (null when the command works on no one database, as transfer, or failed before choosing it): the to do advises
     * what works there.
     */
    static FailureReport of(String command, Engine engine, Throwable error, int exitCode) {
        String message = FailureReason.of(error);
        AfterFailure after = afterFailure(error);
        int separator = after == null ? -1 : message.lastIndexOf(AFTER_SEPARATOR);
        String afterMessage = separator < 0 ? null : message.substring(separator + AFTER_SEPARATOR.length());
        String cause = separator < 0 ? message : message.substring(0, separator);
        boolean diskRefused = exitCode == BootFailure.NOT_WRITABLE.exitCode();
        Optional<FailedChangeSet> failed = FailedChangeSet.in(error);
        if (failed.isEmpty()) {
            // A full disk met outside any changeset (the snapshot, Liquibase's own tables, the -shm) needs the
            // same advice as inside one, unless a temporary folder was at fault: its message already says where to
            // free space and names the setting for another folder, and the database's disk may have plenty (a read
            // command's private copy of a file with a hot -journal, too: CannotReadWithoutWriting is marked so).
            boolean freeSpace = diskRefused && DatabaseFailures.diskFull(error).isPresent()
                    && !temporaryFolderAtFault(error);
            return new FailureReport(command, cause, exitCode, null, null, after, afterMessage,
                    freeSpace ? freeSpace(command, after) : null);
        }
        FailedChangeSet changeSet = failed.get();
        // The disk refused the write (full, read-only): the changeset is not at fault, so nothing in it to fix.
        String toDo = diskRefused ? freeSpace(command, after) : "fix what the cause names in " + changeSet.file()
                + " or in the data, then run " + command + " again" + beforeRunningItAgain(command, engine, after);
        return new FailureReport(command, changeSet.reason(), exitCode, changeSet.id(), changeSet.file(), after,
                afterMessage, toDo);
    }

    /**
     * How to see the upgrade before running it again, after the "to do" line's advice: on an SQLite file a rehearsal
     * tries it on a copy (nothing after a rehearsal itself: it was one); a server has no copy to rehearse on (rehearse
     * works on files), so status lists what the next run applies. Nothing when the command works on no one database,
     * and nothing after a rollback or a downgrade: neither a rehearsal nor status shows an undo before it runs.
     */
    private static String beforeRunningItAgain(String command, Engine engine, AfterFailure after) {
        if (engine == null || after == AfterFailure.NOT_TOUCHED || !UPGRADE_COMMANDS.contains(command)) {
            return "";
        }
        return switch (engine) {
            case SQLITE -> " (posdb rehearse tries it on a copy)";
            case POSTGRESQL -> " (posdb status lists the changesets it will run)";
        };
    }

    /** {@link #after} as the JSON gives it, in lower case ({@code restored}, {@code not_touched}, ...). */
    @JsonProperty("after")
    String afterInLowerCase() {
        return after == null ? null : after.name().toLowerCase(Locale.ROOT);
    }

    /**
     * What a person reads on stderr, without --verbose: when a changeset failed, a short block (which changeset,
     * the cause in a line, what was left of the database, what to do); any other refusal stays the one line it is,
     * followed by the to do when there is one (a full disk). No exception class names, no stack trace: those go to
     * the log with --verbose.
     */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (failedChangeset == null) {
            lines.add("posdb " + command + ": " + error + (afterMessage == null ? "" : AFTER_SEPARATOR + afterMessage));
        } else {
            lines.add("posdb " + command + ": changeset " + failedChangeset + " failed (exit " + exitCode + ")");
            lines.add(labelled("cause:", error));
            if (afterMessage != null) {
                lines.add(labelled(after.label() + ":", afterMessage));
            }
        }
        if (toDo != null) {
            lines.add(labelled("to do:", toDo));
        }
        if (failedChangeset != null) {
            lines.add(labelled("details:", "run again with --verbose for Liquibase's full error and stack trace"));
        }
        return lines;
    }

    private static String labelled(String label, String text) {
        return String.format(Locale.ROOT, "  %-9s %s", label, text);
    }

    /** Whether a failure in {@code error}'s causes is marked as a temporary folder's ({@link PosDatabaseException}). */
    private static boolean temporaryFolderAtFault(Throwable error) {
        return Causes.first(error, PosDatabaseException.class, PosDatabaseException::temporaryFolderAtFault).isPresent();
    }

    /** What the outermost failure that says so tells of the database after it; null when none does. */
    private static AfterFailure afterFailure(Throwable error) {
        return Causes.first(error, PosDatabaseException.class, failed -> failed.after() != null)
                .map(PosDatabaseException::after).orElse(null);
    }

    /**
     * The disk refused the write (full, read-only): the advice, for a changeset's block and a one-line failure. A
     * rehearsal ({@code after} NOT_TOUCHED) upgraded its copy in Java's temporary folder: the room is needed there,
     * and the database's folder may have plenty.
     */
    private static String freeSpace(String command, AfterFailure after) {
        if (after == AfterFailure.NOT_TOUCHED) {
            return DatabaseFailures.roomInTheTemporaryFolder("where the rehearsal upgrades its copy of the database")
                    + ", then run " + command + " again";
        }
        return "free space beside the database (or make it writable), then run " + command
                + " again (posdb doctor shows the free space and the snapshot's size)";
    }
}
