package io.posdb.changegen;

import io.posdb.schema.SchemaCatalog.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.posdb.sql.SqlIdentifiers;

/**
 * Writes the differences SQLite can only make by rebuilding the table (a changed column, a
 * removed column) as a {@code SqliteTableRebuild} changeset, followed by PostgreSQL's ALTER
 * counterpart ({@link PostgresAlter}). A removed column's values are archived by the rebuild
 * and restored by its rollback; a narrowing (shorter, NOT NULL, a new CHECK, text becoming a number) is verified
 * by a changeset of its own first ({@link Narrowing}).
 */
record RebuildSteps(ChangesetText out, String id, ChangelogSchema current, HibernateDdl postgresDdl) {

    private static final String C = "        ";

    void changedColumn(GeneratedChange d) {
        if (sameOnSqlite(d.current(), d.wanted())) {
            // A type only PostgreSQL tells apart (an int becoming a long or a boolean): SQLite's column stays.
            PostgresAlter.changed(out, d, current, postgresDdl);
            return;
        }
        TableDefinition table = new TableDefinition(current.createSql(d.table()));
        // The current line with what changed rewritten: its REFERENCES, DEFAULT and type (where unchanged) kept; a
        // foreign key's ON DELETE SET NULL, which a column made NOT NULL cannot keep, replaced (SchemaDiff).
        String rewritten = ColumnSql.rewritten(table.column(d.column()), d.current(), d.wanted());
        String newLine = d.reference() == null ? rewritten : ColumnSql.withActions(rewritten, d.reference());
        Narrowing narrowing = Narrowing.of(d.current(), d.wanted());
        if (narrowing.any()) {
            verifyRows(d, narrowing);
        }
        // With a verification, that changeset takes the file's id and the rebuild is named after its dbms.
        out.changeSet(narrowing.any() ? "-sqlite" : "", "sqlite", false, d.what() + " (SQLite table rebuild)");
        out.preconditions("MARK_RAN", "column " + d.table() + "." + d.column() + " already has its new definition",
                "- sqlCheck:", "    expectedResult: 0", "    sql: " + ChangesetText.quoted(definitionPresent(d.table(), newLine)));
        String rebuilt = table.replacing(d.column(), newLine);
        out.line("      changes:");
        rebuild(d.table(), rebuilt, table.placeholder(), null);
        current.definitionChanged(d.table(), rebuilt);
        PostgresAlter.changed(out, d, current, postgresDdl);
    }

    /** Whether SQLite's column stays as it is: the same affinity and length, nullability and CHECK. */
    static boolean sameOnSqlite(Column current, Column wanted) {
        return current.comparableType().equals(wanted.comparableType()) && current.notNull() == wanted.notNull()
                && (wanted.check() == null || current.sameCheck(wanted.check()));
    }

    /**
     * What a changed column asks of the rows already there: a shorter length, NOT NULL, a new CHECK.
     * SQLite's rebuild would keep a too-long value silently and PostgreSQL's ALTER would fail half way
     * through an upgrade; both are guarded by one verification first.
     */
    record Narrowing(Integer maxLength, boolean notNull, String check, String numberType) {

        static Narrowing of(Column current, Column wanted) {
            boolean shorter = wanted.shorterThan(current);
            boolean newCheck = wanted.check() != null && !current.sameCheck(wanted.check());
            return new Narrowing(shorter ? wanted.length() : null, wanted.notNull() && !current.notNull(),
                    newCheck ? wanted.check() : null, wanted.holdsNumbers() && !current.holdsNumbers() ? wanted.type() : null);
        }

        boolean any() {
            return maxLength != null || notNull || check != null || numberType != null;
        }

        String what() {
            return String.join(", ", Stream.of(maxLength == null ? null : "at most " + maxLength + " characters",
                    notNull ? "NOT NULL" : null, check == null ? null : "CHECK (" + check + ")",
                    numberType == null ? null : "values " + numberType + " holds as numbers").filter(Objects::nonNull).toList());
        }
    }

    /**
     * Whether the column exists (1) or not (0), from SQLite's own pragma on that one table. Not Liquibase's
     * {@code columnExists}: on SQLite it reads the columns of every table and view, and one view a shop made
     * by hand over a table dropped since (SQLite keeps it, and reads the file) fails it, and with it the
     * upgrade of that till.
     */
    static String columnPresent(String table, String column) {
        return "SELECT COUNT(*) FROM pragma_table_info(" + SqlIdentifiers.literal(table) + ") WHERE name = "
                + SqlIdentifiers.literal(column);
    }

    /**
     * Counts the table when its CREATE text has exactly this column line (ending in a comma or at the
     * line's end): a substring match would take {@code "c" VARCHAR(40)} for {@code "c" VARCHAR(40) NOT NULL}.
     */
    private static String definitionPresent(String table, String line) {
        String literal = SqlIdentifiers.literal(line);
        return "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = " + SqlIdentifiers.literal(table)
                + " AND (instr(sql, " + literal + " || ',') > 0 OR instr(sql, " + literal + " || char(10)) > 0)";
    }

