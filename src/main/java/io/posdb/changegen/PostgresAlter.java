package io.posdb.changegen;

import io.posdb.migration.ColumnArchive;
import io.posdb.schema.PostgresTypes;
import io.posdb.schema.SchemaCatalog.ForeignKey;
import io.posdb.sql.SqlIdentifiers;
import static io.posdb.sql.SqlIdentifiers.quoteAny;

import java.util.ArrayList;
import java.util.List;

/** PostgreSQL's side of a changed or removed column: ALTER TABLE in place, no rebuild. */
final class PostgresAlter {

    private static final String C = "        ";

    private PostgresAlter() {
    }

    /**
     * {@code current.postgresTypes()} gives the column's type before the change as the changelog's PostgreSQL
     * changesets have it, {@code postgres} the type the entities want, in Hibernate's PostgreSQL DDL.
     */
    static void changed(ChangesetText out, GeneratedChange d, ChangelogSchema current, HibernateDdl postgres) {
        PostgresColumnTypes types = current.postgresTypes();
        String t = quoteAny(d.table());
        String c = quoteAny(d.column());
        String constraint = quoteAny("ck_" + d.table() + "_" + d.column());
        List<String> forward = new ArrayList<>();
        List<String> back = new ArrayList<>();
        // Only what changed is altered, so the rollback gives back exactly the column before, in PostgreSQL's
        // words: SQLite's changeset says INT where PostgreSQL's says BIGINT or BOOLEAN, and a TYPE for a mere
        // nullability change would narrow PostgreSQL's own BIGINT to INT on the way back. Whether the type changes
        // SchemaDiff decided (GeneratedChange.retypedOnPostgresql).
        if (d.retypedOnPostgresql()) {
            String wanted = postgres.columnType(d.table(), d.column());
            String before = types.type(d.table(), d.column());
            // Across kinds (an integer to text, text to a number, an integer to a boolean) PostgreSQL casts only
            // when told how, and the default with the column only where it would assign it: the default is
            // dropped, the column cast, and the same value set in the new type; the rollback puts back the default
            // the changelog gave the column, as it was. Across kinds one way is across kinds the other way back.
            String had = types.defaultValue(d.table(), d.column());
            boolean cast = PostgresTypes.castNeeded(before, wanted);
            String carried = cast && had != null ? carried(d, had, wanted) : had;
            forward.add(PostgresTypes.alterType(c, wanted, cast, had, carried));
            back.add(PostgresTypes.alterType(c, before, cast, carried, had));
        }
        if (d.wanted().notNull() != d.current().notNull()) {
            forward.add("ALTER COLUMN " + c + (d.wanted().notNull() ? " SET" : " DROP") + " NOT NULL");
            back.add("ALTER COLUMN " + c + (d.current().notNull() ? " SET" : " DROP") + " NOT NULL");
        }
        // A CHECK the column keeps is left alone: dropping it in the rollback would lose it.
        if (d.wanted().check() != null && !d.current().sameCheck(d.wanted().check())) {
            forward.add("DROP CONSTRAINT IF EXISTS " + constraint);
            forward.add("ADD CONSTRAINT " + constraint + " CHECK (" + d.wanted().check() + ")");
            back.add(0, "DROP CONSTRAINT IF EXISTS " + constraint);
        }
        out.changeSet("-postgresql", "postgresql", true, d.what() + " (PostgreSQL, in place)");
        out.preconditions("MARK_RAN", "table " + d.table() + " does not exist", "- tableExists:",
                "    tableName: " + d.table());
        out.line("      changes:");
        out.sql(C, "ALTER TABLE " + t + " " + String.join(", ", forward));
        if (d.reference() != null) {
            // The foreign key gets the actions a NOT NULL column allows (SchemaDiff's withoutSetNull); the rollback
            // gives back the actions it had, as SQLite's rebuild does.
            out.sql(C, replaceForeignKeyOn(d.table(), d.column(), d.reference()));
        }
        out.line("      rollback:");
        out.sql(C, "ALTER TABLE " + t + " " + String.join(", ", back));
        if (d.reference() != null) {
            ForeignKey had = current.catalog().table(d.table()).foreignKeyOn(d.column());
            out.sql(C, replaceForeignKeyOn(d.table(), d.column(), new ForeignKey(d.reference().columns(),
                    d.reference().referencedTable(), d.reference().referencedColumns(), action(had.onDelete()),
                    action(had.onUpdate()))));
        }
    }

