package io.posdb.schema;

/**
 * One difference between two catalogs, as the one differ ({@link SchemaCatalog#differencesFrom})
 * finds it: what kind of difference, the object (its kind and name, which read as its label:
 * {@code index ux_user_username}, {@code column product.stock}), for a changed attribute its name
 * and both values, and the table the object is, is part of, or is on (null for a view).
 * {@link #text()} is the sentence drift prints.
 */
public record SchemaDifference(Kind kind, SchemaObject.Kind objectKind, String name, String attribute,
                               String expected, String actual, String table) {

    /** What happened to the object, seen from the expected catalog to the other one. */
    public enum Kind {
        /** In the expected catalog only. */
        MISSING,
        /** In the other catalog only: for a live database, not owned by the changelog. */
        NOT_IN_EXPECTED,
        /** In both, with an attribute that differs. */
        CHANGED
    }

    /** {@code kind} of {@code object}, for a changed attribute with its name and both values. */
    static SchemaDifference of(Kind kind, SchemaObject object, String attribute, String expected, String actual) {
        return new SchemaDifference(kind, object.kind(), object.name(), attribute, expected, actual, tableOf(object));
    }

    /** The table an object is, is part of (a column, a key, a CHECK) or is on (an index, a trigger); null: a view. */
    private static String tableOf(SchemaObject object) {
        if (object.table() != null) {
            return object.table();
        }
        return object.kind() == SchemaObject.Kind.TABLE ? object.name() : object.attributes().get("table");
    }

    /** The object in words: {@code column product.stock}. */
    public String object() {
        return objectKind.label(name);
    }

    public String text() {
        return switch (kind) {
            case MISSING -> object() + " is missing";
            case NOT_IN_EXPECTED -> object() + " is not in the changelog";
            case CHANGED -> noDefault(actual) ? object() + ": has no default, the changelog has " + quote(expected)
                    : noDefault(expected) ? object() + ": default is " + quote(actual) + ", the changelog has no default"
                    : object() + ": " + attribute + " is " + quote(actual) + ", the changelog has " + quote(expected);
        };
    }

    /** A column's default read as empty: the catalog's word for none ({@code default is ''} would say nothing). */
    private boolean noDefault(String value) {
        return "default".equals(attribute) && (value == null || value.isEmpty());
    }

    private static String quote(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
