package io.posdb.migration.data;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a verification names the rows it rejects ({@code "; ids: 7, 12, ..."}), written and read in
 * this one place: {@link AllowedValues} writes it into its message, and an upgrade's record reads
 * the ids back out of the halting precondition's message (Liquibase passes preconditions' failures
 * on as text only), so the record keeps the rows after the restore.
 */
public final class NamedRows {

    static final String PREFIX = "; ids: ";
    /** When more rows fail than the message lists. */
    static final String MORE = ", ...";
    private static final Pattern IDS = Pattern.compile(Pattern.quote(PREFIX) + "([^.]*?)(?:" + Pattern.quote(MORE)
            + ")?\\.(?:\\s|$)");

    private NamedRows() {
    }

    /** {@code "; ids: 7, 12"} (and {@code ", ..."} when {@code more}), for a message. */
    static String describe(List<String> ids, boolean more) {
        return PREFIX + String.join(", ", ids) + (more ? MORE : "");
    }

    /** The ids a message written with {@link #describe} names, in its order; empty when it names none. */
    public static List<String> in(String message) {
        if (message == null) {
            return List.of();
        }
        Matcher matcher = IDS.matcher(message);
        if (!matcher.find()) {
            return List.of();
        }
        return Arrays.stream(matcher.group(1).split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    }
}
