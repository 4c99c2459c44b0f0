package io.posdb.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
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

    /** SHA-256 (hex) over {@code lines}, each ended by a newline. */
    public static String digest(List<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** SHA-256 over every object: equal catalogs have equal fingerprints. */
    public String fingerprint() {
        return digest(objects.values().stream().map(SchemaObject::canonical).toList());
    }

    /**
     * Reads the schema of the database behind {@code connection}: SQLite from sqlite_schema and
     * its pragmas, PostgreSQL from its catalogs (the connection's current schema). Liquibase's
     * own tables are not part of it; every other object is, owned by the changelog or not.
     */
    public static SchemaCatalog read(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return "PostgreSQL".equalsIgnoreCase(product)
                ? PostgresCatalogReader.read(connection) : SqliteCatalogReader.read(connection);
    }

    /** The differences of {@code live} from this (expected) catalog. */
    public List<SchemaDifference> differencesFrom(SchemaCatalog live) {
        List<SchemaDifference> differences = new ArrayList<>();
        for (SchemaObject expected : objects.values()) {
            SchemaObject found = live.get(expected.label());
            if (found == null) {
                if (expected.table() == null || live.get("table " + expected.table()) != null) {
                    differences.add(new SchemaDifference(SchemaDifference.Kind.MISSING, expected.label(), null, null, null));
                }
                continue;
            }
            for (Map.Entry<String, String> attribute : expected.attributes().entrySet()) {
                String actual = found.attributes().get(attribute.getKey());
                if (!attribute.getValue().equals(actual)) {
                    differences.add(new SchemaDifference(SchemaDifference.Kind.CHANGED, expected.label(),
                            attribute.getKey(), attribute.getValue(), actual));
                }
            }
        }
        for (SchemaObject found : live.objects()) {
            if (get(found.label()) == null && (found.table() == null || get("table " + found.table()) != null)) {
                differences.add(new SchemaDifference(SchemaDifference.Kind.NOT_IN_EXPECTED, found.label(), null, null, null));
            }
        }
        return differences;
    }

}
