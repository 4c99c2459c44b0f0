package io.posdb.changegen;

import java.util.List;

/**
 * The YAML text of a changeset file, written line by line so that the output is
 * deterministic and reads like the hand-written changesets (comments included).
 */
final class ChangesetText {

    private final StringBuilder text = new StringBuilder();
    private final String id;
    private final String author;
    private final String label;
    /** Appended to every changeset's comment: the class it declares for older releases (docs/releases.md). */
    private final String compatibility;

    ChangesetText(String id, String author, String label, List<String> comments, String compatibility) {
        this.id = id;
        this.author = author;
        this.label = label;
        this.compatibility = compatibility;
        comments.forEach(c -> line("# " + c));
        line("databaseChangeLog:");
        line("  - logicalFilePath: changelog/changes/" + id + ".yaml");
    }

    /** Starts a changeset; {@code suffix} ("", "-postgresql", "-sqlite") makes ids unique within the file. */
    ChangesetText changeSet(String suffix, String dbms, boolean runInTransaction, String comment) {
        line("  - changeSet:");
        line("      id: " + id + suffix);
        line("      author: " + author);
        if (dbms != null) {
            line("      dbms: " + dbms);
        }
        line("      labels: " + label);
        if (!runInTransaction) {
            line("      runInTransaction: false");
        }
        return line("      comment: " + quoted(comment + "; " + compatibility));
    }

    ChangesetText line(String yaml) {
        text.append(yaml).append('\n');
        return this;
    }

    /** Lines at one indent. */
    ChangesetText lines(String indent, String... yaml) {
        for (String l : yaml) {
            line(indent + l);
        }
        return this;
    }

    /**
     * A precondition block: {@code onFail} MARK_RAN or HALT, then the condition lines (indented by 8). A null
     * {@code message} leaves the precondition's own message (which names the rows) to Liquibase's error.
     */
    ChangesetText preconditions(String onFail, String message, String... condition) {
        line("      preConditions:");
        line("        - onFail: " + onFail);
        if (message != null) {
            line("        - onFailMessage: " + quoted(message));
        }
        return lines("        ", condition);
    }

    /** An {@code sql} change at the given list indent ("        " for changes:, rollback:). */
    ChangesetText sql(String indent, String sql) {
        line(indent + "- sql:");
        line(indent + "    splitStatements: false");
        if (!sql.contains("\n")) {
            return line(indent + "    sql: " + quoted(sql));
        }
        line(indent + "    sql: |");
        return lines(indent + "      ", sql.lines().toArray(String[]::new));
    }

    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