    /** An action as a REFERENCES clause writes it: none for SQL's default, NO ACTION. */
    private static String action(String action) {
        return action == null || action.equalsIgnoreCase("NO ACTION") ? null : action;
    }

    /**
     * Replaces the column's foreign key by {@code key} under the name it has, found when the changeset runs: the
     * name never changes, whatever it is (PostgreSQL's own {@code product_category_id_fkey} for a baseline's inline
     * REFERENCES, a database's own where the changelog did not create it), so a rollback, or a later changeset
     * dropping the key by its name, finds it. A column without a key yet gets {@code fk_<table>_<column>}, the name
     * of a new column's. Only a key on this one column to the same table and column: a key to another table stays
     * as it is; were there several to this one (a database's own twin), each is replaced under its own name.
     */
    static String replaceForeignKeyOn(String table, String column, ForeignKey key) {
        // The statements are format()'s text, where a % in a name or a REFERENCES clause would be read as its own.
        String alterTable = "ALTER TABLE " + quoteAny(table).replace("%", "%%");
        String addKey = SqlIdentifiers.literal(alterTable + " ADD CONSTRAINT %I FOREIGN KEY ("
                + (quoteAny(column) + ") " + ColumnSql.references(key)).replace("%", "%%"));
        // The key is the entities' (SchemaDiff's), which always names the column it refers to.
        String referencedColumn = key.referencedColumns().get(0);
        // The names are collected before the first is dropped: a loop over pg_constraint itself would run on while
        // the keys it reads are dropped and added again.
        String body = String.join("\n",
                "DECLARE",
                "    key_names name[];",
                "    key_name name;",
                "BEGIN",
                "    -- The column's foreign key is replaced under the name it has: the name never changes.",
                "    SELECT array_agg(c.conname ORDER BY c.conname) INTO key_names FROM pg_constraint c",
                "            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]",
                "            JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]",
                "        WHERE c.conrelid = " + SqlIdentifiers.literal(quoteAny(table)) + "::regclass",
                "            AND c.contype = 'f'",
                "            AND cardinality(c.conkey) = 1 AND a.attname = " + SqlIdentifiers.literal(column),
                "            AND c.confrelid = " + SqlIdentifiers.literal(quoteAny(key.referencedTable()))
                        + "::regclass",
                "            AND r.attname = " + SqlIdentifiers.literal(referencedColumn) + ";",
                "    IF key_names IS NULL THEN",
                "        EXECUTE format(" + addKey + ", "
                        + SqlIdentifiers.literal(ColumnSql.foreignKeyName(table, column)) + ");",
                "    ELSE",
                "        FOREACH key_name IN ARRAY key_names",
                "        LOOP",
                "            EXECUTE format(" + SqlIdentifiers.literal(alterTable + " DROP CONSTRAINT %I")
                        + ", key_name);",
                "            EXECUTE format(" + addKey + ", key_name);",
                "        END LOOP;",
                "    END IF;",
                "END");
        return doBlock(body);
    }

    /** A DO block of this body. */
    private static String doBlock(String body) {
        // The body is quoted with a dollar tag it does not hold: a name with $$ in it would end a $$ body early.
        String tag = "$$";
        for (int n = 1; body.contains(tag); n++) {
            tag = "$fk" + n + "$";
        }
        return "DO " + tag + "\n" + body + "\n" + tag;
    }

    /**
     * The default {@code had} in the type the entities want ({@link PostgresTypes#defaultAs}); refused where that
     * type has no such value: the changeset would fail half way through a server's upgrade.
     */
    private static String carried(GeneratedChange d, String had, String wanted) {
        return PostgresTypes.defaultAs(had, wanted).orElseThrow(() -> new IllegalStateException("column " + d.table()
                + "." + d.column() + " has the default " + had + " on PostgreSQL, which " + wanted + " (its new type) "
                + "has no value for, and PostgreSQL would refuse to cast it; write this changeset by hand, with a "
                + "default of the new type (docs/writing-migrations.md, \"How to add a new migration\")"));
    }

