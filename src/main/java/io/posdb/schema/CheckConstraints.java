package io.posdb.schema;

import io.posdb.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CHECK expressions of a CREATE TABLE statement (SQLite keeps them only there). */
final class CheckConstraints {

    private static final Pattern CHECK = Pattern.compile("(?i)\\bCHECK\\s*\\(");

    private CheckConstraints() {
    }

    static List<String> of(String createTable) {
        List<String> checks = new ArrayList<>();
        if (createTable == null) {
            return checks;
        }
        String sql = SqlScript.withoutComments(createTable);
        Matcher m = CHECK.matcher(sql);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            boolean literal = false;
            for (; i < sql.length() && depth > 0; i++) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    literal = !literal;
                } else if (!literal && c == '(') {
                    depth++;
                } else if (!literal && c == ')') {
                    depth--;
                }
            }
            checks.add(sql.substring(m.end(), Math.max(m.end(), i - 1)));
        }
        return checks;
    }

    /**
     * The first of the table's columns the expression names ({@link SqlScript#names}: a name in a string literal or a
     * comment is text), for a label in words.
     */
    static String column(String expression, List<String> columns) {
        return SqlScript.names(expression).stream()
                .flatMap(name -> columns.stream().filter(column -> column.equalsIgnoreCase(name)))
                .findFirst().orElse("(" + expression.trim().toLowerCase(Locale.ROOT) + ")");
    }
}
