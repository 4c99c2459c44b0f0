package io.posdb.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.Release;
import io.posdb.effect.ColumnRenames;
import io.posdb.migration.sqlite.SqliteTableRebuild;
import io.posdb.schema.Compatibility;
import io.posdb.schema.PostgresTypes;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.core.RenameTableChange;

/**
 * What the database was given, beside Liquibase's history: for each changeset applied, the
 * release that applied it, its {@link Compatibility} with older releases, and how to undo it
 * as data an older release can execute without the newer changelog or classes (issue 21 §2).
 * Written in the changeset's own transaction (Liquibase calls its listener before it records
 * the changeset and commits), in posdb's own table {@value #TABLE}, which the schema catalog
 * leaves out like Liquibase's tables. A changeset applied by Liquibase directly (Maven, {@code bin/liquibase}) or
 * by a posdb older than this record has none: callers say so and fall back to refusing it.
 *
 * <p>The undo is a list of steps, newest last, derived from the catalog before and after the
 * changeset: {@code sql} (drop an added index, trigger or view; rename a renamed column back), {@code archiveTable}
 * (an added table is renamed to {@code archived_<table>}, never dropped with rows), {@code restoreTable} (a table the
 * changeset moved whole into {@code archived_<table>}, a removed entity's, is given back from it; one it renamed
 * there with {@code renameTable} is renamed back, a {@code sql} step), {@code archiveColumn}
 * (PostgreSQL: an added column's values go to data_migration_audit, then the column is dropped),
 * {@code rebuildTable} (SQLite, any change to an existing table, an added column included: the
 * table's previous CREATE statement, its rows copied by the columns both have, the values of the
 * others archived into data_migration_audit, a column the changeset dropped put back from the values its drop
 * archived) and {@code restoreAudited} (an audited data change: its audit rows hold
 * the old values). A changeset that changed rows without auditing them is recorded with {@value #UNAUDITED_ROWS},
 * which no release runs: the downgrade refuses it. Its own rollback is not run in its place: written for the newer
 * release, it may change rows the changeset never did (an UPDATE back from 'CARD' to 'card' also turns the rows that
 * were 'CARD' before it). A release older than this kind refuses it as a step it does not know.
 */
final class ChangeSetRecords {

    public static final String TABLE = "posdb_changeset";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeSetRecords() {
    }

    /** One step of an undo; {@code kind} is one of the names above, the other fields as it needs. */
    public record UndoStep(String kind, String table, String column, String sql) {
    }

    /**
     * The step of a changeset that changed rows without auditing them: nothing holds their old values, so no release
     * can put them back, and every release refuses to downgrade it (an older one as a kind it does not know).
     */
    static final String UNAUDITED_ROWS = "unauditedRowsChanged";

    /** What a changeset did to rows, as its undo treats them. */
    enum RowsChanged {
        /** None: no data change, one marked as ran, or one that matched no row. */
        NONE,
        /** Only by audited changes ({@code AuditedValueChange}): each old value is in data_migration_audit. */
        AUDITED,
        /** Some, or an unknown number, by changes that keep no old value. */
        UNAUDITED
    }

    /** The kinds of undo step this release runs, in the order a changeset's steps run (RecordedUndo). */
    static final List<String> KINDS = List.of("restoreAudited", "sql", "rebuildTable", "archiveColumn",
            "archiveTable", "restoreTable");

