package io.posdb.migration.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a verification names the rows it rejects ({@code "; ids: 7, 12, ..."}), written and read in
 * this one place: {@link AllowedValues} writes it into its message, and an upgrade's record reads
 * the ids back out of the halting precondition's message (Liquibase passes preconditions' failures
 * on as text only), so the record keeps the rows after the restore. {@link Found} is how every
 * precondition of this package counts the rows it rejects and lists the first of them.
 */
public final class NamedRows {

    static final String PREFIX = "; ids: ";
    /** How many rows (or values) a precondition's message lists at most. */
    static final int SHOWN = 20;
    /** When more rows fail than the message lists. */
    static final String MORE = ", ...";
    private static final Pattern IDS = Pattern.compile(Pattern.quote(PREFIX) + "([^.]*?)(?:" + Pattern.quote(MORE)
            + ")?\\.(?:\\s|$)");

    private NamedRows() {
    }

    /** How many rows a query returned, and the first column of the first {@value #SHOWN} of them. */
    record Found(long count, List<String> first) {

        static Found by(Connection connection, BoundSql query) throws SQLException {
            return by(connection, query, null);
        }

        /**
         * The rows of {@code query} whose second column {@code rejects} (every row when null), for a rule SQL cannot
         * say alike on SQLite and PostgreSQL.
         */
        static Found by(Connection connection, BoundSql query, Predicate<String> rejects) throws SQLException {
            List<String> first = new ArrayList<>();
            long count = 0;
            try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    // count grows with every rejected row; only the first SHOWN are listed.
                    if ((rejects == null || rejects.test(rs.getString(2))) && count++ < SHOWN) {
                        first.add(rs.getString(1));
                    }
                }
            }
            return new Found(count, first);
        }

        /** {@code "7, 12"}, and {@code ", ..."} after them when there were more. */
        String listed() {
            return String.join(", ", first) + (count > first.size() ? MORE : "");
        }

        /** {@code "; ids: 7, 12, ..."}, for a message. */
        String ids() {
            return PREFIX + listed();
        }
    }

    /** The ids a message written with {@link Found#ids} names, in its order; empty when it names none. */
    public static List<String> in(String message) {
        Matcher matcher = IDS.matcher(message == null ? "" : message);
        if (!matcher.find()) {
            return List.of();
        }
        return Arrays.stream(matcher.group(1).split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    }
}
