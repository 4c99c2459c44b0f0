package io.posdb.changegen;

import io.posdb.migration.ColumnArchive;
import io.posdb.schema.SchemaCatalog.Index;

import static io.posdb.sql.SqlIdentifiers.quoteAny;

import java.util.List;

/**
 * Writes one difference as changesets: per engine where the SQL differs (SQLite's native
 * ADD COLUMN, PostgreSQL's ALTER TABLE), each with a precondition that makes it right on
 * fresh, adopted-legacy and current databases and a rollback that keeps the data (values of
 * a dropped column are archived into data_migration_audit first). Differences that SQLite
 * can only make by rebuilding the table are written by {@link RebuildSteps}.
 */
record StepWriter(ChangesetText out, String id, ChangelogSchema current, HibernateDdl sqliteDdl,
                  HibernateDdl postgresDdl) {

    private static final String C = "        ";

    void write(GeneratedChange d) {
        switch (d.kind()) {
            case NEW_TABLE -> newTable(d);
            case NEW_COLUMN -> newColumn(d);
            case NEW_INDEX -> newIndex(d);
            case CHANGED_COLUMN -> new RebuildSteps(out, id, current, postgresDdl).changedColumn(d);
            case REMOVED_COLUMN -> new RebuildSteps(out, id, current, postgresDdl).removedColumn(d);
            case REMOVED_TABLE -> removedTable(d);
        }
    }

    private void newTable(GeneratedChange d) {
        for (String dbms : List.of("sqlite", "postgresql")) {
            out.changeSet("postgresql".equals(dbms) ? "-postgresql" : "", dbms, true, d.what());
            out.preconditions("MARK_RAN", "table " + d.table() + " already exists", "- not:",
                    "    - tableExists:", "        tableName: " + d.table());
            out.line("      changes:");
            ("sqlite".equals(dbms) ? sqliteDdl : postgresDdl).createTable(d.table()).forEach(s -> out.sql(C, s));
            out.line("      rollback:");
            out.lines(C, "# Drops the table only while it is empty: rows are business data and are kept.",
                    "- customChange:", "    class: io.posdb.migration.rollback.DropTableIfEmpty",
                    "    tableName: " + d.table());
        }
    }

    private void newColumn(GeneratedChange d) {
        String t = d.table();
        String c = d.column();
        TableDefinition before = new TableDefinition(current.createSql(t));
        // A new nullable @ManyToOne: SQLite's ADD COLUMN takes its REFERENCES clause while the column defaults to
        // NULL (https://www.sqlite.org/lang_altertable.html; SchemaDiff refuses any other default).
        String definition = ColumnSql.definition(d.wanted())
                + (d.reference() == null ? "" : " " + ColumnSql.references(d.reference()));
        String withColumn = before.adding(definition).placeholder();
        for (String dbms : List.of("sqlite", "postgresql")) {
            boolean sqlite = "sqlite".equals(dbms);
            if (d.index() != null) {
                out.line("  # lint: allow UNIQUE_WITHOUT_DUPLICATE_CHECK because the column is new in this changeset: "
                        + "every existing row holds NULL, which a unique index allows");
            }
            if (d.wanted().check() != null && d.wanted().defaultValue() == null) {
                out.line("  # lint: allow CHECK_WITHOUT_VERIFICATION because the column is new in this changeset: "
                        + "every existing row holds NULL, which a CHECK lets through");
            }
            out.line("  # lint: allow ROLLBACK_DROPS_DATA because the rollback archives the column's values into "
                    + "data_migration_audit before it drops the column");
            // SQLite: its rollback rebuilds the table, which switches foreign keys off outside a transaction.
            out.changeSet(sqlite ? "" : "-postgresql", dbms, !sqlite, d.what());
            if (sqlite) {
                out.preconditions("MARK_RAN", "column " + t + "." + c + " already exists", "- sqlCheck:",
                        "    expectedResult: 0", "    sql: " + ChangesetText.quoted(RebuildSteps.columnPresent(t, c)));
            } else {
                out.preconditions("MARK_RAN", "column " + t + "." + c + " already exists", "- not:",
                        "    - columnExists:", "        tableName: " + t, "        columnName: " + c);
            }
            out.line("      changes:");
            if (sqlite) {
                // SQLite's own ADD COLUMN: Liquibase's addColumn would rebuild the table on SQLite.
                out.sql(C, "ALTER TABLE " + quoteAny(t) + " ADD COLUMN " + definition);
            } else {
                out.lines(C, "- addColumn:", "    tableName: " + t, "    columns:", "      - column:",
                        "          name: " + c, "          type: " + postgresDdl.columnType(t, c));
                if (d.wanted().defaultValue() != null) {
                    out.line(C + "          defaultValueComputed: " + ChangesetText.quoted(d.wanted().defaultValue()));
                }
                if (d.wanted().notNull()) {
                    out.line(C + "          constraints: { nullable: false }");
                }
                if (d.wanted().check() != null) {
                    // addColumn has no CHECK of its own on PostgreSQL; named as PostgresAlter names a changed one.
                    out.sql(C, "ALTER TABLE " + quoteAny(t) + " ADD CONSTRAINT " + quoteAny("ck_" + t + "_" + c)
                            + " CHECK (" + d.wanted().check() + ")");
                }
                if (d.reference() != null) {
                    out.sql(C, "ALTER TABLE " + quoteAny(t) + " ADD CONSTRAINT " + quoteAny(ColumnSql.foreignKeyName(t, c))
                            + " FOREIGN KEY (" + quoteAny(c) + ") " + ColumnSql.references(d.reference()));
                }
            }
            if (d.index() != null) {
                out.sql(C, ColumnSql.createIndex(t, d.index()));
            }
            out.line("      rollback:");
            if (sqlite) {
                // A rebuild, not SQLite's DROP COLUMN, which fails on a shop with a view made by hand over a table
                // dropped since (SQLite keeps it, and reads the file). The rebuild archives the values and drops
                // the column's index with it.
                out.line(C + "# The column's values are archived into data_migration_audit before it is dropped.");
                new RebuildSteps(out, id, current, postgresDdl).rebuild(t, before.placeholder(), withColumn, c);
                continue;
            }
            if (d.index() != null) {
                out.sql(C, ColumnSql.dropIndex(t, d.index()));
            }
            out.line(C + "# The column's values are archived into data_migration_audit before it is dropped"
                    + (d.reference() == null ? "." : " (with its foreign key)."));
            out.sql(C, ColumnArchive.sql(id + "-postgresql", t, current.keyColumn(t), c,
                    d.wanted().defaultValue() != null, "rollback of " + id));
            out.sql(C, "ALTER TABLE " + quoteAny(t) + " DROP COLUMN " + quoteAny(c));
        }
        // A rebuild of the table later in this run keeps the column (it would drop it, unarchived, otherwise).
        current.definitionChanged(t, withColumn);
    }

    private void newIndex(GeneratedChange d) {
        Index index = d.index();
        out.changeSet("", null, true, d.what());
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

    private void removedTable(GeneratedChange d) {
        out.line("# review-required: entity table " + d.table() + " removed; the table is moved whole into archived_"
                + d.table() + " (rows and columns, constraining nothing), never dropped; remove this line once a "
                + "person has confirmed it");
        for (String dbms : List.of("sqlite", "postgresql")) {
            boolean sqlite = "sqlite".equals(dbms);
            // SQLite: the archive switches foreign keys off, which works only outside a transaction.
            out.changeSet(sqlite ? "" : "-postgresql", dbms, !sqlite, d.what());
            out.preconditions("MARK_RAN", "table " + d.table() + " is already archived", "- tableExists:",
                    "    tableName: " + d.table());
            out.line("      changes:");
            out.lines(C, "# Not renameTable: a renamed table keeps its foreign keys, triggers and unique constraints,",
                    "# so an older release's writes would cascade into the archive or be refused by it. The rollback",
                    "# makes the table again as it was, with the archive's rows.",
                    "- customChange:", "    class: io.posdb.migration.ArchiveTable", "    tableName: " + d.table());
        }
    }
}
