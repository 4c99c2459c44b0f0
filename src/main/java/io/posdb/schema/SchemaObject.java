package io.posdb.schema;

import java.util.Map;
import java.util.TreeMap;

/**
 * One object of a schema as drift compares it: a kind and name that read as words
 * ({@code index ux_user_username}, {@code CHECK on user.role}), the table it is part of
 * (columns and constraints; null for tables, indexes, triggers and views: a missing table is
 * reported once, not with each of its columns) and its normalised attributes.
 */
public record SchemaObject(String label, String table, Map<String, String> attributes) {

    public SchemaObject {
        attributes = new TreeMap<>(attributes);
    }

    static SchemaObject of(String label, String... keysAndValues) {
        return part(null, label, keysAndValues);
    }

    /** A column or constraint of {@code table}. */
    static SchemaObject part(String table, String label, String... keysAndValues) {
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            attributes.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return new SchemaObject(label, table, attributes);
    }

    /** One line for the fingerprint. */
    String canonical() {
        return label + " " + attributes;
    }
}
