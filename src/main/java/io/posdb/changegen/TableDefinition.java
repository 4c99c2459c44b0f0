package io.posdb.changegen;

import io.posdb.migration.sqlite.SqliteTableRebuild;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table's CREATE TABLE text as the changelog left it, edited column by column for a
 * rebuild: the changelog writes one column per line, and a line is replaced or removed
 * whole, so everything else (other columns, table constraints, comments) stays verbatim.
 */
final class TableDefinition {

    private final List<String> lines;

    TableDefinition(String createSql) {
        lines = new ArrayList<>(SqliteTableRebuild.definitionOf(createSql).lines().toList());
    }

    /** The definition as it is, for rollbackCreateTableSql. */
    String placeholder() {
        return String.join("\n", lines);
    }

    String replacing(String column, String definition) {
        List<String> edited = new ArrayList<>(lines);
        int at = lineOf(column);
        String old = edited.get(at);
        String indent = old.substring(0, old.length() - old.stripLeading().length());
        edited.set(at, indent + definition + (old.stripTrailing().endsWith(",") ? "," : ""));
        return String.join("\n", edited);
    }

    String without(String column) {
        List<String> edited = new ArrayList<>(lines);
        int at = lineOf(column);
        boolean hadComma = edited.get(at).stripTrailing().endsWith(",");
        edited.remove(at);
        if (!hadComma && at > 0) {
            // It was the last column: the one before loses its comma.
            edited.set(at - 1, edited.get(at - 1).replaceFirst(",\\s*$", ""));
        }
        return String.join("\n", edited);
    }

    private int lineOf(String column) {
        Pattern line = Pattern.compile("^\\s*[\"`]?" + Pattern.quote(column) + "[\"`]?\\s.*");
        for (int i = 1; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        throw new IllegalStateException("column " + column + " is not on a line of its own in the table's CREATE TABLE;"
                + " write this changeset by hand (docs/writing-migrations.md, \"How to add a new migration\")");
    }
}
