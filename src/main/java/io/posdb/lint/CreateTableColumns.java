package io.posdb.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The column names of a CREATE TABLE statement: what a table rebuild keeps, compared
 * with what the table had, tells which columns it would drop.
 */
final class CreateTableColumns {

    private static final Set<String> CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

    private CreateTableColumns() {
    }

    static List<String> of(String createTableSql) {
        String sql = createTableSql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        int open = sql.indexOf('(');
        int close = sql.lastIndexOf(')');
        List<String> columns = new ArrayList<>();
        if (open < 0 || close <= open) {
            return columns;
        }
        for (String definition : topLevelParts(sql.substring(open + 1, close))) {
            String first = definition.trim().split("\\s+", 2)[0];
            if (!first.isEmpty() && !CONSTRAINTS.contains(first.toUpperCase(Locale.ROOT))) {
                columns.add(first.replaceAll("[\"`\\[\\]]", "").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    /** Splits on commas outside parentheses and quotes. */
    private static List<String> topLevelParts(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder part = new StringBuilder();
        for (char c : body.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }
}
