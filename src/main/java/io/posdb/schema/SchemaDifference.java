package io.posdb.schema;

/**
 * One difference between two catalogs, as the one differ ({@link SchemaCatalog#differencesFrom})
 * finds it: the object (its label in words, e.g. {@code index ux_user_username},
 * {@code column product.stock}), what kind of difference, and for a changed attribute its name
 * and both values. {@link #text()} is the sentence drift prints.
 */
public record SchemaDifference(Kind kind, String object, String attribute, String expected, String actual) {

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

    private static String quote(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
