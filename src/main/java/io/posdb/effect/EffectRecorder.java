package io.posdb.effect;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.DataChanges;
import io.posdb.failure.FailureReason;
import io.posdb.migration.data.RowsMeetNarrowing;
import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.schema.SchemaObject;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.CustomPreconditionWrapper;
import liquibase.precondition.FailedPrecondition;
import liquibase.precondition.Precondition;
import liquibase.precondition.core.PreconditionContainer;

/**
 * Liquibase's hooks around each changeset and each change, on the connection that runs them:
 * seeds the empty tables before a changeset (so its precondition, too, meets rows), and reads the
 * catalog and the rows before and after each change and each changeset. Inside a changeset's
 * transaction the same connection sees what the change wrote.
 * <p>A guard ({@code onFail: HALT}) that the seeded rows break is lifted for that run: the rows are the
 * scratch's, not a shop's (a data change cannot map them, so its {@code -verify} halts), and what lint
 * judges is what the changeset does once its guard passes, as a till applies it and records its class. The
 * guard is checked here, not by Liquibase, so that its halt is no failure logged with a stack trace. The seeded rows
 * that break a CHECK listing its column's values, which the guard declares, get a listed value first, as a till's rows
 * are corrected before it: the changeset after the guard that adds the CHECK meets rows that meet it.
 */
final class EffectRecorder extends AbstractChangeExecListener {

    /** The state a changeset started from: what its rollback must give back. */
    record Start(SchemaCatalog catalog, RowSnapshot rows, long rowsWrittenSoFar) {
    }