    /**
     * Why the undo of changeset {@code row} cannot run from {@code record} (null: the database recorded nothing of
     * it, and the row says who applied it then), as what the changeset "has" or "did"
     * ({@code "has no record of how to undo it (…)"}); empty when every step can run. Known from the record alone, so
     * judged here once: the downgrade's refusal before anything is written
     * ({@link LiquibaseTables#undoThatCannotRun}) and RecordedUndo, as it runs, both ask it.
     */
    static Optional<String> cannotRun(HistoryEntry row, Recorded record) {
        if (record == null) {
            return Optional.of("has no record of how to undo it (" + row.appliedWithoutRecordBy() + ")");
        }
        for (UndoStep step : record.undo()) {
            if (step.kind().equals(UNAUDITED_ROWS)) {
                return Optional.of("changed rows without auditing them: data_migration_audit holds none of their old "
                        + "values, so a downgrade cannot put them back");
            }
            if (!KINDS.contains(step.kind())) {
                return Optional.of("has an undo step posdb " + Release.current() + " does not know: " + step.kind()
                        + " (recorded by a newer posdb)");
            }
            List<String> missing = missingFields(step);
            if (!missing.isEmpty()) {
                return Optional.of("has an undo step " + step.kind() + " recorded without its " + String.join(" and ",
                        missing));
            }
            if (step.kind().equals("rebuildTable")) {
                if (step.sql() == null) {
                    return Optional.of("changed table " + step.table() + " and the database recorded no previous "
                            + "definition of it to put back (PostgreSQL keeps none to replay)");
                }
                try {
                    SqliteTableRebuild.definitionOf(step.sql());
                } catch (IllegalArgumentException e) {
                    return Optional.of("changed table " + step.table() + " and the previous definition recorded for "
                            + "it is not a CREATE TABLE statement");
                }
            }
        }
        return Optional.empty();
    }

    /** The fields a step of a known kind runs with that its record lacks (a rebuild's definition is judged apart). */
    private static List<String> missingFields(UndoStep step) {
        List<String> missing = new ArrayList<>();
        if (step.table() == null && List.of("rebuildTable", "archiveColumn", "archiveTable", "restoreTable")
                .contains(step.kind())) {
            missing.add("table");
        }
        if (step.column() == null && step.kind().equals("archiveColumn")) {
            missing.add("column");
        }
        if (step.sql() == null && step.kind().equals("sql")) {
            missing.add("sql");
        }
        return missing;
    }