    /**
     * Halts before a narrowing when rows break it (as 0009 guards 0010), naming those rows, on SQLite and
     * PostgreSQL alike, instead of a rebuild that keeps bad values or an ALTER that fails half way.
     */
    private void verifyRows(GeneratedChange d, Narrowing narrowing) {
        out.changeSet("", null, true, "verify that every row of " + d.table() + " meets the new definition of "
                + d.column() + " (" + narrowing.what() + ")");
        List<String> condition = new ArrayList<>(List.of("- customPrecondition:",
                "    className: io.posdb.migration.data.RowsMeetNarrowing", "    params:",
                "      - param: { name: tableName, value: " + d.table() + " }",
                "      - param: { name: columnName, value: " + d.column() + " }",
                "      - param: { name: keyColumn, value: " + current.keyColumn(d.table()) + " }"));
        if (narrowing.maxLength() != null) {
            condition.add("      - param: { name: maxLength, value: \"" + narrowing.maxLength() + "\" }");
        }
        if (narrowing.notNull()) {
            condition.add("      - param: { name: notNull, value: \"true\" }");
        }
        if (narrowing.check() != null) {
            condition.add("      - param: { name: check, value: " + ChangesetText.quoted(narrowing.check()) + " }");
        }
        if (narrowing.numberType() != null) {
            condition.add("      - param: { name: numberType, value: " + ChangesetText.quoted(narrowing.numberType()) + " }");
        }
        out.preconditions("HALT", null, condition.toArray(String[]::new));
        out.lines("      ", "changes:", "  - empty: {}", "rollback:", "  - empty: {}");
    }

    void removedColumn(GeneratedChange d) {
        TableDefinition table = new TableDefinition(current.createSql(d.table()));
        List<String> constraints = table.constraintsNaming(d.column());
        out.line("# review-required: drops column " + d.table() + "." + d.column() + " (values archived into "
                + "data_migration_audit)" + (constraints.isEmpty() ? "" : " and with it the constraint(s) that name "
                + "it, which its rollback gives back: " + constraints.stream().map(c -> c.replaceAll("\\s+", " "))
                .collect(Collectors.joining("; "))) + "; remove this line once a person has confirmed the drop");
        out.changeSet("", "sqlite", false, d.what());
        out.preconditions("MARK_RAN", "column " + d.table() + "." + d.column() + " is already gone", "- sqlCheck:",
                "    expectedResult: 1", "    sql: " + ChangesetText.quoted(columnPresent(d.table(), d.column())));
        out.line("      changes:");
        rebuild(d.table(), table.without(d.column()), table.placeholder(), d.column());
        current.definitionChanged(d.table(), table.without(d.column()));
        restoreFromArchive(d, table);
        PostgresAlter.removed(out, id, d, current.keyColumn(d.table()), current.postgresTypes());
    }

    /**
     * The rebuild's own rollback would bring the column back empty (and fail on NOT NULL), so the
     * rollback adds it nullable, fills it from the archive rows the drop wrote (rows added since with its default;
     * a NOT NULL column without one refused by name), then rebuilds the
     * table exactly as it was (position, NOT NULL, CHECK). Both are custom changes: Liquibase runs
     * those in order while collecting a rollback's statements, before any sql change would run.
     */
    private void restoreFromArchive(GeneratedChange d, TableDefinition table) {
        String type = d.current().type().toUpperCase(Locale.ROOT);
        out.line("      rollback:");
        out.lines(C, "- customChange:", "    class: io.posdb.migration.data.RestoreArchivedColumn",
                "    tableName: " + d.table(), "    columnName: " + d.column(), "    columnType: " + type,
                "    keyColumn: " + current.keyColumn(d.table()), "    archivedBy: " + id);
        // Rows added since the drop take the column's default; a NOT NULL column without one refuses, naming them.
        if (d.current().notNull()) {
            out.line(C + "    notNull: \"true\"");
        }
        if (d.current().defaultValue() != null) {
            out.line(C + "    defaultValue: " + ChangesetText.quoted(d.current().defaultValue()));
        }
        rebuild(d.table(), table.placeholder(), table.without(d.column()), null);
    }

    /** A SqliteTableRebuild custom change (in changes: or rollback:); {@code dropColumns} null for none. */
    void rebuild(String table, String create, String rollbackCreate, String dropColumns) {
        out.lines(C, "- customChange:", "    class: io.posdb.migration.sqlite.SqliteTableRebuild",
                "    tableName: " + table);
        if (dropColumns != null) {
            out.line(C + "    dropColumns: " + dropColumns);
        }
        out.line(C + "    createTableSql: |");
        create.lines().forEach(l -> out.line(C + "      " + l));
        out.line(C + "    rollbackCreateTableSql: |");
        rollbackCreate.lines().forEach(l -> out.line(C + "      " + l));
    }
}
