package io.posdb.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rows of an SQLite database that refer to a row that does not exist, as {@code PRAGMA
 * foreign_key_check} finds them, grouped by child and parent table ({@code saleitem -> product}).
 * SQLite enforces foreign keys only on connections that ask for it, and its {@code sqlite3} shell does
 * not: a product deleted there leaves its sale items pointing nowhere, and SQLite still reads the file.
 * The table rebuild fails only on references it adds ({@link #addedSince}), the doctor warns about them,
 * and the transfer refuses them before PostgreSQL, which enforces every reference, would half way.
 *
 * @param rows per {@code child -> parent}, how many rows and the first few, as sentences
 */
public record DanglingReferences(Map<String, Group> rows) {

    /** How many rows of each group are named; the count covers them all. */
    private static final int NAMED_PER_GROUP = 5;

    /** One child table's rows that refer to missing rows of one parent table. */
    public record Group(long count, List<String> first) {

        /** This group with {@code more}'s rows counted too, and named while it names fewer than it may. */
        private Group plus(Group more) {
            List<String> named = new ArrayList<>(first);
            more.first.stream().limit(NAMED_PER_GROUP - first.size()).forEach(named::add);
            return new Group(count + more.count, List.copyOf(named));
        }
    }

    /** Reads them from {@code connection}, an SQLite database's. */
    public static DanglingReferences of(Connection connection) throws SQLException {
        Map<String, Group> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check "
                     + "ORDER BY \"table\", parent, rowid")) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(3);
                rows.merge(child + " -> " + parent, new Group(1, List.of("row " + rs.getString(2) + " of table "
                        + child + " refers to a missing row of " + parent)), Group::plus);
            }
        }
        return new DanglingReferences(Map.copyOf(rows));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public long count() {
        return rows.values().stream().mapToLong(Group::count).sum();
    }

    /** The groups with more rows than {@code before} had: what happened in between added them. */
    public DanglingReferences addedSince(DanglingReferences before) {
        return new DanglingReferences(rows.entrySet().stream()
                .filter(group -> group.getValue().count() > before.rows.getOrDefault(group.getKey(), new Group(0, List.of())).count())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** {@code 1 in saleitem -> product, 2 in sale -> user}. */
    public String counts() {
        return rows.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(group -> group.getValue().count() + " in " + group.getKey()).collect(Collectors.joining(", "));
    }

    /** The first rows of each group, as sentences joined by {@code ; }. */
    public String firstRows() {
        return rows.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(group -> group.getValue().first().stream()).collect(Collectors.joining("; "));
    }
}
