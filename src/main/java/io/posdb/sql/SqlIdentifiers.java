package io.posdb.sql;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Quoting SQL names and literals, in one place. Names that come from changelog parameters
 * must be plain identifiers of existing objects ({@link #quote}); names from the schema or the
 * entities are quoted as they are ({@link #quoteAny}). Values at run time are always bound ({@link Jdbc});
 * {@link #literal} is for SQL written into a changelog, where nothing can be bound.
 */
public final class SqlIdentifiers {

    /** The audit trail of data migrations: changeset 0007 creates it, and its rollback keeps it. */
    public static final String AUDIT_TABLE = "data_migration_audit";

    /**
     * The prefix of a table posdb keeps whole instead of dropping it: {@code archived_<table>}, what a downgrade
     * makes of a table only the newer release knew and the generator's changeset of a removed entity.
     */
    public static final String ARCHIVE_TABLE_PREFIX = "archived_";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * A plain name in SQL text, bare or quoted ({@code sale}, {@code "sale"}, {@code `sale`}, {@code [sale]}), as a
     * regular expression whose group is the name: for reading what a changeset's SQL names.
     */
    public static final String NAME_IN_SQL = "[\"`\\[]?([A-Za-z_][A-Za-z0-9_]*)[\"`\\]]?";

    private SqlIdentifiers() {
    }

    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches();
    }

    /** A plain identifier (a changelog parameter: anything else is refused), double-quoted for SQL. */
    public static String quote(String name) {
        if (!isPlain(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier");
        }
        return quoteAny(name);
    }

    /**
     * Any name, double-quoted for SQL with an embedded {@code "} doubled: names read from the
     * schema itself or from the entities, which may hold any character. The one place SQL
     * names are quoted (issue 20 §4).
     */
    public static String quoteAny(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A string literal for SQL text that cannot bind values (a generated changelog's SQL, a
     * precondition), single-quoted with an embedded {@code '} doubled. Run-time SQL binds its values.
     */
    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * Whether {@code table} holds business data: a named table that is neither SQLite's own ({@code sqlite_*})
     * nor Liquibase's ({@code DATABASECHANGELOG*}), in any case.
     */
    public static boolean isBusinessTable(String table) {
        if (table == null || table.isBlank()) {
            return false;
        }
        String name = table.toLowerCase(Locale.ROOT);
        return !name.startsWith("sqlite_") && !name.startsWith("databasechangelog");
    }

    /**
     * Whether {@code table} is one of posdb's archives, in any case: the audit trail ({@value #AUDIT_TABLE}) or an
     * {@code archived_<table>}. Rollbacks and downgrades keep them on purpose, holding what they would otherwise
     * drop, so they are posdb's own tables, not the entities' nor hand-made ones: the one definition the generator
     * (not entities), drift (not drift when no changeset makes them) and lint's effects (kept, not left behind) use.
     */
    public static boolean isPosdbArchive(String table) {
        if (table == null) {
            return false;
        }
        String name = table.toLowerCase(Locale.ROOT);
        return name.equals(AUDIT_TABLE) || name.startsWith(ARCHIVE_TABLE_PREFIX);
    }
}
