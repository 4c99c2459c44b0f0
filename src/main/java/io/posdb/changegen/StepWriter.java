package io.posdb.changegen;

import static io.posdb.changegen.ColumnSql.q;

import java.util.List;

/**
 * Writes one difference as changesets: per engine where the SQL differs (SQLite's native
 * ADD COLUMN or table rebuild, PostgreSQL's ALTER TABLE), each with a precondition that
 * makes it right on fresh, adopted-legacy and current databases and a rollback that keeps
 * the data (values of a dropped column are archived into data_migration_audit first).
 */
final class StepWriter {

    private static final String C = "        ";
    private final ChangesetText out;
    private final String id;
    private final ChangelogSchema current;
    private final HibernateDdl sqliteDdl;
    private final HibernateDdl postgresDdl;

    StepWriter(ChangesetText out, String id, ChangelogSchema current, HibernateDdl sqliteDdl, HibernateDdl postgresDdl) {
        this.out = out;
        this.id = id;
        this.current = current;
        this.sqliteDdl = sqliteDdl;
        this.postgresDdl = postgresDdl;
    }

    void write(SchemaDifference d, String suffix) {
        switch (d.kind()) {
            case NEW_TABLE -> newTable(d, suffix);
            case NEW_COLUMN -> newColumn(d, suffix);
            case NEW_INDEX -> newIndex(d, suffix);
            case CHANGED_COLUMN -> changedColumn(d, suffix);
            case REMOVED_COLUMN -> removedColumn(d, suffix);
            case REMOVED_TABLE -> removedTable(d, suffix);
        }
    }

    private void newTable(SchemaDifference d, String suffix) {
        for (String dbms : List.of("sqlite", "postgresql")) {
            out.changeSet(suffix + ("postgresql".equals(dbms) ? "-postgresql" : ""), dbms, true, d.what());
            out.preconditions("MARK_RAN", "table " + d.table() + " already exists", "- not:",
                    "    - tableExists:", "        tableName: " + d.table());
            out.line("      changes:");
            ("sqlite".equals(dbms) ? sqliteDdl : postgresDdl).createTable(d.table()).forEach(s -> out.sql(C, s));
            out.line("      rollback:");
            out.line(C + "# Drops the table only while it is empty: rows are business data and are kept.");
            out.line(C + "- customChange:");
            out.line(C + "    class: io.posdb.migration.rollback.DropTableIfEmpty");
            out.line(C + "    tableName: " + d.table());
        }
    }

    private void newColumn(SchemaDifference d, String suffix) {
        String t = d.table();
        String c = d.column();
        for (String dbms : List.of("sqlite", "postgresql")) {
            boolean sqlite = "sqlite".equals(dbms);
            if (d.index() != null) {
                out.line("  # lint: allow UNIQUE_WITHOUT_DUPLICATE_CHECK because the column is new in this changeset: "
                        + "every existing row holds NULL, which a unique index allows");
            }
            out.line("  # lint: allow ROLLBACK_DROPS_DATA because the rollback archives the column's values into "
                    + "data_migration_audit before it drops the column");
            out.changeSet(suffix + (sqlite ? "" : "-postgresql"), dbms, true, d.what());
            out.preconditions("MARK_RAN", "column " + t + "." + c + " already exists", "- not:",
                    "    - columnExists:", "        tableName: " + t, "        columnName: " + c);
            out.line("      changes:");
            if (sqlite) {
                // SQLite's own ADD COLUMN: Liquibase's addColumn would rebuild the table on SQLite.
                out.sql(C, "ALTER TABLE " + q(t) + " ADD COLUMN " + ColumnSql.definition(d.wanted()));
            } else {
                out.line(C + "- addColumn:");
                out.line(C + "    tableName: " + t);
                out.line(C + "    columns:");
                out.line(C + "      - column:");
                out.line(C + "          name: " + c);
                out.line(C + "          type: " + d.wanted().type().toUpperCase(java.util.Locale.ROOT));
                if (d.wanted().defaultValue() != null) {
                    out.line(C + "          defaultValueComputed: " + ChangesetText.quoted(d.wanted().defaultValue()));
                }
                if (d.wanted().notNull()) {
                    out.line(C + "          constraints: { nullable: false }");
                }
            }
            if (d.index() != null) {
                out.sql(C, ColumnSql.createIndex(t, d.index()));
            }
            out.line("      rollback:");
            if (d.index() != null) {
                out.sql(C, ColumnSql.dropIndex(t, d.index()));
            }
            out.line(C + "# The column's values are archived into data_migration_audit before it is dropped.");
            out.sql(C, ColumnSql.archive(id + suffix + (sqlite ? "" : "-postgresql"), t, key(t), c, "rollback of " + id));
            out.sql(C, "ALTER TABLE " + q(t) + " DROP COLUMN " + q(c));
        }
    }

