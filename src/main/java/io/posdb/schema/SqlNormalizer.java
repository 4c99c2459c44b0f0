package io.posdb.schema;

import io.posdb.sql.SqlScript;

/**
 * Makes SQL text comparable: identifier quotes removed, whitespace collapsed (none around
 * punctuation), everything outside string literals in lower case. Cosmetic differences
 * (a hand-typed trigger with other spacing or quoting) then do not count as drift.
 */
final class SqlNormalizer {

    private SqlNormalizer() {
    }

    static String normalize(String sql) {
        if (sql == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        boolean literal = false;
        for (char c : SqlScript.withoutComments(sql).toCharArray()) {
            if (c == '\'') {
                literal = !literal;
                out.append(c);
            } else if (literal) {
                out.append(c);
            } else if (c != '"' && c != '`' && c != '[' && c != ']') {
                out.append(Character.isWhitespace(c) ? ' ' : Character.toLowerCase(c));
            }
        }
        return out.toString().replaceAll(" +", " ").replaceAll(" ?([(),;=<>]) ?", "$1").trim().replaceAll(";$", "");
    }
}
