package io.posdb.effect;

import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeSet.ExecType;

/**
 * What one changeset did when applied on the scratch database after the changesets before it,
 * with rows seeded into every table: whether it ran or was skipped (its precondition marked it as
 * ran or let the update continue), failed, or was not reached (an earlier one failed); the tables
 * and their columns before and after (as the catalog read them, with their declared types: what lint judges a
 * changeset it cannot run against), the rows each table held before it (seeded, or the
 * reason a table could not be); the catalog differences (before to after, by the one differ:
 * MISSING is dropped or removed, NOT_IN_EXPECTED is created or added, CHANGED is changed); the rows
 * per table; each change's own account; whether its rollback gives back the catalog and rows
 * from before it (null when it did not run); and, for a changeset that failed while Liquibase ran its changes,
 * the index of the change that failed (null otherwise: it ran, or it failed before any change); the foreign keys
 * whose SET NULL action it leaves on a NOT NULL column that did not carry one before it ({@code setNullOnNotNull}).
 */
public record ChangeSetEffect(String id, String author, String file, Outcome outcome, String reason,
                              Map<String, List<SchemaCatalog.Column>> tablesBefore,
                              Map<String, List<SchemaCatalog.Column>> tablesAfter,
                              Map<String, Integer> rowsBefore, Map<String, String> unseeded,
                              List<SchemaDifference> differences,
                              Map<String, TableRows> rows, List<String> archived, List<ChangeEffect> changes,
                              Boolean rollbackRestores, List<String> rollbackProblems,
                              Compatibility compatibility, Integer failedChange,
                              List<SetNullOnNotNull> setNullOnNotNull) {

    /**
     * A foreign key of {@code table} whose {@code action} ({@code ON DELETE SET NULL}, {@code ON UPDATE SET NULL}, or
     * both) would set {@code column}, which is NOT NULL, to NULL: the changeset applies, and a later delete (update)
     * of the {@code referencedTable} row it refers to fails on the NOT NULL. {@code change}: the index of the last
     * change of the changeset after which it was so, or null when no one change left it (lint names the changeset).
     */
    public record SetNullOnNotNull(String table, String column, String referencedTable, String action,
                                   Integer change) {
    }

    public ChangeSetEffect {
        setNullOnNotNull = setNullOnNotNull == null ? List.of() : List.copyOf(setNullOnNotNull);
    }

    /** What became of the changeset on the scratch database. */
    public enum Outcome {
        /** Its changes ran (past its halting guard when the seeded rows broke it: the reason says so). */
        RAN,
        /** Its precondition skipped it (MARK_RAN, CONTINUE): nothing ran. */
        SKIPPED,
        /**
         * It failed on the scratch database (the reason says why: its own run, or Liquibase refusing it when it
         * validated the changelog up to it): nothing of it is observed. Never cached.
         */
        FAILED,
        /**
         * Not applied: an earlier changeset failed, or the changelog up to it could not be applied for a reason
         * that is no changeset's own (the reason says which: the machine's, a full disk or a folder that cannot be
         * written, is {@link ChangeSetEffects#unavailable()}).
         */
        NOT_REACHED
    }

    public boolean ran() {
        return outcome == Outcome.RAN;
    }

    /** The reason of a changeset its precondition skipped: Liquibase's word for it (MARK_RAN, or SKIPPED for CONTINUE). */
    static String skippedAs(ExecType execType) {
        return "Liquibase: " + execType.value;
    }

    /**
     * Whether Liquibase recorded the changeset in DATABASECHANGELOG: it ran, or its precondition marked it as ran
     * (MARK_RAN); one whose precondition let the update CONTINUE past it leaves no row.
     */
    boolean recorded() {
        return ran() || outcome == Outcome.SKIPPED && skippedAs(ExecType.MARK_RAN).equals(reason);
    }

    ChangeSetEffect withRollback(boolean restores, List<String> problems) {
        return new ChangeSetEffect(id, author, file, outcome, reason, tablesBefore, tablesAfter, rowsBefore, unseeded,
                differences, rows, archived, changes, restores, List.copyOf(problems), compatibility, failedChange,
                setNullOnNotNull);
    }

    public boolean existedBefore(String table) {
        return tablesBefore.keySet().stream().anyMatch(t -> t.equalsIgnoreCase(table));
    }

    /** Rows of the table were archived (into data_migration_audit or an archived_* table). */
    public boolean archivedInto(String table) {
        return archived.stream().anyMatch(a -> a.equalsIgnoreCase(table));
    }

    /** The values of the column were archived. */
    public boolean archivedColumn(String table, String column) {
        return archived.stream().anyMatch(a -> a.equalsIgnoreCase(table + "." + column));
    }
}
