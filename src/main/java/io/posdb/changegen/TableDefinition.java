package io.posdb.changegen;

import io.posdb.migration.sqlite.SqliteTableRebuild;
import io.posdb.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A table's CREATE TABLE text as the changelog left it, edited column by column for a
 * rebuild: one column or table constraint per line, and a line is replaced, removed or added
 * whole, so everything else (other columns, table constraints, comments) stays verbatim; a dropped
 * column's CHECKs on other columns' lines are all that is cut from within a line.
 * SQLite's own ALTER TABLE ADD COLUMN does not keep that layout (it writes {@code , "c" TYPE}
 * after the last column, on its line or on the closing one), so the text is first laid out
 * again, one top-level item a line.
 */
final class TableDefinition {

    private static final Pattern TABLE_CONSTRAINT =
            Pattern.compile("(?i)^\\s*(CONSTRAINT|PRIMARY\\s+KEY|UNIQUE|CHECK|FOREIGN\\s+KEY)\\b.*");

    private static final Pattern PRIMARY_KEY =
            Pattern.compile("(?i)^(CONSTRAINT\\s+\\S+\\s+)?PRIMARY\\s+KEY\\b");

    private final List<String> lines;

    TableDefinition(String createSql) {
        String definition = SqliteTableRebuild.definitionOf(createSql);
        int open = definition.indexOf('(');
        int close = definition.lastIndexOf(')');
        List<String> items = SqlScript.listItems(definition.substring(open + 1, close));
        List<String> laidOut = new ArrayList<>();
        laidOut.add(definition.substring(0, open + 1));
        for (int i = 0; i < items.size(); i++) {
            laidOut.add("    " + items.get(i) + (i < items.size() - 1 ? "," : ""));
        }
        laidOut.add(definition.substring(close));
        lines = new ArrayList<>(String.join("\n", laidOut).lines().toList());
    }

    private TableDefinition(List<String> lines) {
        this.lines = lines;
    }

    /** The definition as it is, for rollbackCreateTableSql. */
    String placeholder() {
        return String.join("\n", lines);
    }

    /** The column's definition as the table has it: its line without the indent and the comma after it. */
    String column(String column) {
        return lines.get(lineOf(column)).strip().replaceFirst(",$", "").stripTrailing();
    }

    String replacing(String column, String definition) {
        List<String> edited = new ArrayList<>(lines);
        int at = lineOf(column);
        String old = edited.get(at);
        String indent = old.substring(0, old.length() - old.stripLeading().length());
        edited.set(at, indent + definition + (old.stripTrailing().endsWith(",") ? "," : ""));
        return String.join("\n", edited);
    }

