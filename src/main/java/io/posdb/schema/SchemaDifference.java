package io.posdb.schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * The columns among {@code differences} that only the other catalog has, on tables both have: on a live
     * database, the columns a shop added by hand to the changelog's tables ({@code posdb drift}'s unexpected ones),
     * which the transfer refuses while they hold a value and the doctor's data check names. A table only the other
     * catalog has is a difference of its own and is named whole, not again by its columns.
     */
    public static List<SchemaDifference> columnsAddedToExpectedTables(List<SchemaDifference> differences) {
        Set<String> addedTables = differences.stream()
                .filter(d -> d.kind == Kind.NOT_IN_EXPECTED && d.objectKind == SchemaObject.Kind.TABLE)
                .map(SchemaDifference::name).collect(Collectors.toSet());
        return differences.stream().filter(d -> d.kind == Kind.NOT_IN_EXPECTED
                && d.objectKind == SchemaObject.Kind.COLUMN && !addedTables.contains(d.table)).toList();
    }

    /** A column's own name, without its table's ({@code stock} of {@code column product.stock}); null for others. */
    public String column() {
        return objectKind == SchemaObject.Kind.COLUMN ? name.substring(table.length() + 1) : null;
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
