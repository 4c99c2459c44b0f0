package io.posdb.changegen;

import static io.posdb.sql.SqlIdentifiers.quoteAny;

import io.posdb.schema.SchemaCatalog.Index;
import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.schema.SchemaCatalog.ForeignKey;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/** Column DDL and index statements, shared by the SQLite and PostgreSQL changesets. */
final class ColumnSql {

    private ColumnSql() {
    }

    /** {@code "c" TYPE [NOT NULL] [DEFAULT d] [CHECK (...)]} in the entities' words. */
    static String definition(Column column) {
        StringBuilder sql = new StringBuilder(quoteAny(column.name()) + " " + column.type().toUpperCase(Locale.ROOT));
        if (column.notNull()) {
            sql.append(" NOT NULL");
        }
        if (column.defaultValue() != null) {
            sql.append(" DEFAULT ").append(column.defaultValue());
        }
        if (column.check() != null) {
            sql.append(" CHECK (").append(column.check()).append(")");
        }
        return sql.toString();
    }

    /**
     * A column's foreign key as its REFERENCES clause, {@code REFERENCES "t" ("id") [ON DELETE ...]}: what SQLite's
     * ADD COLUMN takes (and keeps in the table's definition) and PostgreSQL's FOREIGN KEY constraint ends with.
     */
    static String references(ForeignKey key) {
        return "REFERENCES " + quoteAny(key.referencedTable()) + " (" + String.join(", ",
                key.referencedColumns().stream().map(SqlIdentifiers::quoteAny).toList()) + ")" + actions(key);
    }

    /** {@code  ON DELETE x ON UPDATE y}, each where the key has one (null: none, SQL's NO ACTION). */
    private static String actions(ForeignKey key) {
        return (key.onDelete() == null ? "" : " ON DELETE " + key.onDelete())
                + (key.onUpdate() == null ? "" : " ON UPDATE " + key.onUpdate());
    }

