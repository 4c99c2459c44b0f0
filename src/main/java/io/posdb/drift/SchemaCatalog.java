package io.posdb.drift;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A schema as a set of normalised objects, by label; the same form for SQLite and PostgreSQL. */
public final class SchemaCatalog {

    private final Map<String, SchemaObject> objects = new TreeMap<>();

    void add(SchemaObject object) {
        String label = object.label();
        for (int n = 2; objects.containsKey(label); n++) {
            label = object.label() + " #" + n;
        }
        objects.put(label, new SchemaObject(label, object.table(), object.attributes()));
    }

    public Collection<SchemaObject> objects() {
        return objects.values();
    }

    SchemaObject get(String label) {
        return objects.get(label);
    }

    /** SHA-256 over every object: equal catalogs have equal fingerprints. */
    public String fingerprint() {
        return Digests.lines(objects.values().stream().map(SchemaObject::canonical).toList());
    }

    /** The differences of {@code live} from this (expected) catalog, in words. */
    public List<String> differencesFrom(SchemaCatalog live) {
        List<String> differences = new ArrayList<>();
        for (SchemaObject expected : objects.values()) {
            SchemaObject found = live.get(expected.label());
            if (found == null) {
                if (expected.table() == null || live.get("table " + expected.table()) != null) {
                    differences.add(expected.label() + " is missing");
                }
                continue;
            }
            for (Map.Entry<String, String> attribute : expected.attributes().entrySet()) {
                String actual = found.attributes().get(attribute.getKey());
                if (!attribute.getValue().equals(actual)) {
                    differences.add(expected.label() + ": " + attribute.getKey() + " is " + quote(actual)
                            + ", the changelog has " + quote(attribute.getValue()));
                }
            }
        }
        for (SchemaObject found : live.objects()) {
            if (get(found.label()) == null && (found.table() == null || get("table " + found.table()) != null)) {
                differences.add(found.label() + " is not in the changelog");
            }
        }
        return differences;
    }

    private static String quote(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
