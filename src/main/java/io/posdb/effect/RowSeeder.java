package io.posdb.effect;

import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaObject;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a few rows into every empty table of the scratch database, so that a changeset meets data
 * the way it meets a shop's: values fitting each column's declared type, NOT NULL, a CHECK
 * {@code column IN (...)} list and foreign keys (a row of the parent table). A column with a
 * default gets the default (as the legacy backend's rows do: a role of 'staff'), unless it is part
 * of a unique constraint. Read from the catalog, so any table of any changelog is seeded; one that
 * cannot be (a NOT NULL reference to an empty table, a CHECK no generated value meets) is reported
 * with the reason, never an error. Rows that break a CHECK {@code column IN (...)} a guard declares before the
 * changeset that adds it are given a listed value ({@link #meetCheck}).
 */
final class RowSeeder {

    static final int ROWS = 3;

    private static final Pattern IN_LIST = Pattern.compile("(?i)^\\(?([A-Za-z_][A-Za-z0-9_]*)\\s*in\\s*\\((.*)\\)\\)?$");
    private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'|(-?[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern LENGTH = Pattern.compile("\\(\\s*([0-9]+)");

    private record ForeignKey(String column, String parent, String parentColumn) {
    }

    private RowSeeder() {
    }

    /** Seeds every empty table; returns the tables left empty, each with the reason. */
    static Map<String, String> seed(Connection connection) throws SQLException {
        SchemaCatalog catalog = SchemaCatalog.read(connection);
        List<String> pending = new ArrayList<>();
        for (String table : catalog.tables().keySet()) {
            if (Jdbc.rowCount(connection, table) == 0) {
                pending.add(table);
            }
        }
        Map<String, String> unseeded = new TreeMap<>();
        boolean progress = true;
        // Parents before children: a table whose NOT NULL reference points at an empty table waits a round.
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (String table : List.copyOf(pending)) {
                String waitsFor = emptyParent(connection, catalog.table(table));
                if (waitsFor != null && pending.contains(waitsFor) && !waitsFor.equals(table)) {
                    continue;
                }
                pending.remove(table);
                progress = true;
                String reason = waitsFor != null
                        ? "no row in table " + waitsFor + " for its NOT NULL foreign key"
                        : insertRows(connection, catalog, catalog.table(table));
                if (reason != null) {
                    unseeded.put(table, reason);
                }
            }
        }
        for (String table : pending) {
            unseeded.put(table, "its NOT NULL foreign keys form a cycle of empty tables");
        }
        return unseeded;
    }

    /** The parent table of a NOT NULL foreign key of {@code table} that has no rows, or null. */
    private static String emptyParent(Connection connection, SchemaCatalog.Table table) throws SQLException {
        for (ForeignKey key : foreignKeys(table)) {
            SchemaCatalog.Column column = table.column(key.column());
            if (column != null && column.notNull() && Jdbc.rowCount(connection, key.parent()) == 0) {
                return key.parent();
            }
        }
        return null;
    }

    /** Inserts the rows; null when they went in, else SQLite's reason. */
    private static String insertRows(Connection connection, SchemaCatalog catalog, SchemaCatalog.Table table)
            throws SQLException {
        List<String> primaryKey = table.primaryKey();
        List<String> unique = uniqueColumns(catalog, table);
        Map<String, ForeignKey> references = new TreeMap<>();
        foreignKeys(table).forEach(k -> references.put(k.column(), k));
        Map<String, List<Object>> allowed = allowedValues(catalog, table.name());
        List<SchemaCatalog.Column> written = new ArrayList<>();
        for (SchemaCatalog.Column column : table.columns()) {
            boolean rowidAlias = primaryKey.equals(List.of(column.name())) && column.type().equalsIgnoreCase("INTEGER");
            boolean keyed = primaryKey.contains(column.name()) || unique.contains(column.name());
            boolean hasDefault = column.defaultValue() != null && !column.defaultValue().isBlank();
            if (!rowidAlias && !(hasDefault && !keyed)) {
                written.add(column);
            }
        }
        String quoted = SqlIdentifiers.quoteAny(table.name());
        String sql = written.isEmpty() ? "INSERT INTO " + quoted + " DEFAULT VALUES"
                : "INSERT INTO " + quoted + " ("
                + String.join(", ", written.stream().map(c -> SqlIdentifiers.quoteAny(c.name())).toList())
                + ") VALUES (" + String.join(", ", written.stream().map(c -> "?").toList()) + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int row = 0; row < ROWS; row++) {
                for (int i = 0; i < written.size(); i++) {
                    SchemaCatalog.Column column = written.get(i);
                    ForeignKey key = references.get(column.name());
                    List<Object> values = allowed.get(column.name());
                    insert.setObject(i + 1, key != null ? parentValue(connection, key, row)
                            : values != null ? values.get(row % values.size()) : value(column, row));
                }
                insert.executeUpdate();
            }
            return null;
        } catch (SQLException e) {
            return "SQLite refused a generated row: " + e.getMessage();
        }
    }

    /** A value of the column's type affinity (SQLite's rules, in their order), distinct per row. */
    private static Object value(SchemaCatalog.Column column, int row) {
        String type = column.type().toUpperCase(Locale.ROOT);
        int n = row + 1;
        if (type.contains("INT")) {
            return n;
        }
        if (type.contains("BOOL")) {
            return row % 2;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return n + 0.5;
        }
        if (type.contains("DATE") || type.contains("TIME")) {
            return "2024-03-0" + n + " 08:00:00";
        }
        if (type.contains("DEC") || type.contains("NUM")) {
            return n + ".50";
        }
        String text = column.name() + n;
        Matcher length = LENGTH.matcher(type);
        if (length.find()) {
            int max = Math.max(1, Integer.parseInt(length.group(1)));
            text = text.length() > max ? text.substring(text.length() - max) : text;
        }
        return text;
    }

    /** One of the parent's key values (a different one per row where the parent has several). */
    private static Object parentValue(Connection connection, ForeignKey key, int row) throws SQLException {
        List<Object> values = Jdbc.rows(connection, "SELECT " + SqlIdentifiers.quoteAny(key.parentColumn())
                + " FROM " + SqlIdentifiers.quoteAny(key.parent()) + " ORDER BY rowid LIMIT 1 OFFSET ?",
                List.of(row % Math.max(1, Jdbc.rowCount(connection, key.parent()))), rs -> rs.getObject(1));
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * The table's single-column foreign keys; a REFERENCES without a column list (SQLite reports no
     * parent column) takes the parent's rowid.
     */
    private static List<ForeignKey> foreignKeys(SchemaCatalog.Table table) {
        return table.foreignKeys().stream().filter(k -> k.columns().size() == 1)
                .map(k -> new ForeignKey(k.columns().get(0), k.referencedTable(),
                        k.referencedColumns().isEmpty() || k.referencedColumns().get(0).isEmpty() ? "rowid"
                                : k.referencedColumns().get(0)))
                .toList();
    }

    /** Columns of a unique constraint or unique index of the table: they get generated, distinct values. */
    private static List<String> uniqueColumns(SchemaCatalog catalog, SchemaCatalog.Table table) {
        List<String> columns = new ArrayList<>();
        table.uniqueConstraints().forEach(columns::addAll);
        catalog.indexes().stream().filter(i -> i.unique() && i.table().equals(table.name()))
                .forEach(i -> columns.addAll(i.columns()));
        return columns;
    }

    /**
     * Gives the rows of {@code table} that break {@code check}, a CHECK {@code column IN (...)} that a guard
     * declares before the changeset that adds it, the first value its list allows: the scratch's generated values
     * cannot know a list the catalog does not hold yet, and a till's rows meet the guard once the data change it asks
     * for has corrected them. Returns the rows changed; a CHECK of another form changes none.
     */
    static int meetCheck(Connection connection, String table, String check) throws SQLException {
        Map<String, List<Object>> listed = listed(check);
        if (listed.isEmpty()) {
            return 0;
        }
        Map.Entry<String, List<Object>> column = listed.entrySet().iterator().next();
        // The CHECK text is the changelog's own (the entity's @Check), run as the guard runs it; the value is bound.
        try (PreparedStatement update = Jdbc.prepare(connection, "UPDATE " + SqlIdentifiers.quoteAny(table) + " SET "
                + SqlIdentifiers.quoteAny(column.getKey()) + " = ? WHERE NOT (" + check + ")",
                List.of(column.getValue().get(0)))) {
            return update.executeUpdate();
        }
    }

    /** The values a CHECK of the form {@code column IN ('a', 'b')} allows, by column. */
    private static Map<String, List<Object>> allowedValues(SchemaCatalog catalog, String table) {
        Map<String, List<Object>> allowed = new TreeMap<>();
        for (SchemaObject object : catalog.objects()) {
            if (table.equals(object.table()) && object.kind() == SchemaObject.Kind.CHECK) {
                allowed.putAll(listed(object.attributes().getOrDefault("expression", "")));
            }
        }
        return allowed;
    }

    /** The column of a CHECK {@code column IN ('a', 'b')} to the values it lists; empty for any other CHECK. */
    private static Map<String, List<Object>> listed(String expression) {
        Matcher in = IN_LIST.matcher(expression.trim());
        if (!in.matches()) {
            return Map.of();
        }
        List<Object> values = new ArrayList<>();
        Matcher literal = LITERAL.matcher(in.group(2));
        while (literal.find()) {
            values.add(literal.group(1) != null ? literal.group(1).replace("''", "'") : literal.group(2));
        }
        return values.isEmpty() ? Map.of() : Map.of(in.group(1), values);
    }
}