    static void removed(ChangesetText out, String id, GeneratedChange d, String key, PostgresColumnTypes types) {
        String pgId = id + "-postgresql";
        // The column comes back as PostgreSQL had it (BIGINT, BOOLEAN), not in the SQLite changeset's words.
        String type = types.type(d.table(), d.column());
        out.line("  # lint: allow DESTRUCTIVE_SQL because the column's values are archived into data_migration_audit "
                + "by the INSERT before DROP COLUMN, and the rollback restores them");
        out.changeSet("-postgresql", "postgresql", true, d.what() + " (PostgreSQL)");
        out.preconditions("MARK_RAN", "column " + d.table() + "." + d.column() + " is already gone", "- columnExists:",
                "    tableName: " + d.table(), "    columnName: " + d.column());
        out.line("      changes:");
        // The column comes back as it was: its type, its default (as the changelog's PostgreSQL changesets gave it)
        // and NOT NULL. Rows added since the drop have no archived value: they take the column's default, NULL
        // without one (a column with one has its NULLs archived too: ColumnArchive); a NOT NULL column without one
        // refuses first, naming them, rather than fail on SET NOT NULL.
        String had = types.defaultValue(d.table(), d.column());
        out.sql(C, ColumnArchive.sql(pgId, d.table(), key, d.column(), had != null, "dropped by " + id));
        out.sql(C, archiveDefinitions(pgId, d.table(), d.column(), "dropped by " + id));
        out.sql(C, "ALTER TABLE " + quoteAny(d.table()) + " DROP COLUMN " + quoteAny(d.column()));
        String table = quoteAny(d.table());
        String column = quoteAny(d.column());
        out.line("      rollback:");
        if (d.current().notNull() && had == null) {
            out.sql(C, refuseRowsNotArchived(pgId, d.table(), key, d.column()));
        }
        out.sql(C, "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
        out.sql(C, ColumnArchive.restoreSql(pgId, d.table(), key, d.column(), type));
        if (had != null) {
            out.sql(C, "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + had);
            // The rows added since: not NULL ones, which held NULL when the column was dropped (archived too).
            out.sql(C, ColumnArchive.fillNotArchivedSql(pgId, d.table(), key, d.column(), "DEFAULT"));
        }
        if (d.current().notNull()) {
            out.sql(C, "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL");
        }
        // Last, once the values are back: a CHECK, unique constraint or foreign key is validated against them.
        out.sql(C, restoreDefinitions(pgId, d.table(), d.column()));
    }

    /**
     * Records, before DROP COLUMN, what PostgreSQL drops with the column: every CHECK, foreign key, unique or
     * primary key and exclusion constraint on it (alone or with other columns) and every index on it (in its key,
     * expression or WHERE), whoever made them, as the statements that make them again under their names (the
     * constraints' with {@code pg_get_constraintdef}, the indexes' {@code pg_get_indexdef}), into the drop's
     * {@link ColumnArchive#DEFINITIONS_ROW}: read from the database, not from the changelog, because a constraint's
     * name is PostgreSQL's own where the changelog wrote it inline ({@code product_sku_key}), and a later changeset
     * or its rollback drops it by that name. Unique constraints and indexes come back first, CHECKs, then foreign
     * keys. NOT NULL is left out: the rollback sets it itself.
     */
    private static String archiveDefinitions(String changeSetId, String table, String column, String why) {
        String relation = SqlIdentifiers.literal(quoteAny(table)) + "::regclass";
        String name = SqlIdentifiers.literal(column);
        return "INSERT INTO \"data_migration_audit\" (changeset_id, table_name, row_id, column_name, old_value, "
                + "new_value, note) SELECT " + SqlIdentifiers.literal(changeSetId) + ", " + SqlIdentifiers.literal(table)
                + ", " + SqlIdentifiers.literal(ColumnArchive.DEFINITIONS_ROW) + ", " + name + ", "
                + "COALESCE(json_agg(d.statement ORDER BY d.kind, d.name)::text, '[]'), NULL, "
                + SqlIdentifiers.literal(ColumnArchive.definitionsNote(why)) + " FROM (\n"
                + "    SELECT CASE c.contype WHEN 'c' THEN 2 WHEN 'f' THEN 3 ELSE 0 END AS kind, c.conname AS name,\n"
                + "        " + SqlIdentifiers.literal("ALTER TABLE " + quoteAny(table) + " ADD CONSTRAINT ")
                + " || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) AS statement\n"
                + "    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid\n"
                + "    WHERE c.conrelid = " + relation + " AND a.attname = " + name
                + " AND c.contype IN ('c', 'f', 'p', 'u', 'x') AND a.attnum = ANY (c.conkey)\n"
                + "    UNION ALL\n"
                + "    SELECT 1, i.relname, pg_get_indexdef(i.oid)\n"
                + "    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_attribute a ON a.attrelid = x.indrelid\n"
                + "    WHERE x.indrelid = " + relation + " AND a.attname = " + name + "\n"
                // An index backing a constraint comes back with its constraint.
                + "        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = x.indrelid)\n"
                + "        AND (a.attnum = ANY (x.indkey::int2[]) OR EXISTS (SELECT 1 FROM pg_depend p WHERE p.classid = "
                + "'pg_class'::regclass AND p.objid = i.oid AND p.refobjid = x.indrelid AND p.refobjsubid = a.attnum))\n"
                + ") d";
    }

    /**
     * Makes again, in their order, what the latest drop recorded ({@link #archiveDefinitions}); nothing where it
     * recorded nothing (a drop made before posdb recorded them).
     */
    private static String restoreDefinitions(String changeSetId, String table, String column) {
        return doBlock(String.join("\n",
                "DECLARE",
                "    statement text;",
                "BEGIN",
                "    -- The indexes and constraints the latest drop of the column took with it, under their names.",
                "    FOR statement IN SELECT s.value FROM (SELECT a.old_value FROM \"data_migration_audit\" a",
                "            WHERE a.changeset_id = " + SqlIdentifiers.literal(changeSetId) + " AND a.table_name = "
                        + SqlIdentifiers.literal(table) + " AND a.column_name = " + SqlIdentifiers.literal(column)
                        + " AND a.row_id = " + SqlIdentifiers.literal(ColumnArchive.DEFINITIONS_ROW),
                "            ORDER BY a.id DESC LIMIT 1) latest,",
                "        json_array_elements_text(latest.old_value::json) WITH ORDINALITY s(value, n) ORDER BY s.n",
                "    LOOP",
                "        EXECUTE statement;",
                "    END LOOP;",
                "END"));
    }

    /**
     * Raises {@link ColumnArchive#notRestorable} when rows of the table have no archived value of the column (rows
     * added after the drop), before the rollback writes anything; posdb's words, not SET NOT NULL's.
     */
    private static String refuseRowsNotArchived(String changeSetId, String table, String key, String column) {
        // format()'s text: a % in a name would be read as its own.
        String message = ColumnArchive.notRestorable(changeSetId, table, key, column, "\u0000")
                .replace("%", "%%").replace("\u0000", "%s");
        return doBlock(String.join("\n",
                "DECLARE",
                "    added text[];",
                "BEGIN",
                "    -- Rows without an archived value were added after the drop: the column was NOT NULL.",
                "    SELECT array_agg(k) INTO added FROM (" + ColumnArchive.keysNotArchivedSql(changeSetId, table, key,
                        column) + ") AS r(k);",
                "    IF added IS NOT NULL THEN",
                "        RAISE EXCEPTION '%', format(" + SqlIdentifiers.literal(message) + ",",
                "            CASE WHEN cardinality(added) <= 10 THEN array_to_string(added, ', ')",
                "                ELSE array_to_string(added[1:10], ', ') || ' … (' || cardinality(added) || ' rows)' END);",
                "    END IF;",
                "END"));
    }
}