    /**
     * The undo of the change from {@code before} to {@code after}, in the order it must run. {@code declaredRenames}:
     * the columns the changeset's changes say they rename ({@link ColumnRenames#declaredBy(liquibase.change.Change)}).
     * A rename the catalogs confirm is undone by renaming the column back, a {@code sql} step that runs before any
     * rebuild and keeps every value, those of rows added since included, on both engines; its old column removed and
     * its new one added are not undone otherwise. Read as that, they were a column to bring back from an archive
     * that holds none of its values (it came back empty, or with its default) and one whose values were archived
     * under the new name. A {@code sql} step, not a kind of its own: a release that predates this runs it too.
     * {@code renamedTables}: the tables the changeset's changes rename, each to its new name
     * ({@link #tablesRenamedBy}); one renamed into its archive is renamed back ({@link #archivedTables}).
     */
    static List<UndoStep> undo(SchemaCatalog before, SchemaCatalog after, boolean sqlite, RowsChanged rowsChanged,
                               String changeSetId, List<ColumnRenames.Rename> declaredRenames,
                               Map<String, String> renamedTables) {
        List<UndoStep> steps = new ArrayList<>();
        List<ColumnRenames.Rename> renames = ColumnRenames.inCatalogs(declaredRenames, before, after);
        for (ColumnRenames.Rename rename : renames) {
            // The last rename undone first; all before the diff's steps: a dropped index, trigger or view goes first
            // (added at 0), a constraint put back names the column by its old name (appended).
            steps.add(0, new UndoStep("sql", null, null, rename.reversed().sql()));
        }
        Map<String, Boolean> rebuilt = new LinkedHashMap<>();
        Set<String> putBack = new HashSet<>(); // constraints, once however many attributes changed
        Map<String, String> archived = archivedTables(before, after);
        archived.forEach((table, archive) -> steps.add(archive.equalsIgnoreCase(renamedTables.get(table))
                // The generator before ArchiveTable wrote renameTable to archived_<table>, which records nothing to
                // give the table back from: its undo is the rename back, as Liquibase's own rollback of it, keeping
                // every row, index, constraint and the foreign keys to it on both engines. A sql step, not a
                // restoreTable that finds no record (or a fallback in it that guesses a rename from the archive's
                // shape): the downgrade is run by the older release, and every release runs sql steps.
                ? new UndoStep("sql", null, null, "ALTER TABLE " + SqlIdentifiers.quoteAny(archive) + " RENAME TO "
                        + SqlIdentifiers.quoteAny(table))
                : new UndoStep("restoreTable", table, null, null)));
        for (SchemaDifference d : before.differencesFrom(after)) {
            String object = d.object();
            if (ofAnArchivedTable(d, before, archived)) {
                continue; // the table, its archive and what referred to it: undone by its restoreTable
            }
            Object added = d.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED ? after.typed(object) : null;
            if (renamedColumn(d, before, after, renames)) {
                continue; // undone by its rename back, above
            }
            if (added instanceof SchemaCatalog.Table table) {
                steps.add(new UndoStep("archiveTable", table.name(), null, null));
            } else if (added instanceof SchemaCatalog.Index index) {
                steps.add(0, new UndoStep("sql", null, null, "DROP INDEX IF EXISTS " + SqlIdentifiers.quoteAny(index.name())));
            } else if (added instanceof SchemaCatalog.Trigger trigger) {
                steps.add(0, new UndoStep("sql", null, null, "DROP TRIGGER IF EXISTS "
                        + SqlIdentifiers.quoteAny(trigger.name())));
            } else if (added instanceof SchemaCatalog.View view) {
                steps.add(0, new UndoStep("sql", null, null, "DROP VIEW IF EXISTS " + SqlIdentifiers.quoteAny(view.name())));
            } else if (added != null && after.constraintName(object) != null && before.table(after.tableOf(object)) != null) {
                // PostgreSQL: a CHECK, unique constraint or foreign key added to a table that was there before.
                steps.add(0, dropConstraint(after, object));
            } else if (!sqlite && added == null && !(before.typed(object) instanceof SchemaCatalog.Check)
                    && before.constraintDefinition(object) != null && after.table(before.tableOf(object)) != null) {
                // PostgreSQL: a unique constraint or foreign key the change removed or changed is put back as it was,
                // under its old name, from the server's own definition of it. Not a CHECK: the server's text of one
                // does not read back as the same text (the casts move), so the CHECK put back would be drift on the
                // older release; the table then needs a definition PostgreSQL keeps none of, and the downgrade
                // refuses it, naming the changeset.
                if (putBack.add(object)) {
                    if (after.constraintName(object) != null) {
                        steps.add(0, dropConstraint(after, object));
                    }
                    steps.add(new UndoStep("sql", null, null, "ALTER TABLE " + SqlIdentifiers.quoteAny(before.tableOf(object))
                            + " ADD CONSTRAINT "
                            + SqlIdentifiers.quoteAny(before.constraintName(object)) + " "
                            + before.constraintDefinition(object)));
                }
            } else if (added instanceof SchemaCatalog.Column column && !sqlite) {
                steps.add(new UndoStep("archiveColumn", after.tableOf(object), column.name(), null));
            } else if (!sqlite && d.kind() == SchemaDifference.Kind.CHANGED && "default".equals(d.attribute())
                    && before.typed(object) instanceof SchemaCatalog.Column was
                    && after.typed(object) instanceof SchemaCatalog.Column now
                    && PostgresTypes.castNeeded(now.type(), was.type())) {
                // Put back by the column's type step, around its cast (see columnUndo).
            } else if (!sqlite && d.kind() == SchemaDifference.Kind.CHANGED
                    && before.typed(object) instanceof SchemaCatalog.Column was
                    && after.typed(object) instanceof SchemaCatalog.Column now
                    && columnUndo(d, before.tableOf(object), was, now) != null) {
                steps.add(new UndoStep("sql", null, null, columnUndo(d, before.tableOf(object), was, now)));
            } else {
                // A column or constraint of a table the catalog before has, or the table itself: rebuilt whole.
                String table = before.tableOf(object) != null ? before.tableOf(object) : after.tableOf(object);
                if (table != null && before.table(table) != null) {
                    rebuilt.put(table, true);
                }
            }
        }
        for (String table : rebuilt.keySet()) {
            // The previous definition, as SQLite keeps it; PostgreSQL's catalog keeps none to replay.
            steps.add(new UndoStep("rebuildTable", table, null, sqlite ? before.table(table).definition() : null));
        }
        switch (rowsChanged) {
            case AUDITED -> steps.add(new UndoStep("restoreAudited", null, null, changeSetId));
            case UNAUDITED -> steps.add(new UndoStep(UNAUDITED_ROWS, null, null, null));
            case NONE -> { } // nothing in the rows to put back
        }
        return steps;
    }