    /**
     * The column's line ({@code "c" INT NOT NULL REFERENCES "t" ("id") ON DELETE SET NULL}) with its REFERENCES
     * clause's ON DELETE / ON UPDATE actions replaced by {@code key}'s, the rest of the clause (its table and
     * columns, MATCH, DEFERRABLE) and of the line kept as written. A line without a REFERENCES clause (the foreign
     * key is a FOREIGN KEY table constraint) is refused: the generator rewrites one line of the definition.
     */
    static String withActions(String line, ForeignKey key) {
        List<String> terms = SqlScript.terms(line);
        int references = IntStream.range(typeEnd(terms), terms.size())
                .filter(i -> terms.get(i).equalsIgnoreCase("REFERENCES") && startsConstraint(terms, i)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the foreign key of column " + terms.get(0) + " is not "
                        + "written on its line (" + line + "), so the generator cannot replace its ON DELETE SET NULL; "
                        + "write this changeset by hand (docs/writing-migrations.md, \"How to add a new migration\")"));
        int end = nextConstraint(terms, references + 1);
        // REFERENCES, the table, its column list when written apart from it; then the clause's own words.
        int columns = references + 2 < end && terms.get(references + 2).startsWith("(")
                ? references + 3 : references + 2;
        List<String> clause = new ArrayList<>(terms.subList(references, columns));
        List<String> rest = new ArrayList<>();
        for (int i = columns; i < end; i++) {
            if (terms.get(i).equalsIgnoreCase("ON") && i + 2 < end) {
                // ON DELETE|UPDATE and its action: SET NULL, SET DEFAULT, NO ACTION are two words, the others one.
                String first = terms.get(i + 2).toUpperCase(Locale.ROOT);
                i += first.equals("SET") || first.equals("NO") ? 3 : 2;
            } else {
                rest.add(terms.get(i));
            }
        }
        StringBuilder sql = new StringBuilder(String.join(" ", terms.subList(0, references)));
        sql.append(' ').append(String.join(" ", clause)).append(actions(key));
        rest.forEach(word -> sql.append(' ').append(word));
        terms.subList(end, terms.size()).forEach(word -> sql.append(' ').append(word));
        return sql.toString();
    }

    /** The words that start a column constraint in SQLite's column definition (NOT, NULL and DEFAULT: see below). */
    private static final Set<String> CONSTRAINT_WORDS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "COLLATE",
            "REFERENCES", "GENERATED", "AS", "DEFAULT", "NOT", "NULL");

    /**
     * The column's line of the current CREATE TABLE ({@code line}, as SQLite keeps it) with only what the entity
     * change touches rewritten: the rebuild must not lose what the entities do not describe (a REFERENCES clause
     * with its ON DELETE / ON UPDATE actions, a DEFAULT, COLLATE, UNIQUE, a CHECK that did not change), nor
     * rewrite the type in Hibernate's words when only the nullability changed. The type is rewritten only when
     * it changes by SQLite's affinity and length ({@link Column#comparableType}: a Long's BIGINT and the
     * changelog's INT are the same integer, VARCHAR(40) and VARCHAR(60) are not), the NOT NULL when the
     * nullability changes, the CHECK when the entities declare another one; every other constraint is kept as
     * written, in its place.
     */
    static String rewritten(String line, Column current, Column wanted) {
        List<String> terms = SqlScript.terms(line);
        int typeEnd = typeEnd(terms);
        String type = current.comparableType().equals(wanted.comparableType())
                ? String.join(" ", terms.subList(1, typeEnd)) : wanted.type().toUpperCase(Locale.ROOT);
        List<List<String>> constraints = new ArrayList<>(constraintRanges(terms).stream()
                .map(range -> new ArrayList<>(terms.subList(range[0], range[1]))).toList());
        if (current.notNull() != wanted.notNull()) {
            constraints.removeIf(c -> kind(c).equals("NOT") || kind(c).equals("NULL"));
            if (wanted.notNull()) {
                constraints.add(0, List.of("NOT", "NULL"));
            }
        }
        if (wanted.check() != null && !current.sameCheck(wanted.check())) {
            constraints.removeIf(c -> kind(c).equals("CHECK"));
            constraints.add(List.of("CHECK", "(" + wanted.check() + ")"));
        }
        StringBuilder sql = new StringBuilder(terms.get(0));
        if (!type.isEmpty()) {
            sql.append(' ').append(type);
        }
        constraints.forEach(c -> sql.append(' ').append(String.join(" ", c)));
        return sql.toString();
    }

    /**
     * The CHECK constraints of a column's line ({@code line}, another column's) whose expression names
     * {@code column}, each as written with its CONSTRAINT name: they go with that column when it is dropped, as a
     * table CHECK naming it does. A name in a string literal or a comment is text ({@link SqlScript#names}).
     */
    static List<String> checksNaming(String line, String column) {
        return checkSpansNaming(line, column).stream().map(span -> line.substring(span[0], span[1])).toList();
    }

    /**
     * The line without its {@link #checksNaming} constraints, each cut with the spaces after it (before it when it
     * ends the line); the rest of the line stays as written.
     */
    static String withoutChecksNaming(String line, String column) {
        StringBuilder kept = new StringBuilder(line);
        List<int[]> spans = checkSpansNaming(line, column);
        for (int i = spans.size() - 1; i >= 0; i--) {
            int from = spans.get(i)[0];
            int to = spans.get(i)[1];
            if (line.substring(to).isBlank()) {
                from = line.substring(0, from).stripTrailing().length();
            } else {
                to = line.length() - line.substring(to).stripLeading().length();
            }
            kept.delete(from, to);
        }
        return kept.toString();
    }

    /** Where each of those CHECKs is written in the line: its first character and the one after its last. */
    private static List<int[]> checkSpansNaming(String line, String column) {
        List<String> terms = SqlScript.terms(line);
        // The terms are the line's text between spaces, in order: each is found after the one before it.
        int[] starts = new int[terms.size()];
        for (int i = 0, at = 0; i < terms.size(); i++) {
            starts[i] = line.indexOf(terms.get(i), at);
            at = starts[i] + terms.get(i).length();
        }
        List<int[]> spans = new ArrayList<>();
        for (int[] range : constraintRanges(terms)) {
            List<String> constraint = terms.subList(range[0], range[1]);
            int kindAt = constraint.get(0).equalsIgnoreCase("CONSTRAINT") ? Math.min(2, constraint.size() - 1) : 0;
            List<String> names = SqlScript.names(String.join(" ", constraint.subList(kindAt, constraint.size())));
            // names.get(0) is CHECK itself; a column quoted as "check" in the expression is one of the rest.
            if (kind(constraint).equals("CHECK") && names.stream().skip(1).anyMatch(column::equalsIgnoreCase)) {
                spans.add(new int[] {starts[range[0]], starts[range[1] - 1] + terms.get(range[1] - 1).length()});
            }
        }
        return spans;
    }

    /**
     * Each column constraint after the type, as the range of terms it takes, {@code [first, end)}: a CONSTRAINT name
     * belongs to the constraint that follows it.
     */
    private static List<int[]> constraintRanges(List<String> terms) {
        List<int[]> ranges = new ArrayList<>();
        for (int i = typeEnd(terms); i < terms.size(); i++) {
            int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            boolean named = last != null && isNameOnly(terms.subList(last[0], last[1]));
            if (startsConstraint(terms, i) && !named) {
                ranges.add(new int[] {i, i + 1});
            } else {
                last[1] = i + 1;
            }
        }
        return ranges;
    }

    /** The type a column definition ({@code "c" BIGINT NOT NULL ...}) declares, as written; "" when none. */
    static String declaredType(String definition) {
        List<String> terms = SqlScript.terms(definition);
        return String.join(" ", terms.subList(Math.min(1, terms.size()), typeEnd(terms)));
    }

    /**
     * The default a column definition ({@code "c" INTEGER NOT NULL DEFAULT 0}) declares, as written: the terms after
     * its DEFAULT up to the next constraint; null when it declares none.
     */
    static String declaredDefault(String definition) {
        List<String> terms = SqlScript.terms(definition);
        for (int i = typeEnd(terms); i < terms.size(); i++) {
            if (terms.get(i).equalsIgnoreCase("DEFAULT") && startsConstraint(terms, i)) {
                return String.join(" ", terms.subList(i + 1, nextConstraint(terms, i + 1)));
            }
        }
        return null;
    }

    /** Where a column definition's type ends: the first term that starts a constraint, after the name. */
    private static int typeEnd(List<String> terms) {
        return nextConstraint(terms, Math.min(1, terms.size()));
    }

    /** The first term at or after {@code from} that starts a constraint; the end of the terms when none does. */
    private static int nextConstraint(List<String> terms, int from) {
        int end = from;
        while (end < terms.size() && !startsConstraint(terms, end)) {
            end++;
        }
        return end;
    }

    /**
     * Whether the term at {@code i} starts a column constraint: NOT only before NULL (not NOT DEFERRABLE), NULL
     * not after NOT, SET or DEFAULT ({@code ON DELETE SET NULL}, {@code DEFAULT NULL}), DEFAULT not after SET.
     */
    private static boolean startsConstraint(List<String> terms, int i) {
        String word = keyword(terms.get(i));
        String before = i > 0 ? terms.get(i - 1).toUpperCase(Locale.ROOT) : "";
        return CONSTRAINT_WORDS.contains(word) && switch (word) {
            case "NOT" -> i + 1 < terms.size() && terms.get(i + 1).equalsIgnoreCase("NULL");
            case "NULL" -> !Set.of("NOT", "SET", "DEFAULT").contains(before);
            case "DEFAULT" -> !before.equals("SET");
            default -> true;
        };
    }

    private static boolean isNameOnly(List<String> constraint) {
        return constraint.size() <= 2 && constraint.get(0).equalsIgnoreCase("CONSTRAINT");
    }

    /** The word a constraint starts with after its CONSTRAINT name, upper case. */
    private static String kind(List<String> constraint) {
        int at = constraint.get(0).equalsIgnoreCase("CONSTRAINT") ? Math.min(2, constraint.size() - 1) : 0;
        return keyword(constraint.get(at));
    }

    /**
     * A term's word, upper case, without the parenthesised group written against it: {@code CHECK(qty > 0)} is one
     * term ({@link SqlScript#terms}), and a CHECK all the same.
     */
    private static String keyword(String term) {
        int open = term.indexOf('(');
        return (open < 0 ? term : term.substring(0, open)).toUpperCase(Locale.ROOT);
    }

    /** The name of the foreign key a new column is added with on PostgreSQL, as indexes are named. */
    static String foreignKeyName(String table, String column) {
        return "fk_" + table + "_" + column;
    }

    static String indexName(String table, Index index) {
        return (index.unique() ? "ux_" : "ix_") + table + "_" + String.join("_", index.columns());
    }

    static String createIndex(String table, Index index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quoteAny(indexName(table, index))
                + " ON " + quoteAny(table) + " ("
                + String.join(", ", index.columns().stream().map(SqlIdentifiers::quoteAny).toList()) + ")";
    }

    static String dropIndex(String table, Index index) {
        return "DROP INDEX IF EXISTS " + quoteAny(indexName(table, index));
    }
}
