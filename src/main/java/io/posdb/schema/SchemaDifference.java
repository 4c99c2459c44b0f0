package io.posdb.schema;

import java.util.List;
import java.util.Locale;

/**
 * One difference between two catalogs, as the one differ ({@link SchemaCatalog#differencesFrom})
 * finds it: the object (its label in words, e.g. {@code index ux_user_username},
 * {@code column product.stock}), what kind of difference, for a changed attribute its name
 * and both values, and the table the object is, is part of, or is on (null for a view).
 * {@link #text()} is the sentence drift prints; {@link #objectKind()} and {@link #name()} are the
 * label's two parts.
 */
public record SchemaDifference(Kind kind, String object, String attribute, String expected, String actual,
                               String table) {

    /**
     * The words a label starts with, longest first so that {@code unique constraint on} is not read as
     * {@code unique ...}: {@link SchemaCatalog} writes every label as one of these and a name (its test reads every
     * object of a booted shop back through them, so a new kind of label cannot go unread).
     */
    private static final List<String> LABEL_KINDS = List.of("unique constraint on", "unique index on", "primary key of",
            "foreign key", "CHECK on", "index on", "column", "table", "index", "trigger", "view");

    /** What happened to the object, seen from the expected catalog to the other one. */
    public enum Kind {
        /** In the expected catalog only. */
        MISSING,
        /** In the other catalog only: for a live database, not owned by the changelog. */
        NOT_IN_EXPECTED,
        /** In both, with an attribute that differs. */
        CHANGED
    }

    public String text() {
        return switch (kind) {
            case MISSING -> object + " is missing";
            case NOT_IN_EXPECTED -> object + " is not in the changelog";
            case CHANGED -> object + ": " + attribute + " is " + quote(actual) + ", the changelog has " + quote(expected);
        };
    }

    /**
     * What the object is, in lower case: {@code table}, {@code column}, {@code primary key}, {@code unique
     * constraint}, {@code foreign key}, {@code check}, {@code index}, {@code unique index}, {@code trigger} or
     * {@code view} (the label's first words, without {@code of} or {@code on}).
     */
    public String objectKind() {
        String words = labelKind();
        return words == null ? null : words.replaceFirst(" (of|on)$", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The object's name as its label words it after its kind: {@code product.stock} for a column or a CHECK on it,
     * {@code product(sku)} for a unique constraint, {@code saleitem(sale_id)} for a foreign key, the table's name
     * for a table or its primary key, the index's, trigger's or view's own name.
     */
    public String name() {
        String words = labelKind();
        return words == null ? object : object.substring(words.length() + 1);
    }

    private String labelKind() {
        return LABEL_KINDS.stream().filter(words -> object.startsWith(words + " ")).findFirst().orElse(null);
    }

    private static String quote(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
