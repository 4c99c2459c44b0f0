package io.posdb.schema;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object of a schema as drift compares it: its kind and name, which read as words together
 * ({@link #label}: {@code index ux_user_username}, {@code CHECK on user.role}), the table it is part of
 * (columns and constraints; null for tables, indexes, triggers and views: a missing table is
 * reported once, not with each of its columns) and its normalised attributes.
 */
public record SchemaObject(Kind kind, String name, String table, Map<String, String> attributes) {

    /**
     * What an object is, with the words its label starts with. An index is named by the engine in a catalog read
     * from a database ({@link #INDEX}), by its table and columns in what entities can declare ({@link #INDEX_ON},
     * {@link #UNIQUE_INDEX_ON}: the name is the engine's business).
     */
    public enum Kind {
        TABLE("table"),
        COLUMN("column"),
        PRIMARY_KEY("primary key of"),
        UNIQUE_CONSTRAINT("unique constraint on"),
        FOREIGN_KEY("foreign key"),
        CHECK("CHECK on"),
        INDEX("index"),
        INDEX_ON("index on"),
        UNIQUE_INDEX_ON("unique index on"),
        TRIGGER("trigger"),
        VIEW("view");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The label of an object of this kind named {@code name}. */
        public String label(String name) {
            return words + " " + name;
        }

        /**
         * The kind in lower-case words without the label's {@code of} or {@code on}: {@code primary key},
         * {@code unique constraint}, {@code check}, {@code index} (for either way of naming one), {@code unique index}.
         */
        public String text() {
            return words.replaceFirst(" (of|on)$", "").toLowerCase(Locale.ROOT);
        }
    }

    public SchemaObject {
        attributes = new TreeMap<>(attributes);
    }

    /** The object in words, its kind's and its name: what the differ pairs objects by. */
    public String label() {
        return kind.label(name);
    }

    static SchemaObject of(Kind kind, String name, String... keysAndValues) {
        return part(null, kind, name, keysAndValues);
    }

    /** A column or constraint of {@code table}. */
    static SchemaObject part(String table, Kind kind, String name, String... keysAndValues) {
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            attributes.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return new SchemaObject(kind, name, table, attributes);
    }

    /** One line for the fingerprint. */
    String canonical() {
        return label() + " " + attributes;
    }
}
