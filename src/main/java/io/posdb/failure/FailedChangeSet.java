package io.posdb.failure;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which changeset an update failed on and why, in words an operator reads: Liquibase wraps
 * the cause several levels deep and prefixes each level with its exception class name
 * ({@code liquibase.exception.DatabaseException: ...}), which says nothing to a support person.
 * The exception itself, with its cause, stays available for --verbose and log files.
 */
public record FailedChangeSet(String id, String file, String reason) {

    private static final Pattern HEADER =
            Pattern.compile("Migration failed for changeset ([^:\\s]+)::([^:\\s]+)::[^:\\s]+:\\s*(?:Reason:)?\\s*",
                    Pattern.DOTALL);
    /**
     * A halting guard's words (its changeset, up to 20 rows, the guards not checked) mostly fit whole; a SQL dump
     * does not. A longer reason is cut in the middle ({@link #readable}).
     */
    private static final int MAX_REASON = 600;
    /**
     * How much of a long reason's end is kept, at most: posdb's own words (a guard's) end with what to do, after the
     * rows they name ("Correct them with a data change numbered before …, then update again.", and the later guards
     * not checked yet), and this fits those sentences with a few changeset ids in them.
     */
    private static final int MAX_END = 400;
    /** Where a sentence starts: after a full stop and a space, at a capital letter. */
    private static final Pattern SENTENCE_START = Pattern.compile("\\. (?=\\p{Lu})");
    /** How Liquibase closes a reason with the SQL that failed: {@code … (no such column: x) [Failed SQL: (1) UPDATE …]}. */
    private static final String FAILED_SQL = " [Failed SQL: ";
    /**
     * The error itself, as a line lint prints beside a changeset's id (which points at its finding, where the reason
     * is whole): SQLite's words fit in a few dozen characters, and one line in a terminal or a CI log is read.
     */
    private static final int MAX_ERROR = 200;
    /**
     * Liquibase's quote of the failed SQL, cut: the finding names the file and line of the change, where the SQL
     * is whole, so the quote has only to say which statement; a whole statement made lint's lines 800 characters.
     */
    private static final int MAX_QUOTED_SQL = 120;

    /**
     * The failed changeset named in {@code error}'s causes, if a changeset (or its rollback,
     * {@link ChangeSetRollbackFailed}) failed (not, say, the disk).
     * The deepest cause that names it gives the reason: the wrappers above it repeat its message and add
     * their own words (what was restored), which the operator reads once, on their own line.
     */
    public static Optional<FailedChangeSet> in(Throwable error) {
        Optional<FailedChangeSet> update = deepest(error,
                (header, reason) -> new FailedChangeSet(header.group(2), header.group(1), readable(reason)));
        return update.isPresent() ? update
                : Causes.first(error, ChangeSetRollbackFailed.class).map(ChangeSetRollbackFailed::failed);
    }

    /**
     * A failed update in a line, as a caller that gets no block of its own reads it (a server's record of the run,
     * a rehearsal's {@code error}): "changeset {@code id} ({@code file}) failed: " and the {@link #reason} the
     * command line prints as its cause; when no changeset failed (the disk, the lock), the error's own reason,
     * {@link #readable}. Liquibase's text comes over several lines, its class names in it.
     */
    public static String inALine(Throwable error) {
        return in(error).map(failed -> "changeset " + failed.id() + " (" + failed.file() + ") failed: " + failed.reason())
                .orElseGet(() -> readable(FailureReason.of(error)));
    }

    /**
     * The reason the deepest cause naming a failed changeset gives, whole: what an upgrade's record keeps
     * (issue 22 §5), where {@link #in} cuts it to a line for the console.
     */
    public static Optional<String> fullReasonIn(Throwable error) {
        return deepest(error, (header, reason) -> plain(reason));
    }

    /** What {@code read} makes of the deepest cause naming a failed changeset: its header and the reason after it. */
    private static <T> Optional<T> deepest(Throwable error, BiFunction<Matcher, String, T> read) {
        T deepest = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            Matcher header = message == null ? null : HEADER.matcher(message);
            if (header != null && header.find()) {
                deepest = read.apply(header, message.substring(header.end()));
            }
        }
        return Optional.ofNullable(deepest);
    }

    /**
     * {@code text} without exception class names, on one line, at most {@value #MAX_REASON} characters. A longer one
     * made of posdb's own words (a guard naming many rows, or rows with long keys) loses its middle, the end of the
     * list of rows, so that the closing sentences, what to do, are kept whole ({@link #MAX_END}); one that quotes
     * Liquibase's failed SQL loses its end, the SQL, and keeps the error before it ({@link #withQuotedSqlCut}).
     */
    public static String readable(String text) {
        String plain = plain(text);
        if (plain.length() <= MAX_REASON) {
            return plain;
        }
        if (plain.contains(FAILED_SQL)) {
            return plain.substring(0, MAX_REASON - 1) + "…";
        }
        String end = closingSentences(plain);
        return plain.substring(0, MAX_REASON - end.length() - 2).stripTrailing() + "… " + end;
    }

    /**
     * The end of {@code plain} that is kept when it is cut: its sentences from the first that starts within its last
     * {@value #MAX_END} characters; those last characters as they are when no sentence starts there.
     */
    private static String closingSentences(String plain) {
        int window = plain.length() - MAX_END;
        Matcher sentence = SENTENCE_START.matcher(plain);
        return sentence.find(window) ? plain.substring(sentence.end()) : plain.substring(window);
    }

    /**
     * The error of a {@link #reason} without Liquibase's quote of the SQL that failed ({@code no such column: x}),
     * at most {@value #MAX_ERROR} characters: what went wrong, in a line that stays readable.
     */
    public static String error(String reason) {
        int quote = reason.indexOf(FAILED_SQL);
        return cut(quote < 0 ? reason : reason.substring(0, quote), MAX_ERROR);
    }

    /**
     * A {@link #reason} with Liquibase's quote of the failed SQL cut to {@value #MAX_QUOTED_SQL} characters (and the
     * error before it to {@value #MAX_ERROR}): enough to tell which statement failed, in a line that stays readable.
     * A reason without such a quote (posdb's own words: a guard, a custom change) is left as it is.
     */
    public static String withQuotedSqlCut(String reason) {
        int quote = reason.indexOf(FAILED_SQL);
        if (quote < 0) {
            return reason;
        }
        // readable() may have cut the reason inside the quote already, and its closing bracket with it.
        String sql = reason.substring(quote + FAILED_SQL.length()).replaceFirst("(?:]|…)$", "");
        return error(reason) + FAILED_SQL + cut(sql, MAX_QUOTED_SQL) + "]";
    }

    private static String cut(String text, int max) {
        String stripped = text.strip();
        return stripped.length() <= max ? stripped : stripped.substring(0, max - 1).stripTrailing() + "…";
    }

    /** {@code text} without exception class names, on one line, whole. */
    public static String plain(String text) {
        return FailureReason.withoutClassNames(text).replaceAll("\\s+", " ").strip();
    }
}
