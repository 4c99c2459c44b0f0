package io.posdb.schema;

import io.posdb.database.Engine;
import io.posdb.schema.SchemaObject.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database's schema, the same model for SQLite and PostgreSQL: tables (columns with type,
 * NOT NULL, default and their CHECK; primary key; unique constraints; CHECKs; foreign keys
 * with their actions; on SQLite the CREATE statement), indexes (partial and expression ones
 * with their definition), triggers and views. Every object of the database is in it, owned
 * by the changelog or made by hand; Liquibase's own tables and posdb's bookkeeping ({@code posdb_*})
 * are not.
 *
 * <p>Each object is also kept as a {@link SchemaObject}, a label in words with normalised
 * attributes: that form is what the one differ ({@link #differencesFrom}) and the fingerprint
 * compare, so a difference reads as words ({@code index ux_user_username is missing}).
 */
public final class SchemaCatalog {

    /**
     * A character type with its length, however it is spelled: SQLite keeps the changelog's words
     * ({@code VARCHAR(40)}, {@code NVARCHAR(40)}, {@code CHAR(2)}), PostgreSQL's catalog ({@code format_type}) its
     * own ({@code character varying(40)}, {@code character(2)}) and its internal name ({@code bpchar(2)}).
     */
    private static final Pattern DECLARED_LENGTH = Pattern.compile(
            "(?i)CHAR(?:ACTER)?(?:\\s+VARYING)?\\s*\\(\\s*(\\d+)\\s*\\)");

    /** The length a character type declares, a column's ({@link Column#length}) or a type's alone; null: none. */
    static Integer declaredLength(String type) {
        Matcher m = DECLARED_LENGTH.matcher(type);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** A column. {@code type} as declared ("" when SQLite's column has none); {@code check} its own CHECK, or null. */
    public record Column(String name, String type, boolean notNull, String defaultValue, String check) {

        /**
         * The type by SQLite's affinity rules plus the declared length, so that {@code BIGINT}
         * and {@code INTEGER}, or {@code timestamp(6)} and {@code TIMESTAMP}, compare equal while
         * {@code VARCHAR(50)} and {@code VARCHAR(80)} do not.
         */
        public String comparableType() {
            String upper = type.toUpperCase(Locale.ROOT).replace(" ", "");
            Integer length = length();
            if (upper.contains("INT") || upper.startsWith("BOOL")) {
                return "INTEGER";
            }
            if (upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT")) {
                return "TEXT" + (length == null ? "" : "(" + length + ")");
            }
            if (upper.startsWith("TIMESTAMP") || upper.startsWith("DATETIME")) {
                return "TIMESTAMP";
            }
            if (upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB")) {
                return "REAL";
            }
            return upper.replaceAll("\\(.*", "");
        }

        /**
         * Whether the type holds numbers (an integer, a decimal, a real), not a boolean: a column of another type
         * becoming one must hold only values that read as numbers (the generator's guard, {@code RowsMeetNarrowing}).
         */
        public boolean holdsNumbers() {
            // Only a text's comparable type carries a length (TEXT(40)): a number's is the affinity alone.
            return !type.toUpperCase(Locale.ROOT).startsWith("BOOL")
                    && List.of("INTEGER", "REAL", "NUMERIC", "DECIMAL").contains(comparableType());
        }

        /** The declared length of a character type ({@code VARCHAR(200)} gives 200); null when none is declared. */
        public Integer length() {
            return declaredLength(type);
        }

        /**
         * Whether this column's declared length is shorter than {@code before}'s, or declared where {@code before}
         * had none: a value that fitted may not now (SQLite keeps it silently, PostgreSQL's ALTER refuses it).
         */
        public boolean shorterThan(Column before) {
            Integer now = length();
            return now != null && (before.length() == null || now < before.length());
        }

        /**
         * This column given another declared type, as PostgreSQL's {@code ALTER COLUMN ... TYPE} or Liquibase's
         * {@code modifyDataType} leaves it: its NOT NULL, default and CHECK kept.
         */
        public Column withType(String newType) {
            return new Column(name, newType, notNull, defaultValue, check);
        }

        /** The same CHECK, whatever its spacing, quoting, parentheses or case. */
        public boolean sameCheck(String other) {
            return check == null ? other == null : other != null && bare(check).equals(bare(other));
        }

        /** A CHECK as the generator compares it: no spacing, quoting or parentheses, any case. */
        static String bare(String sql) {
            return SqlNormalizer.normalize(sql).toLowerCase(Locale.ROOT).replaceAll("[()\\s]", "");
        }
    }

    /** A table CHECK: the column it is about (for the label; an expression in parentheses when none) and its text. */
    public record Check(String column, String expression) {

        /** The expression of the CHECK about {@code column} (a column's own CHECK), or null. */
        static String on(List<Check> checks, String column) {
            return checks.stream().filter(c -> c.column().equals(column)).map(Check::expression).findFirst().orElse(null);
        }
    }

    /** A foreign key; {@code referencedColumns} is empty where the engine's catalog names the table only. */
    public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns,
                             String onDelete, String onUpdate) {

        /** Deleting the referenced row sets this key's columns to NULL (ON DELETE SET NULL). */
        public boolean setsNullOnDelete() {
            return SET_NULL.equalsIgnoreCase(onDelete);
        }

        /** Changing the referenced row's key sets this key's columns to NULL (ON UPDATE SET NULL). */
        public boolean setsNullOnUpdate() {
            return SET_NULL.equalsIgnoreCase(onUpdate);
        }

        /** Either action sets the columns to NULL: what a NOT NULL column cannot take. */
        public boolean setsNull() {
            return setsNullOnDelete() || setsNullOnUpdate();
        }

        private static final String SET_NULL = "SET NULL";
    }

    /** A table; {@code definition} is SQLite's CREATE TABLE statement (null on PostgreSQL). */
    public record Table(String name, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueConstraints,
                        List<Check> checks, List<ForeignKey> foreignKeys, String definition) {

        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniqueConstraints = List.copyOf(uniqueConstraints);
            checks = List.copyOf(checks);
            foreignKeys = List.copyOf(foreignKeys);
        }

        /** The column, or null. */
        public Column column(String columnName) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst().orElse(null);
        }

        /** The foreign key on exactly this one column, or null. */
        public ForeignKey foreignKeyOn(String columnName) {
            return foreignKeys.stream().filter(k -> k.columns().size() == 1
                    && k.columns().get(0).equalsIgnoreCase(columnName)).findFirst().orElse(null);
        }

        /**
         * The column a report names one of the table's rows by: {@code id}, else SQLite's {@code rowid} (every SQLite
         * table but a WITHOUT ROWID one has it; a PostgreSQL table has no such column).
         */
        public String rowKey() {
            return column("id") != null ? "id" : "rowid";
        }

        /** NOT NULL as declared, or implied by being (part of) the primary key. */
        public boolean requiresValue(Column column) {
            return column.notNull() || primaryKey.contains(column.name());
        }
    }

    /**
     * An index made by CREATE INDEX (not one backing a constraint); {@code columns} is empty where
     * the engine's catalog gives the definition only; {@code definition} shows a partial or
     * expression index for what it is.
     */
    public record Index(String name, String table, List<String> columns, boolean unique, String definition) {
    }

    /** A trigger, with its full definition. */
    public record Trigger(String name, String table, String definition) {
    }

    /** A view, with its definition. */
    public record View(String name, String definition) {
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<Index> indexes = new ArrayList<>();
    private final Map<String, SchemaObject> objects = new TreeMap<>();
    /** Each object's label to what it is in the typed model ({@link #typed}). */
    private final Map<String, Object> typed = new java.util.HashMap<>();
    /** PostgreSQL: a constraint's name and definition by its label ({@link #constraintName}); SQLite's are not kept. */
    private final Map<String, Named> constraints = new java.util.HashMap<>();

    SchemaCatalog() {
    }

    /**
     * Reads the schema of the database behind {@code connection}: SQLite from sqlite_schema and
     * its pragmas, PostgreSQL from its catalogs (the connection's current schema). Liquibase's
     * own tables are not part of it; every other object is, owned by the changelog or not.
     */
    public static SchemaCatalog read(Connection connection) throws SQLException {
        return Engine.of(connection) == Engine.POSTGRESQL
                ? PostgresCatalogReader.read(connection) : SqliteCatalogReader.read(connection);
    }

    /** A catalog of the given tables and indexes (a schema described elsewhere, e.g. by entities). */
    public static SchemaCatalog of(Collection<Table> tables, Collection<Index> indexes) {
        SchemaCatalog catalog = new SchemaCatalog();
        tables.forEach(catalog::add);
        indexes.forEach(catalog::add);
        return catalog;
    }

    void add(Table table) {
        tables.put(table.name(), table);
        String t = table.name();
        add(SchemaObject.of(Kind.TABLE, t), table);
        for (Column c : table.columns()) {
            add(SchemaObject.part(t, Kind.COLUMN, t + "." + c.name(),
                    "type", c.type().toUpperCase(Locale.ROOT).replaceAll("\\s+", " "),
                    "not null", String.valueOf(c.notNull()), "default", SqlNormalizer.normalize(c.defaultValue())), c);
        }
        if (!table.primaryKey().isEmpty()) {
            add(SchemaObject.part(t, Kind.PRIMARY_KEY, t, "columns", String.join(",", table.primaryKey())),
                    table.primaryKey());
        }
        for (List<String> unique : table.uniqueConstraints()) {
            add(SchemaObject.part(t, Kind.UNIQUE_CONSTRAINT, onColumns(t, unique)), unique);
        }
        for (ForeignKey key : table.foreignKeys()) {
            String references = key.referencedTable() + (key.referencedColumns().isEmpty() ? ""
                    : "(" + String.join(",", key.referencedColumns()) + ")");
            add(SchemaObject.part(t, Kind.FOREIGN_KEY, onColumns(t, key.columns()),
                    "references", references, "on delete", key.onDelete(), "on update", key.onUpdate()), key);
        }
        for (Check check : table.checks()) {
            add(SchemaObject.part(t, Kind.CHECK, checkName(t, check.column()),
                    "expression", SqlNormalizer.normalize(check.expression())), check);
        }
    }

    void add(Index index) {
        indexes.add(index);
        List<String> attributes = new ArrayList<>(List.of("table", index.table()));
        if (!index.columns().isEmpty()) {
            attributes.addAll(List.of("columns", String.join(",", index.columns())));
        }
        attributes.addAll(List.of("definition", SqlNormalizer.normalize(index.definition())));
        add(SchemaObject.of(Kind.INDEX, index.name(), attributes.toArray(String[]::new)), index);
    }

    void add(Trigger trigger) {
        add(SchemaObject.of(Kind.TRIGGER, trigger.name(), "table", trigger.table(),
                "definition", SqlNormalizer.normalize(trigger.definition())), trigger);
    }

    void add(View view) {
        add(SchemaObject.of(Kind.VIEW, view.name(), "definition", SqlNormalizer.normalize(view.definition())), view);
    }

    /** Adds {@code object} under a label of its own; {@code model} is what it is in the typed model, or null (words only). */
    private void add(SchemaObject object, Object model) {
        String name = object.name();
        for (int n = 2; objects.containsKey(object.kind().label(name)); n++) {
            name = object.name() + " #" + n;
        }
        String label = object.kind().label(name);
        objects.put(label, new SchemaObject(object.kind(), name, object.table(), object.attributes()));
        if (model != null) {
            typed.put(label, model);
        }
    }

    /**
     * What the object a difference names ({@link SchemaDifference#object()}) is in the typed model: a
     * {@link Table}, {@link Column}, {@link Check}, {@link ForeignKey}, {@link Index}, {@link Trigger},
     * {@link View}, or a primary key's or unique constraint's column list; in {@link #asEntitiesDeclareIt}'s
     * catalog an index on a column list is an {@link Index} without name or definition. Null when this catalog
     * has no such object. Read parts from here, never from the label: a quoted name may hold {@code ,} or {@code )}.
     */
    public Object typed(String label) {
        return typed.get(label);
    }

    /**
     * The name the engine gives the constraint (a CHECK, a unique constraint or a foreign key) a label names:
     * on PostgreSQL, what {@code ALTER TABLE ... DROP CONSTRAINT} takes; null on SQLite, whose constraints are
     * part of their table's definition, and for anything that is not a constraint.
     */
    public String constraintName(String label) {
        Named constraint = constraints.get(label);
        return constraint == null ? null : constraint.name();
    }

    /**
     * The engine's own definition of the constraint a label names, as {@code ADD CONSTRAINT name} takes it (on
     * PostgreSQL {@code pg_get_constraintdef}: {@code UNIQUE (name)}, {@code FOREIGN KEY (a) REFERENCES t(id) ON
     * DELETE CASCADE}, {@code CHECK (...)}); null where {@link #constraintName} is.
     */
    public String constraintDefinition(String label) {
        Named constraint = constraints.get(label);
        return constraint == null ? null : constraint.definition();
    }

    /** A constraint as the engine names and defines it (PostgreSQL's {@code conname}, {@code pg_get_constraintdef}). */
    record Named(String name, String definition) {
    }

    /** Names the constraints among the typed models ({@code named}: a model, by identity, to its name and definition). */
    void nameConstraints(Map<Object, Named> named) {
        typed.forEach((label, model) -> {
            Named constraint = named.get(model);
            if (constraint != null) {
                constraints.put(label, constraint);
            }
        });
    }

    /** The table the object is or is part of (a column, a key, a CHECK); null for an index, trigger or view. */
    public String tableOf(String label) {
        SchemaObject object = objects.get(label);
        if (object == null) {
            return null;
        }
        return object.table() != null ? object.table() : typed.get(label) instanceof Table table ? table.name() : null;
    }

    /** Tables by name, in the order the reader found them. */
    public Map<String, Table> tables() {
        return java.util.Collections.unmodifiableMap(tables);
    }

    /** The table, or null. */
    public Table table(String name) {
        return tables.get(name);
    }

    public List<Index> indexes() {
        return List.copyOf(indexes);
    }

    /** Every object as a label with normalised attributes: what the differ and the fingerprint compare. */
    public Collection<SchemaObject> objects() {
        return objects.values();
    }

    /** The object with this label, or null. */
    public SchemaObject get(String label) {
        return objects.get(label);
    }

    /**
     * The part of this schema that JPA entities can declare, in a form that does not depend on
     * how it was written: the tables {@code owned} accepts, their columns (type by SQLite affinity
     * and length, NOT NULL including the primary key's, the column's CHECK where it has one),
     * which column lists are indexed or unique (an index or a unique constraint, by columns, not by
     * name) and which refer to which table (a foreign key, without its actions). Compared with
     * {@link #differencesFrom}, two schemas the entities cannot tell apart have no difference: the
     * changeset generator's "no changes".
     */
    public SchemaCatalog asEntitiesDeclareIt(Predicate<String> owned) {
        SchemaCatalog declared = new SchemaCatalog();
        for (Table table : tables.values().stream().filter(table -> owned.test(table.name())).toList()) {
            String t = table.name();
            declared.add(SchemaObject.of(Kind.TABLE, t), table);
            for (Column c : table.columns()) {
                List<String> attributes = new ArrayList<>(List.of("type", c.comparableType(),
                        "not null", String.valueOf(table.requiresValue(c))));
                if (c.check() != null) {
                    attributes.addAll(List.of("check", Column.bare(c.check())));
                }
                declared.add(SchemaObject.part(t, Kind.COLUMN, t + "." + c.name(),
                        attributes.toArray(String[]::new)), c);
            }
            for (List<String> unique : table.uniqueConstraints()) {
                declared.addIndexOn(t, unique, true);
            }
            // That a foreign key exists, on which columns, to which table: a mapping cannot say its actions
            // (ON DELETE ...) nor, on PostgreSQL's catalog, the referenced columns, so those are left to drift.
            // Without it a rebuild that lost a REFERENCES clause was "no changes" against entities that have it.
            for (ForeignKey key : table.foreignKeys()) {
                declared.addOnce(SchemaObject.part(t, Kind.FOREIGN_KEY, onColumns(t, key.columns()), "references",
                        key.referencedTable()), key);
            }
        }
        for (Index index : indexes) {
            if (owned.test(index.table()) && !index.columns().isEmpty()) {
                declared.addIndexOn(index.table(), index.columns(), index.unique());
            }
        }
        return declared;
    }

    /** A foreign key's label: by its columns (a table has one per column list). */
    public static String foreignKeyLabel(String table, List<String> columns) {
        return Kind.FOREIGN_KEY.label(onColumns(table, columns));
    }

    /** A unique constraint's label: by its columns. */
    public static String uniqueConstraintLabel(String table, List<String> columns) {
        return Kind.UNIQUE_CONSTRAINT.label(onColumns(table, columns));
    }

    /** A CHECK's label: by the column it is about ({@link Check#column}). */
    public static String checkLabel(String table, String column) {
        return Kind.CHECK.label(checkName(table, column));
    }

    private static String checkName(String table, String column) {
        return table + "." + column;
    }

    /** {@code t(a,b)}: how a key or index on a column list is named when it is named by its columns. */
    private static String onColumns(String table, List<String> columns) {
        return table + "(" + String.join(",", columns) + ")";
    }

    /** An index as entities declare it: by its table and columns, not its name (a unique constraint is one too). */
    private void addIndexOn(String table, List<String> columns, boolean unique) {
        addOnce(SchemaObject.part(table, unique ? Kind.UNIQUE_INDEX_ON : Kind.INDEX_ON, onColumns(table, columns)),
                new Index(null, table, columns, unique, null));
    }

    /** Adds {@code object} with what it is in the typed model unless an object of its label is there already. */
    private void addOnce(SchemaObject object, Object model) {
        if (objects.putIfAbsent(object.label(), object) == null) {
            typed.put(object.label(), model);
        }
    }

    /** SHA-256 (hex) over {@code lines}, each ended by a newline. */
    public static String digest(List<String> lines) {
        return sha256(lines.stream().map(line -> line + "\n").collect(Collectors.joining()));
    }

    /** SHA-256 (hex) of {@code text}'s UTF-8 bytes: posdb's one digest ({@link #digest} of lines is it too). */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * SQLite only, one query: the digest of the schema as SQLite stores it (every object's CREATE text;
     * all pragmas derive from it). Equal to the one the build recorded for the packaged changelog, with
     * the same applied changesets, it means the schema is exactly what that changelog produces: the
     * boot's drift check settled without reading the catalog.
     */
    public static String sqliteSchemaDigest(Connection connection) throws SQLException {
        return digest(SqliteCatalogReader.objects(connection).stream().map(o -> String.join("\t", o[0], o[1], o[2],
                String.valueOf(o[3]))).toList());
    }

    /** SHA-256 over every object: equal catalogs have equal fingerprints. */
    public String fingerprint() {
        return digest(objects.values().stream().map(SchemaObject::canonical).toList());
    }

    /**
     * The one differ: the differences of {@code other} from this (expected) catalog, object by
     * object. A part (column, constraint) of a table missing on one side is not listed: the table
     * is, once. An object only {@code other} has is {@link SchemaDifference.Kind#NOT_IN_EXPECTED}:
     * for a live database, one the changelog does not own.
     */
    public List<SchemaDifference> differencesFrom(SchemaCatalog other) {
        List<SchemaDifference> differences = new ArrayList<>();
        for (SchemaObject expected : objects.values()) {
            SchemaObject found = other.get(expected.label());
            if (found == null) {
                if (expected.table() == null || other.get(Kind.TABLE.label(expected.table())) != null) {
                    differences.add(SchemaDifference.of(SchemaDifference.Kind.MISSING, expected, null, null, null));
                }
                continue;
            }
            for (Map.Entry<String, String> attribute : expected.attributes().entrySet()) {
                String actual = found.attributes().get(attribute.getKey());
                if (!attribute.getValue().equals(actual)) {
                    differences.add(SchemaDifference.of(SchemaDifference.Kind.CHANGED, expected, attribute.getKey(),
                            attribute.getValue(), actual));
                }
            }
        }
        for (SchemaObject found : other.objects()) {
            if (get(found.label()) == null && (found.table() == null || get(Kind.TABLE.label(found.table())) != null)) {
                differences.add(SchemaDifference.of(SchemaDifference.Kind.NOT_IN_EXPECTED, found, null, null, null));
            }
        }
        return differences;
    }
}
