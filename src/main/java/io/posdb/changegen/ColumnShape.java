package io.posdb.changegen;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One column as both sides describe it: the declared type (as written in DDL), NOT NULL,
 * the default (SQL text, null when none) and the CHECK text (null when none).
 */
record ColumnShape(String name, String type, boolean notNull, String defaultValue, String check) {

    private static final Pattern DECLARED_LENGTH = Pattern.compile("(?i)CHAR\\s*\\((\\d+)\\)");

    /**
     * The type by SQLite's affinity rules plus the declared length, so that {@code BIGINT}
     * and {@code INTEGER}, or {@code timestamp(6)} and {@code TIMESTAMP}, compare equal while
     * {@code VARCHAR(50)} and {@code VARCHAR(80)} do not.
     */
    String comparableType() {
        String upper = type.toUpperCase(Locale.ROOT).replace(" ", "");
        String length = upper.matches(".*CHAR\\(\\d+\\).*") ? upper.replaceAll(".*\\((\\d+)\\).*", "($1)") : "";
        if (upper.contains("INT") || upper.startsWith("BOOL")) {
            return "INTEGER";
        }
        if (upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT")) {
            return "TEXT" + length;
        }
        if (upper.startsWith("TIMESTAMP") || upper.startsWith("DATETIME")) {
            return "TIMESTAMP";
        }
        if (upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB")) {
            return "REAL";
        }
        return upper.replaceAll("\\(.*", "");
    }

    /** The declared length of a character type ({@code VARCHAR(200)} gives 200); null when none is declared. */
    Integer length() {
        Matcher m = DECLARED_LENGTH.matcher(type);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** What differs between this (the changelog's) and {@code wanted} (the entities'), or "" when nothing. */
    String differenceTo(ColumnShape wanted) {
        StringBuilder what = new StringBuilder();
        if (!comparableType().equals(wanted.comparableType())) {
            what.append("type ").append(type).append(" -> ").append(wanted.type()).append("; ");
        }
        if (notNull != wanted.notNull()) {
            what.append(wanted.notNull() ? "becomes NOT NULL; " : "becomes nullable; ");
        }
        if (wanted.check() != null && (check == null || !normal(check).equals(normal(wanted.check())))) {
            what.append("CHECK ").append(wanted.check()).append("; ");
        }
        return what.toString();
    }

    private static String normal(String sql) {
        return sql.toLowerCase(Locale.ROOT).replaceAll("[\\s\"`()]", "");
    }
}
