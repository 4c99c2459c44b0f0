package io.posdb.lint;

import io.posdb.sql.SqlScript;
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
        // Without comments and string literals, a comma or parenthesis left is SQL's own.
        String sql = SqlScript.withoutCommentsOrLiterals(createTableSql);
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

    /** Splits on commas outside parentheses (string literals are already empty). */
    private static List<String> topLevelParts(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        for (char c : body.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == ',') {
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
