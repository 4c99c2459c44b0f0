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
    /** A halting guard's words (its changeset, up to 20 rows, the guards not checked) fit whole; a SQL dump does not. */
    private static final int MAX_REASON = 600;

    /**
     * The failed changeset named in {@code error}'s causes, if a changeset failed (not, say, the disk).
     * The deepest cause that names it gives the reason: the wrappers above it repeat its message and add
     * their own words (what was restored), which the operator reads once, on their own line.
     */
    public static Optional<FailedChangeSet> in(Throwable error) {
        return deepest(error, (header, reason) -> new FailedChangeSet(header.group(2), header.group(1), readable(reason)));
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

    /** {@code text} without exception class names, on one line, at most a few hundred characters. */
    public static String readable(String text) {
        String plain = plain(text);
        return plain.length() <= MAX_REASON ? plain : plain.substring(0, MAX_REASON - 1) + "…";
    }

    /** {@code text} without exception class names, on one line, whole. */
    public static String plain(String text) {
        return FailureReason.withoutClassNames(text).replaceAll("\\s+", " ").strip();
    }
}