    private Start changeSetStart;
    private Map<String, String> unseeded = Map.of();
    private Start changeStart;
    private List<String> deletes;
    /** The index of the change Liquibase is running now (told before it, cleared once it ran), or null. */
    private Integer running;
    private final List<ChangeEffect> changes = new ArrayList<>();
    /** Each SET NULL on a NOT NULL column a change of the changeset left, to the index of the last change that did. */
    private final Map<ChangeSetEffect.SetNullOnNotNull, Integer> setNullLeftBy = new HashMap<>();
    /** The columns the changeset's changes renamed so far, values and all ({@link ColumnRenames}). */
    private final List<ColumnRenames.Rename> renamed = new ArrayList<>();
    private ChangeSetEffect recorded;
    private ChangeSet started;
    /** The guard lifted from {@link #started} for this run, or null; {@link #restoreGuard} puts it back. */
    private PreconditionContainer liftedGuard;
    private String pastGuard;

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, RunStatus runStatus) {
        recorded = null;
        started = changeSet;
        running = null;
        changes.clear();
        renamed.clear();
        setNullLeftBy.clear();
        Connection connection = Jdbc.connectionUnder(database);
        PreconditionContainer guard = ChangelogManifest.haltingGuard(changeSet).orElse(null);
        PreconditionFailedException halted;
        try {
            unseeded = RowSeeder.seed(connection);
            halted = guard == null ? null : haltOf(guard, changeSet, changeLog, database);
            if (halted != null) {
                meetListedChecks(guard, connection);
            }
            if (!connection.getAutoCommit()) {
                // The seed is part of the state before the changeset, not of its transaction.
                connection.commit();
            }
            changeSetStart = read(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot seed the scratch database before changeset " + changeSet.getId()
                    + ": " + FailureReason.of(e), e);
        }
        if (halted != null) {
            liftGuard(guard, halted, changeSet);
        }
    }

    /** How the guard halts on the seeded rows, or null when they meet it (read-only: a guard only checks). */
    private static PreconditionFailedException haltOf(PreconditionContainer guard, ChangeSet changeSet,
                                                      DatabaseChangeLog changeLog, Database database) {
        try {
            guard.check(database, changeLog, changeSet, null);
            return null;
        } catch (PreconditionFailedException halted) {
            return halted;
        } catch (PreconditionErrorException cannotCheck) {
            // Left to the run, which meets the same error and says so as the changeset's failure.
            return null;
        }
    }

    /**
     * The seeded rows that break a CHECK listing its column's values, which the guard declares for a changeset after
     * it (bin/new-changeset's RowsMeetNarrowing with {@code check}), get a value of the list, before the state the
     * changeset starts from is read: a till's rows meet the guard once the data change it asks for has corrected
     * them, and the rebuild after the guard then adds the CHECK on rows that meet it. Without this the rebuild failed
     * on the scratch's own rows (CHANGESET_FAILS); without the guard it still does, as on a shop's rows.
     */
    private static void meetListedChecks(PreconditionContainer guard, Connection connection) throws SQLException {
        for (Precondition precondition : guard.getNestedPreconditions()) {
            if (precondition instanceof CustomPreconditionWrapper custom
                    && RowsMeetNarrowing.class.getName().equals(custom.getClassName())
                    && custom.getParamValue("check") != null && custom.getParamValue("tableName") != null) {
                RowSeeder.meetCheck(connection, custom.getParamValue("tableName"), custom.getParamValue("check"));
            }
        }
    }

    /** Lifts the changeset's halting guard, which the seeded rows broke, for this run, saying so in its account. */
    private void liftGuard(PreconditionContainer guard, PreconditionFailedException halted, ChangeSet changeSet) {
        liftedGuard = guard;
        pastGuard = "observed past its guard (onFail: HALT), which the scratch database's seeded rows break: "
                + halted.getFailedPreconditions().stream().map(FailedPrecondition::getMessage)
                .reduce((a, b) -> a + "; " + b).orElse(FailureReason.of(halted));
        changeSet.setPreconditions(null);
    }

    /** Puts back the guard lifted for the run (the changeset is the changelog's, which later runs cut again). */
    void restoreGuard() {
        if (liftedGuard != null) {
            started.setPreconditions(liftedGuard);
            liftedGuard = null;
        }
    }

    @Override
    public void willRun(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        running = changes.size();
        changeStart = read(database);
        deletes = CompiledWrites.deletesFrom(change, database, Jdbc.connectionUnder(database));
    }

    @Override
    public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        Start after = read(database);
        ColumnRenames renames = ColumnRenames.of(change, changeStart, after);
        renamed.addAll(renames.renames());
        int index = changes.size();
        List<ChangeSetEffect.SetNullOnNotNull> before = setNullOnNotNull(changeStart.catalog());
        setNullOnNotNull(after.catalog()).stream().filter(k -> !before.contains(k))
                .forEach(k -> setNullLeftBy.put(k, index));
        changes.add(changeEffect(changes.size(), change.getSerializedObjectName(), changeStart, after, deletes,
                renames));
        running = null;
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ExecType execType) {
        Start end = read(database);
        boolean ran = execType == ExecType.EXECUTED || execType == ExecType.RERAN;
        recorded = new ChangeSetEffect(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                ran ? ChangeSetEffect.Outcome.RAN : ChangeSetEffect.Outcome.SKIPPED,
                ran ? pastGuard : ChangeSetEffect.skippedAs(execType),
                tables(changeSetStart.catalog()), tables(end.catalog()), changeSetStart.rows().counts(), unseeded,
                changeSetStart.catalog().differencesFrom(end.catalog()), changeSetStart.rows().changesTo(end.rows()),
                changeSetStart.rows().archivedBy(end.rows()), ran ? List.copyOf(changes) : List.of(), null, List.of(),
                ran ? compatibility(changeSet, end) : null, null, ran ? setNullLeft(end) : List.of());
    }

    /**
     * The SET NULL actions on NOT NULL columns the changeset leaves that were not there before it, each with the
     * last change that left it (null where none did alone: changes undid and redid it).
     */
    private List<ChangeSetEffect.SetNullOnNotNull> setNullLeft(Start end) {
        List<ChangeSetEffect.SetNullOnNotNull> before = setNullOnNotNull(changeSetStart.catalog());
        return setNullOnNotNull(end.catalog()).stream().filter(k -> !before.contains(k))
                .map(k -> new ChangeSetEffect.SetNullOnNotNull(k.table(), k.column(), k.referencedTable(), k.action(),
                        setNullLeftBy.get(k))).toList();
    }

    /**
     * Every foreign key column the catalog's foreign keys would set to NULL (ON DELETE SET NULL, ON UPDATE SET NULL)
     * though it is NOT NULL (declared, or as part of the primary key), without a change index.
     */
    static List<ChangeSetEffect.SetNullOnNotNull> setNullOnNotNull(SchemaCatalog catalog) {
        List<ChangeSetEffect.SetNullOnNotNull> found = new ArrayList<>();
        for (SchemaCatalog.Table table : catalog.tables().values()) {
            for (SchemaCatalog.ForeignKey key : table.foreignKeys()) {
                if (!key.setsNull()) {
                    continue;
                }
                String action = String.join(" and ", Stream.of(key.setsNullOnDelete() ? "ON DELETE SET NULL" : null,
                        key.setsNullOnUpdate() ? "ON UPDATE SET NULL" : null).filter(Objects::nonNull).toList());
                key.columns().stream().map(table::column)
                        .filter(column -> column != null && table.requiresValue(column))
                        .forEach(column -> found.add(new ChangeSetEffect.SetNullOnNotNull(table.name(), column.name(),
                                key.referencedTable(), action, null)));
            }
        }
        return found;
    }

    /**
     * The effect of {@code changeSet} as the last update ran it, or null when it failed before it was recorded
     * (or the update ran another changeset).
     */
    ChangeSetEffect recorded(ChangeSet changeSet) {
        return started == changeSet ? recorded : null;
    }

    /** Whether Liquibase started to run {@code changeSet}: a failure since is the changeset's own. */
    boolean started(ChangeSet changeSet) {
        return started == changeSet;
    }

    /** The state the last changeset started from. */
    Start changeSetStart() {
        return changeSetStart;
    }

    /**
     * A changeset that failed: before it started (Liquibase validates the changelog first), the
     * state before it is the scratch as it is now. One that failed in a change names that change.
     */
    ChangeSetEffect failed(ChangeSet changeSet, String reason, Connection connection) {
        if (started != changeSet) {
            unseeded = Map.of();
            try {
                changeSetStart = read(connection);
            } catch (SQLException e) {
                changeSetStart = null;
            }
        }
        return new ChangeSetEffect(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                ChangeSetEffect.Outcome.FAILED, reason, changeSetStart == null ? Map.of() : tables(changeSetStart.catalog()),
                Map.of(), changeSetStart == null ? Map.of() : changeSetStart.rows().counts(), unseeded, List.of(), Map.of(),
                List.of(), List.of(), null, List.of(), null, started == changeSet ? running : null, List.of());
    }

    /**
     * The class of what the changeset does (the same {@link Compatibility#observed} a till records, before
     * the changeset's own declaration, which lint weighs), decided ahead of time: here the rows are
     * observed, so a data change is one whose changes write rows (as a till judges it, {@link DataChanges})
     * or that inserted, deleted or changed rows of a table that existed before it. A column it renamed is said to
     * be renamed, not removed and added: still breaking, but what a developer does about it differs.
     */
    private Compatibility compatibility(ChangeSet changeSet, Start end) {
        Map<String, TableRows> rows = changeSetStart.rows().changesTo(end.rows());
        boolean changedData = DataChanges.changesData(changeSet) || rows.values().stream()
                .anyMatch(r -> changeSetStart.catalog().table(r.table()) != null
                        && (r.inserted() > 0 || r.deleted() > 0 || !r.changedColumns().isEmpty()));
        return new ColumnRenames(List.copyOf(renamed))
                .named(Compatibility.observed(changeSetStart.catalog(), end.catalog(), changedData),
                        changeSetStart.catalog(), end.catalog());
    }

    static Start read(Connection connection) throws SQLException {
        SchemaCatalog catalog = SchemaCatalog.read(connection);
        // SQLite's count of the rows written on the connection (total_changes()), the one a till records by.
        return new Start(catalog, RowSnapshot.read(connection, catalog), Jdbc.sqliteRowsWritten(connection));
    }

    /** The state of the scratch now, inside a hook: one that cannot be read stops the observation. */
    private static Start read(Database database) {
        try {
            return read(Jdbc.connectionUnder(database));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the scratch database: " + FailureReason.of(e), e);
        }
    }

    /**
     * Table to its columns as the catalog read them (name, declared type, NOT NULL, default, CHECK), both in name
     * order: lint judges a changeset it cannot run (PostgreSQL's own) against the declared types before it.
     */
    static Map<String, List<SchemaCatalog.Column>> tables(SchemaCatalog catalog) {
        Map<String, List<SchemaCatalog.Column>> tables = new TreeMap<>();
        catalog.tables().forEach((name, table) -> tables.put(name, table.columns().stream()
                .sorted(Comparator.comparing(SchemaCatalog.Column::name)).toList()));
        return tables;
    }

    /**
     * One change's effect from the catalogs and rows before and after it. A column it renamed (declared, and
     * every value under the new name: {@link ColumnRenames}) is neither removed nor added, and a unique
     * constraint or CHECK that moved with it is not new.
     */
    private static ChangeEffect changeEffect(int index, String type, Start before, Start after, List<String> deletes,
                                             ColumnRenames renames) {
        SchemaCatalog cb = before.catalog();
        SchemaCatalog ca = after.catalog();
        List<SchemaDifference> differences = cb.differencesFrom(ca);
        List<String> dropped = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> addedNotNull = new ArrayList<>();
        List<String> madeNotNull = new ArrayList<>();
        List<String> unique = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        List<ChangeEffect.Shortened> shortened = new ArrayList<>();
        for (SchemaDifference d : differences) {
            String label = d.object();
            switch (d.kind()) {
                case MISSING -> {
                    if (cb.typed(label) instanceof SchemaCatalog.Table table && !renamed(table.name(), before, after)) {
                        dropped.add(table.name());
                    } else if (cb.typed(label) instanceof SchemaCatalog.Column column
                            && !renames.renamedFrom(cb.tableOf(label), column.name())) {
                        removed.add(cb.tableOf(label) + "." + column.name());
                    }
                }
                case NOT_IN_EXPECTED -> {
                    Object added = ca.typed(label);
                    String table = added instanceof SchemaCatalog.Index i ? i.table() : ca.tableOf(label);
                    if (added instanceof SchemaCatalog.Column column && renames.renamedTo(table, column.name())
                            || renames.movedWithARename(label, cb, ca)) {
                        continue; // the renamed column, or a constraint that moved with it
                    }
                    if (added instanceof SchemaCatalog.Column column && column.notNull()
                            && (column.defaultValue() == null || column.defaultValue().isBlank())) {
                        addedNotNull.add(table + "." + column.name());
                    } else if (d.objectKind() == SchemaObject.Kind.UNIQUE_CONSTRAINT || added instanceof SchemaCatalog.Index i && i.unique()) {
                        addOnce(unique, table, cb);
                    } else if (added instanceof SchemaCatalog.Check check) {
                        addCheck(checks, table, check, cb, ca);
                    }
                }
                case CHANGED -> {
                    if (ca.typed(label) instanceof SchemaCatalog.Column column && "not null".equals(d.attribute())
                            && "true".equals(d.actual())) {
                        madeNotNull.add(ca.tableOf(label) + "." + column.name());
                    } else if (ca.typed(label) instanceof SchemaCatalog.Check check) {
                        addCheck(checks, ca.tableOf(label), check, cb, ca);
                    } else if (ca.typed(label) instanceof SchemaCatalog.Column column && "type".equals(d.attribute())
                            && cb.typed(label) instanceof SchemaCatalog.Column was && column.shorterThan(was)) {
                        shortened.add(new ChangeEffect.Shortened(ca.tableOf(label), column.name(), was.length(),
                                column.length()));
                    }
                }
            }
        }
        return new ChangeEffect(index, type, before.rows().counts(), differences, before.rows().changesTo(after.rows()),
                dropped, removed, deletes == null ? List.of() : deletes, before.rows().archivedBy(after.rows()),
                addedNotNull, madeNotNull, unique, checks, shortened, after.rowsWrittenSoFar() - before.rowsWrittenSoFar());
    }

    /** A table gone whose rows, every one, are in a table that appeared (renameTable, into archived_* too). */
    private static boolean renamed(String table, Start before, Start after) {
        return after.catalog().tables().keySet().stream()
                .anyMatch(t -> before.catalog().table(t) == null && before.rows().sameRows(table, after.rows(), t));
    }

    /**
     * A CHECK on a table that existed before, as {@code table.column} (its column: the first its expression names)
     * or, when it names none of the table's columns, the table alone.
     */
    private static void addCheck(List<String> checks, String table, SchemaCatalog.Check check, SchemaCatalog before,
                                 SchemaCatalog after) {
        SchemaCatalog.Table now = table == null ? null : after.table(table);
        String on = now != null && now.column(check.column()) != null ? table + "." + check.column() : table;
        if (on != null && !checks.contains(on) && before.table(table) != null) {
            checks.add(on);
        }
    }

    /** Only tables that existed before: a constraint on a table the change creates meets no rows. */
    private static void addOnce(List<String> tables, String table, SchemaCatalog before) {
        if (table != null && !tables.contains(table) && before.table(table) != null) {
            tables.add(table);
        }
    }
}