    private void newIndex(SchemaDifference d, String suffix) {
        IndexShape index = d.index();
        out.changeSet(suffix, null, true, d.what());
        if (index.unique()) {
            out.preconditions("HALT", null,
                    "- customPrecondition:", "    className: io.posdb.migration.data.DistinctValues", "    params:",
                    "      - param: { name: tableName, value: " + d.table() + " }",
                    "      - param: { name: columns, value: \"" + String.join(",", index.columns()) + "\" }");
        }
        out.line("      changes:");
        out.sql(C, ColumnSql.createIndex(d.table(), index));
        out.line("      rollback:");
        out.sql(C, ColumnSql.dropIndex(d.table(), index));
    }

    private void changedColumn(SchemaDifference d, String suffix) {
        TableDefinition table = new TableDefinition(current.createSql(d.table()));
        String newLine = ColumnSql.definition(d.wanted());
        boolean newCheck = d.wanted().check() != null && !d.wanted().check().equals(d.current().check());
        if (newCheck) {
            verifyCheck(d, suffix);
        }
        // With a verification, that changeset takes the file's id and the rebuild is named after its dbms.
        out.changeSet(suffix + (newCheck ? "-sqlite" : ""), "sqlite", false, d.what() + " (SQLite table rebuild)");
        out.preconditions("MARK_RAN", "column " + d.table() + "." + d.column() + " already has its new definition",
                "- sqlCheck:", "    expectedResult: 0", "    sql: " + ChangesetText.quoted(definitionPresent(d.table(), newLine)));
        String rebuilt = table.replacing(d.column(), newLine);
        rebuild(d.table(), rebuilt, table.placeholder(), null);
        current.definitionChanged(d.table(), rebuilt);
        PostgresAlter.changed(out, id + suffix, suffix, d);
    }

    /**
     * Counts the table when its CREATE text has exactly this column line (ending in a comma or at the
     * line's end): a substring match would take {@code "c" VARCHAR(40)} for {@code "c" VARCHAR(40) NOT NULL}.
     */
    private static String definitionPresent(String table, String line) {
        String literal = "'" + line.replace("'", "''") + "'";
        return "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "' AND (instr(sql, "
                + literal + " || ',') > 0 OR instr(sql, " + literal + " || char(10)) > 0)";
    }

    /** Halts before a new CHECK when rows break it (as 0009 guards 0010), instead of a failing rebuild. */
    private void verifyCheck(SchemaDifference d, String suffix) {
        out.changeSet(suffix, null, true, "verify that every row of " + d.table() + " meets the new CHECK on "
                + d.column());
        out.preconditions("HALT", "rows of table " + d.table() + " break the new CHECK (" + d.wanted().check() + ") on "
                + d.column() + ": correct them with a data change (bin/new-changeset --data NAME) first",
                "- sqlCheck:", "    expectedResult: 0", "    sql: " + ChangesetText.quoted("SELECT COUNT(*) FROM "
                        + q(d.table()) + " WHERE NOT (" + d.wanted().check() + ")"));
        out.line("      changes:");
        out.line(C + "- empty: {}");
        out.line("      rollback:");
        out.line(C + "- empty: {}");
    }