    /**
     * The definition without the column and without the constraints that name it ({@link #constraintsNaming}): the
     * table constraints, and the CHECKs on other columns' lines (the rest of those lines stays). Kept, they would name
     * a column that is gone, and the rebuild would fail. PostgreSQL's DROP COLUMN drops them too (to PostgreSQL a
     * CHECK written on a column's line is a table's constraint like any other); the rollback's previous definition
     * gives them back.
     */
    String without(String column) {
        lineOf(column); // refuses a column not on a line of its own, as every edit does
        List<String> gone = tableConstraintsNaming(column);
        List<String> kept = items().stream().filter(item -> !gone.contains(item) && !defines(item, column))
                .map(item -> isTableConstraint(item) ? item : ColumnSql.withoutChecksNaming(item, column)).toList();
        List<String> edited = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 0; i < kept.size(); i++) {
            edited.add("    " + kept.get(i) + (i < kept.size() - 1 ? "," : ""));
        }
        edited.add(lines.get(lines.size() - 1));
        return String.join("\n", edited);
    }

    /**
     * What goes with the column, in words for the review line: the table constraints that name it
     * ({@link #tableConstraintsNaming}), each as written, then the CHECKs written on another column's line that name
     * it ({@link ColumnSql#checksNaming}), each as written followed by {@code on column <name>}.
     */
    List<String> constraintsNaming(String column) {
        List<String> naming = new ArrayList<>(tableConstraintsNaming(column));
        for (String item : items()) {
            if (!isTableConstraint(item) && !defines(item, column)) {
                String owner = SqlScript.names(item).get(0);
                ColumnSql.checksNaming(item, column).forEach(check -> naming.add(check + " on column " + owner));
            }
        }
        return naming;
    }

    /**
     * The table constraints (CHECK, UNIQUE, FOREIGN KEY) that name the column, with other columns or alone, each as
     * written: they go with it. A name in a string literal or a comment is text ({@link SqlScript#names}); a foreign
     * key's names after REFERENCES are the parent table's. A PRIMARY KEY that names it is refused: which key the
     * table has then is not the generator's to guess.
     */
    private List<String> tableConstraintsNaming(String column) {
        List<String> naming = items().stream().filter(item -> isTableConstraint(item)
                && ownNames(item).stream().anyMatch(column::equalsIgnoreCase)).toList();
        naming.stream().filter(item -> PRIMARY_KEY.matcher(item).find()).findFirst().ifPresent(key -> {
            throw new IllegalStateException("column " + column + " is in the table's primary key (" + key
                    + "); write this changeset by hand (docs/writing-migrations.md, \"How to add a new migration\")");
        });
        return naming;
    }

    /** Whether the item is the column's own definition. */
    private static boolean defines(String item, String column) {
        return Pattern.compile("(?s)^[\"`]?" + Pattern.quote(column) + "[\"`]?\\s.*")
                .matcher(SqlScript.withoutComments(item).strip()).matches();
    }

    private static boolean isTableConstraint(String item) {
        return TABLE_CONSTRAINT.matcher(item).lookingAt();
    }

    /** The names a table constraint uses for its own table's columns: not its CONSTRAINT name, nor a parent's. */
    private static List<String> ownNames(String constraint) {
        List<String> names = SqlScript.names(constraint);
        int from = names.get(0).equalsIgnoreCase("CONSTRAINT") ? Math.min(2, names.size()) : 0;
        int to = from;
        while (to < names.size() && !names.get(to).equalsIgnoreCase("REFERENCES")) {
            to++;
        }
        return names.subList(from, to);
    }

    /** The items between the parentheses (columns and table constraints), each as written. */
    private List<String> items() {
        String definition = placeholder();
        return SqlScript.listItems(definition.substring(definition.indexOf('(') + 1, definition.lastIndexOf(')')));
    }

    /**
     * The definition with {@code definition} as its last column, before any table constraint, where
     * SQLite's ADD COLUMN puts it: what a later rebuild in the same run starts from.
     */
    TableDefinition adding(String definition) {
        int at = 1;
        while (at < lines.size() - 1 && !TABLE_CONSTRAINT.matcher(lines.get(at)).matches()) {
            at++;
        }
        List<String> edited = new ArrayList<>(lines);
        boolean constraintsFollow = at < lines.size() - 1;
        if (at > 1 && !edited.get(at - 1).stripTrailing().endsWith(",")) {
            edited.set(at - 1, edited.get(at - 1).stripTrailing() + ",");
        }
        edited.add(at, "    " + definition + (constraintsFollow ? "," : ""));
        return new TableDefinition(edited);
    }

    private int lineOf(String column) {
        Pattern line = Pattern.compile("^\\s*[\"`]?" + Pattern.quote(column) + "[\"`]?\\s.*");
        return IntStream.range(1, lines.size()).filter(i -> line.matcher(lines.get(i)).matches()).findFirst()
                .orElseThrow(() -> new IllegalStateException("column " + column + " is not on a line of its own in "
                        + "the table's CREATE TABLE; write this changeset by hand (docs/writing-migrations.md, "
                        + "\"How to add a new migration\")"));
    }
}
