package io.posdb.changelog;

import io.posdb.migration.data.AuditedValueChange;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.AbstractSQLChange;
import liquibase.change.core.SQLFileChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;

/**
 * Whether a changeset changes data as well as (or instead of) the schema: what the catalog
 * cannot judge, so its compatibility with older releases must be declared (issue 21 §1), and
 * what lint asks a MARK_RAN precondition of. Read from the changeset's changes, so that a till
 * applying it and lint judging it ahead of time (where no seeded row may match its WHERE) agree:
 * lint, which reads the YAML rather than Liquibase's objects, asks {@link #writesRows(String, String)}
 * and {@link #writesRows(String)}, the same two questions {@link #changesData} asks.
 */
public final class DataChanges {

    /** Liquibase's change types that write rows by what they are; {@code sql} and {@code sqlFile} by their SQL. */
    private static final Set<String> WRITING_ROWS = Set.of("insert", "update", "delete", "loadData",
            "loadUpdateData");
    /**
     * posdb's own custom changes that only reshape a table or move it whole (the rows are copied as they are). On
     * SQLite both switch foreign keys off, a no-op inside a transaction: they run with {@code runInTransaction: false}.
     */
    private static final Set<String> SCHEMA_ONLY = Set.of("io.posdb.migration.sqlite.SqliteTableRebuild",
            "io.posdb.migration.ArchiveTable");
    private static final Set<String> WRITING_STATEMENTS = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE",
            "TRUNCATE");
    /** After a WITH clause's common table expressions: the word of the statement they serve. */
    private static final Pattern STATEMENT_WORD = Pattern.compile("(?i)(?<![\"`\\[\\w])(SELECT|INSERT|UPDATE|DELETE|REPLACE|MERGE|VALUES)\\b");

    /** A plain INSERT (SQLite's {@code INSERT OR …} too) and the table it writes into. */
    private static final Pattern INSERT_INTO = Pattern.compile("(?is)^INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO\\s+"
            + SqlIdentifiers.NAME_IN_SQL + "[\\s(].*");

    private DataChanges() {
    }

    public static boolean changesData(ChangeSet changeSet) {
        return changeSet.getChanges().stream().anyMatch(DataChanges::changesData);
    }

    /** One change of a changeset writes rows (what {@link #changesData(ChangeSet)} asks of each). */
    public static boolean changesData(Change change) {
        String customClass = change instanceof CustomChangeWrapper custom ? custom.getClassName() : null;
        if (writesRows(change.getSerializedObjectName(), customClass)) {
            return true;
        }
        if (change instanceof AbstractSQLChange sql) {
            // An sqlFile is judged by the SQL in its file, as the same SQL in a sql change is; one whose file
            // cannot be read (Liquibase's validation refuses it) cannot be looked into: a data change.
            List<String> statements = SqlScript.statements(sql);
            return statements == null ? change instanceof SQLFileChange
                    : statements.stream().anyMatch(DataChanges::writesRows);
        }
        return false;
    }

    /**
     * One change of a changeset writes rows and keeps none of their old values: a data change
     * ({@link #changesData(Change)}) that is not posdb's audited kind ({@link AuditedValueChange}, which writes one
     * data_migration_audit row per changed value). What a till records of a changeset whose rows such a change wrote
     * ({@code unauditedRowsChanged}, which every downgrade refuses), and what lint warns of ahead of time
     * (DATA_CHANGE_NOT_DOWNGRADABLE): asked here alone, so that both judge a change alike.
     */
    public static boolean writesRowsUnaudited(Change change) {
        return changesData(change)
                && !(change instanceof CustomChangeWrapper custom && custom.getCustomChange() instanceof AuditedValueChange);
    }

    /**
     * One change writes rows only by inserting them into {@code newTables} (tables its changeset created, lower case):
     * rows that have no old value, so none to audit, which the undo of the changeset archives with their table (a
     * table split: {@code INSERT INTO product_stock SELECT id, stock FROM product}). A {@code sql} change is read
     * statement by statement; any other writing statement, or SQL that cannot be read, is not only that.
     */
    public static boolean onlyInsertsInto(Change change, Set<String> newTables) {
        return insertTargets(change).map(newTables::containsAll).orElse(false);
    }

    /**
     * The tables (lower case) one change writes rows into when it writes them only by inserting, as
     * {@link #onlyInsertsInto} reads it; empty when it writes rows any other way, or its SQL cannot be read. Lint asks
     * it of the changes it observed, and judges the tables by the catalog before the changeset, as a till does.
     */
    public static Optional<Set<String>> insertTargets(Change change) {
        if (change instanceof liquibase.change.core.InsertDataChange insert) {
            return Optional.ofNullable(insert.getTableName()).map(table -> Set.of(table.toLowerCase(Locale.ROOT)));
        }
        if (!(change instanceof AbstractSQLChange sql)) {
            return Optional.empty();
        }
        List<String> statements = SqlScript.statements(sql);
        if (statements == null) {
            return Optional.empty();
        }
        Set<String> tables = new HashSet<>();
        for (String statement : statements.stream().filter(DataChanges::writesRows).toList()) {
            Matcher insert = INSERT_INTO.matcher(SqlScript.withoutCommentsOrLiterals(statement).strip());
            if (!insert.matches()) {
                return Optional.empty();
            }
            tables.add(insert.group(1).toLowerCase(Locale.ROOT));
        }
        return Optional.of(Set.copyOf(tables));
    }

    /**
     * A change of this type (Liquibase's name: {@code update}, {@code customChange}) writes rows by what
     * it is: every custom change does but posdb's table rebuild (Java code cannot be read ahead of time).
     * A {@code sql} or {@code sqlFile} change is judged by its statements ({@link #writesRows(String)}; an
     * sqlFile's as Liquibase reads its file, {@link #changesData(Change)}).
     */
    public static boolean writesRows(String changeType, String customClass) {
        if (changeType.equals("customChange")) {
            return customClass == null || !movesTables(customClass);
        }
        return WRITING_ROWS.contains(changeType);
    }

    /**
     * {@code customClass} is one of posdb's custom changes that reshape a table or move it whole: they copy rows as
     * they are, and on SQLite need autocommit ({@code runInTransaction: false}).
     */
    public static boolean movesTables(String customClass) {
        return SCHEMA_ONLY.contains(customClass);
    }

    /**
     * One SQL statement (as {@link SqlScript#statements} splits a change) writes rows: its first word
     * after comments, or after a {@code WITH} clause the first statement word outside parentheses
     * ({@code WITH old AS (SELECT …) UPDATE …}). Words inside strings, comments and a trigger's body
     * ({@code CREATE TRIGGER … BEGIN DELETE …}) are not the statement's.
     */
    public static boolean writesRows(String statement) {
        String text = SqlScript.withoutCommentsOrLiterals(statement).strip();
        String first = text.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (!first.equals("WITH")) {
            return WRITING_STATEMENTS.contains(first);
        }
        Matcher word = STATEMENT_WORD.matcher(text);
        while (word.find()) {
            if (depth(text, word.start()) == 0) {
                return WRITING_STATEMENTS.contains(word.group(1).toUpperCase(Locale.ROOT));
            }
        }
        return false;
    }

    private static int depth(String text, int end) {
        return text.substring(0, end).chars().map(c -> c == '(' ? 1 : c == ')' ? -1 : 0).sum();
    }
}