    private void removedColumn(SchemaDifference d, String suffix) {
        TableDefinition table = new TableDefinition(current.createSql(d.table()));
        out.line("# review-required: drops column " + d.table() + "." + d.column() + " (values archived into "
                + "data_migration_audit); remove this line once a person has confirmed the drop");
        out.changeSet(suffix, "sqlite", false, d.what());
        out.preconditions("MARK_RAN", "column " + d.table() + "." + d.column() + " is already gone", "- columnExists:",
                "    tableName: " + d.table(), "    columnName: " + d.column());
        rebuild(d.table(), table.without(d.column()), table.placeholder(), d.column());
        current.definitionChanged(d.table(), table.without(d.column()));
        restoreFromArchive(d, table, suffix);
        PostgresAlter.removed(out, id + suffix, suffix, d, key(d.table()));
    }

    /**
     * The rebuild's own rollback would bring the column back empty (and fail on NOT NULL), so the
     * rollback adds it nullable, fills it from the archive rows the drop wrote, then rebuilds the
     * table exactly as it was (position, NOT NULL, CHECK). Both are custom changes: Liquibase runs
     * those in order while collecting a rollback's statements, before any sql change would run.
     */
    private void restoreFromArchive(SchemaDifference d, TableDefinition table, String suffix) {
        String type = d.current().type().toUpperCase(java.util.Locale.ROOT);
        out.line("      rollback:");
        out.line(C + "- customChange:");
        out.line(C + "    class: io.posdb.migration.data.RestoreArchivedColumn");
        out.line(C + "    tableName: " + d.table());
        out.line(C + "    columnName: " + d.column());
        out.line(C + "    columnType: " + type);
        out.line(C + "    keyColumn: " + key(d.table()));
        out.line(C + "    archivedBy: " + id + suffix);
        out.line(C + "- customChange:");
        out.line(C + "    class: io.posdb.migration.sqlite.SqliteTableRebuild");
        out.line(C + "    tableName: " + d.table());
        out.line(C + "    createTableSql: |");
        table.placeholder().lines().forEach(l -> out.line(C + "      " + l));
        out.line(C + "    rollbackCreateTableSql: |");
        table.without(d.column()).lines().forEach(l -> out.line(C + "      " + l));
    }

    private void rebuild(String table, String create, String rollbackCreate, String dropColumns) {
        out.line("      changes:");
        out.line(C + "- customChange:");
        out.line(C + "    class: io.posdb.migration.sqlite.SqliteTableRebuild");
        out.line(C + "    tableName: " + table);
        if (dropColumns != null) {
            out.line(C + "    dropColumns: " + dropColumns);
        }
        out.line(C + "    createTableSql: |");
        create.lines().forEach(l -> out.line(C + "      " + l));
        out.line(C + "    rollbackCreateTableSql: |");
        rollbackCreate.lines().forEach(l -> out.line(C + "      " + l));
    }

    private void removedTable(SchemaDifference d, String suffix) {
        out.line("# review-required: entity table " + d.table() + " removed; the table is renamed to archived_"
                + d.table() + ", never dropped; remove this line once a person has confirmed it");
        out.changeSet(suffix, null, true, d.what());
        out.preconditions("MARK_RAN", "table " + d.table() + " is already archived", "- tableExists:",
                "    tableName: " + d.table());
        out.line("      changes:");
        out.line(C + "- renameTable:");
        out.line(C + "    oldTableName: " + d.table());
        out.line(C + "    newTableName: archived_" + d.table());
    }

    /** The key column the archive rows name (the changelog's tables all have an id). */
    private String key(String table) {
        return current.tables().get(table).columns().containsKey("id") ? "id" : "rowid";
    }
}