    /**
     * The tables the change moved whole into an archive ({@code io.posdb.migration.ArchiveTable}, a removed entity's
     * changeset), by name, each to its archive: a table gone, and a table added named {@code archived_<table>} or
     * {@code archived_<table>_<n>}. Undone by giving the table back from its archive (TableArchive.restore, as the
     * changeset's own rollback does), or by renaming it back when the changeset renamed it there, not by rebuilding a
     * table that is gone and archiving the archive.
     */
    private static Map<String, String> archivedTables(SchemaCatalog before, SchemaCatalog after) {
        Map<String, String> archived = new LinkedHashMap<>();
        for (String table : before.tables().keySet()) {
            if (after.table(table) != null) {
                continue;
            }
            String archive = SqlIdentifiers.ARCHIVE_TABLE_PREFIX + table;
            after.tables().keySet().stream()
                    .filter(t -> before.table(t) == null && (t.equalsIgnoreCase(archive)
                            || t.toLowerCase(Locale.ROOT).matches(Pattern.quote(archive.toLowerCase(Locale.ROOT))
                                    + "_[0-9]+")))
                    .findFirst().ifPresent(t -> archived.put(table, t));
        }
        return archived;
    }

    /**
     * The tables {@code changes} rename with Liquibase's {@code renameTable}, each to its new name, by the name the
     * change gives (the catalogs confirm the rename: {@link #archivedTables}).
     */
    static Map<String, String> tablesRenamedBy(List<Change> changes) {
        Map<String, String> renamed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Change change : changes) {
            if (change instanceof RenameTableChange rename && rename.getOldTableName() != null
                    && rename.getNewTableName() != null) {
                renamed.put(rename.getOldTableName(), rename.getNewTableName());
            }
        }
        return renamed;
    }

    /**
     * {@code d} is of a table moved into an archive ({@link #archivedTables}) or of its archive, or is another
     * table's foreign key to it (PostgreSQL: the archive dropped it, and the restore makes it again).
     */
    private static boolean ofAnArchivedTable(SchemaDifference d, SchemaCatalog before, Map<String, String> archived) {
        return archived.entrySet().stream().anyMatch(table -> table.getKey().equalsIgnoreCase(d.table())
                || table.getValue().equalsIgnoreCase(d.table())
                || before.typed(d.object()) instanceof SchemaCatalog.ForeignKey key
                && table.getKey().equalsIgnoreCase(key.referencedTable()));
    }

    /** {@code d} is a renamed column's old name gone or its new name added. */
    private static boolean renamedColumn(SchemaDifference d, SchemaCatalog before, SchemaCatalog after,
                                         List<ColumnRenames.Rename> renames) {
        String object = d.object();
        if (d.kind() == SchemaDifference.Kind.MISSING && before.typed(object) instanceof SchemaCatalog.Column gone) {
            return renames.stream().anyMatch(r -> r.table().equalsIgnoreCase(before.tableOf(object))
                    && r.from().equalsIgnoreCase(gone.name()));
        }
        if (d.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED
                && after.typed(object) instanceof SchemaCatalog.Column added) {
            return renames.stream().anyMatch(r -> r.table().equalsIgnoreCase(after.tableOf(object))
                    && r.to().equalsIgnoreCase(added.name()));
        }
        return false;
    }

    /** PostgreSQL: drops the constraint {@code label} names in {@code catalog}, by the name the server gave it. */
    private static UndoStep dropConstraint(SchemaCatalog catalog, String label) {
        return new UndoStep("sql", null, null, "ALTER TABLE " + SqlIdentifiers.quoteAny(catalog.tableOf(label))
                + " DROP CONSTRAINT " + SqlIdentifiers.quoteAny(catalog.constraintName(label)));
    }

    /**
     * PostgreSQL: a column's changed NOT NULL, type or default put back with ALTER TABLE, from the catalog
     * before the change ({@code was}; {@code now} after it); null for anything else (the table then needs a
     * definition PostgreSQL keeps none of). A type back to another kind ({@link PostgresTypes#alterType}) is cast,
     * as the generator's rollback is: without USING, PostgreSQL refuses to turn text into an integer, or an integer
     * into a boolean.
     */
    private static String columnUndo(SchemaDifference d, String table, SchemaCatalog.Column was,
                                     SchemaCatalog.Column now) {
        String column = SqlIdentifiers.quoteAny(was.name());
        String alter = "ALTER TABLE " + SqlIdentifiers.quoteAny(table) + " ";
        return switch (d.attribute()) {
            case "not null" -> alter + "ALTER COLUMN " + column + (was.notNull() ? " SET NOT NULL" : " DROP NOT NULL");
            // Across kinds, the default is dropped before the cast and put back after it, here, in place of the
            // default's own step: the same type change the generator's rollback writes.
            case "type" -> alter + PostgresTypes.alterType(column, was.type(), PostgresTypes.castNeeded(now.type(),
                    was.type()), now.defaultValue(), was.defaultValue());
            case "default" -> alter + "ALTER COLUMN " + column + (was.defaultValue() == null ? " DROP DEFAULT"
                    : " SET DEFAULT " + was.defaultValue());
            default -> null;
        };
    }

    /** Records one changeset, replacing an earlier record of it (applied again after a rollback). */
    static void record(Connection connection, String id, String author, String file, Compatibility compatibility,
                       List<UndoStep> undo) throws SQLException {
        Jdbc.execute(connection, "CREATE TABLE IF NOT EXISTS " + TABLE + " (id VARCHAR(255) NOT NULL, author "
                + "VARCHAR(255) NOT NULL, filename VARCHAR(255) NOT NULL, release_version VARCHAR(64), compatibility "
                + "VARCHAR(16) NOT NULL, reason TEXT, undo TEXT, recorded_at VARCHAR(40), PRIMARY KEY (id, author, "
                + "filename))");
        forget(connection, id, author, file);
        try (PreparedStatement insert = Jdbc.prepare(connection, "INSERT INTO " + TABLE
                + " (id, author, filename, release_version, compatibility, reason, undo, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", List.of(id, author, file, Release.current(),
                compatibility.level().word(), String.join("; ", compatibility.reasons()), JSON.writeValueAsString(undo),
                Instant.now().toString()))) {
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the undo of changeset " + id + " as JSON", e);
        }
    }

    /**
     * Removes the record of a changeset that was rolled back or undone; returns the rows deleted (0 or 1), which are
     * posdb's bookkeeping, not the rollback's rows ({@code UpgradeStep#rowsChanged}).
     */
    static int forget(Connection connection, String id, String author, String file) throws SQLException {
        return Jdbc.tableExists(connection, TABLE) ? deleteRow(connection, TABLE, id, author, file) : 0;
    }

    /**
     * Deletes one changeset's row from {@code table}: this record, or Liquibase's history, which keys it alike;
     * returns the rows deleted.
     */
    static int deleteRow(Connection connection, String table, String id, String author, String file)
            throws SQLException {
        try (PreparedStatement delete = Jdbc.prepare(connection, "DELETE FROM " + table
                + " WHERE id = ? AND author = ? AND filename = ?", List.of(id, author, file))) {
            return delete.executeUpdate();
        }
    }

    /** What the database recorded of a changeset it was given. */
    public record Recorded(Compatibility compatibility, List<UndoStep> undo) {
    }

    /**
     * The records by {@link HistoryEntry#key()}; empty when the database predates them. Without the undo
     * ({@code withUndo} false: empty lists) for every boot, which reads these with the history: no JSON
     * parsed on that path.
     */
    static Map<String, Recorded> read(Connection connection, boolean withUndo) throws SQLException {
        Map<String, Recorded> records = new HashMap<>();
        if (!Jdbc.tableExists(connection, TABLE)) {
            return records;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT id, author, filename, compatibility, reason"
                + (withUndo ? ", undo" : "") + " FROM " + TABLE);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                String reason = rs.getString(5);
                List<UndoStep> undo = withUndo ? undo(rs.getString(1), rs.getString(6)) : List.of();
                records.put(HistoryEntry.key(rs.getString(1), rs.getString(2), rs.getString(3)),
                        new Recorded(new Compatibility(Compatibility.Level.of(rs.getString(4)),
                                reason == null || reason.isBlank() ? List.of() : List.of(reason.split("; "))), undo));
            }
        }
        return records;
    }

    private static List<UndoStep> undo(String changeSetId, String json) throws SQLException {
        try {
            return List.of(JSON.readValue(json, UndoStep[].class));
        } catch (JsonProcessingException e) {
            throw new SQLException("The undo recorded for changeset " + changeSetId + " in " + TABLE
                    + " is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
