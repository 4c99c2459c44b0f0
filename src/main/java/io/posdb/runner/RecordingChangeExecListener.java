package io.posdb.runner;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.DataChanges;
import io.posdb.database.Engine;
import io.posdb.effect.ColumnRenames;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.migration.PosdbCustomChange;
import io.posdb.migration.RowProgress;
import io.posdb.migration.data.AuditedValueChange;
import io.posdb.migration.data.NamedRows;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import liquibase.change.Change;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet.ExecType;
import liquibase.changelog.ChangeSet.RunStatus;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.DatabaseException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.precondition.FailedPrecondition;
import liquibase.precondition.core.PreconditionContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each changeset as Liquibase runs (or rolls back) it and records what happened to it; and, for
 * the record of the run ({@code io.posdb.runs}), times each one and hands it on as an {@link UpgradeStep}.
 */
final class RecordingChangeExecListener extends AbstractChangeExecListener implements RowProgress.Sink {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseMigrations.class);

    /** What Liquibase puts before a custom precondition's own message. */
    private static final String CUSTOM_PRECONDITION_PREFIX = "Custom Precondition Failed: ";

    private final List<AppliedChangeSet> applied = new ArrayList<>();
    /** Null where nothing holds a breaking changeset back (a file, a rollback). */
    private final BreakingChangeSetGate gate;
    /** The catalog before the changeset that is about to run (the one after the previous changeset). */
    private SchemaCatalog before;
    private final Consumer<UpgradeStep> steps;
    private final UpgradeProgress progress;
    /** The changeset running now, which a data change's row counts ({@link #rows}) belong to. */
    private String running;
    /** The changeset about to run, the changelog it runs in and the database: what a halting guard's message names. */
    private ChangeSet willRun;
    private DatabaseChangeLog changeLog;
    private Database database;
    private String lastPreconditionMessage;
    private ChangeSet rollingBack;
    private Instant stepStarted;
    private long stepStartedNanos;
    private Long changesBefore;
    /**
     * The rows written at the step's start as the record of a data change counts them ({@link #rowsWrittenSoFar}):
     * null where unknown.
     */
    private Long writesBefore;
    /** The running total of the rows the step's changeset's posdb changes copied ({@link #rowsCopied}) at its start. */
    private long copiedBefore;
    /** The changeset classified at its last change, which {@link #record} reuses. */
    private Classified classified;

    /** {@code recorded}: its record was written inside its own transaction (a server), not after it. */
    private record Classified(ChangeSet changeSet, SchemaCatalog after, Compatibility compatibility, boolean recorded) {
    }

    /** {@code gate}: null where nothing holds a breaking changeset back (a file, a rollback). */
    RecordingChangeExecListener(Consumer<UpgradeStep> steps, UpgradeProgress progress, BreakingChangeSetGate gate) {
        this.steps = steps;
        this.progress = progress;
        this.gate = gate;
    }

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, RunStatus runStatus) {
        lastPreconditionMessage = null;
        this.willRun = changeSet;
        this.changeLog = changeLog;
        this.database = database;
        if (before == null) {
            before = catalog(database, changeSet);
        }
        startStep(changeSet, database);
        // As the old backend's start-up log reads: "Running migration: <what it does>".
        String comment = changeSet.getComments();
        log.info("Running migration: {}{}", changeSet.getId(),
                comment == null || comment.isBlank() ? "" : " (" + comment.strip() + ")");
    }

    /** One line as each changeset's rollback starts: operators (and crash tests) see where a rollback is. */
    @Override
    public void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        rollingBack = changeSet;
        startStep(changeSet, database);
        log.info("Rolling back migration: {}", changeSet.getId());
    }

    /** The changeset whose rollback started and did not finish (the one that failed), if any. */
    ChangeSet rollingBack() {
        return rollingBack;
    }

    @Override
    public void preconditionFailed(PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
        // Only MARK_RAN reaches a recorded outcome; HALT ends the update with an exception.
        // Liquibase's own message is a generic "Preconditions Failed"; the failed
        // preconditions carry the changeset's onFailMessage (why it was marked as ran).
        lastPreconditionMessage = error.getFailedPreconditions().stream().map(FailedPrecondition::getMessage)
                .reduce((a, b) -> a + "; " + b).orElse(error.getMessage());
        if (onFail == PreconditionContainer.FailOption.HALT && willRun != null) {
            String unchecked = uncheckedGuards();
            lastPreconditionMessage += unchecked;
            nameTheChangeSet(error.getFailedPreconditions(), unchecked);
        }
    }

    /**
     * Liquibase builds a halting changeset's message from its failed preconditions right after this
     * listener is told, each as "{@code <changelog> : <message>}", where the changelog is the one the
     * update was given (the master) whatever file holds the changeset. Each is named here as Liquibase
     * names the changeset ({@code file::id::author}, the file its {@code getFilePath()}), and the last one
     * says which later guards were not checked: the operator reads these words in the failure's cause.
     */
    private void nameTheChangeSet(List<FailedPrecondition> failed, String unchecked) {
        String name = willRun.getFilePath() + "::" + willRun.getId() + "::" + willRun.getAuthor() + " : ";
        for (int i = 0; i < failed.size(); i++) {
            FailedPrecondition precondition = failed.get(i);
            // Without a changelog, Liquibase's FailedPrecondition.toString() is the message alone.
            failed.set(i, new FailedPrecondition(name + precondition.getMessage()
                    + (i == failed.size() - 1 ? unchecked : ""), null, precondition.getPrecondition()));
        }
    }

    /**
     * The later changesets of this update that have a halting guard of their own, which were not checked:
     * a guard checks the database as the changesets before it leave it (a data change between two narrowings
     * may correct the rows the second one names; a rebuild may make them), so checking them now, out of
     * order, could name rows that need no correcting or miss some. Nothing when there are none.
     */
    private String uncheckedGuards() {
        List<ChangeSet> all = changeLog.getChangeSets();
        int at = all.indexOf(willRun);
        if (at < 0) {
            return "";
        }
        Engine engine = Engine.ofDbms(database.getShortName());
        Set<String> ran = appliedIn(database);
        List<String> guarded = all.subList(at + 1, all.size()).stream()
                .filter(c -> ChangelogManifest.haltingGuard(c).isPresent())
                .filter(c -> ChangelogManifest.appliesTo(c, engine) && !ran.contains(key(c.getId(), c.getFilePath())))
                .map(ChangeSet::getId).toList();
        return guarded.isEmpty() ? "" : " Not checked yet: the guards of the later changesets " + String.join(", ", guarded)
                + " (each checks the database as the changesets before it leave it); after correcting these rows, "
                + checkingTheLaterGuards(engine);
    }

    /**
     * How the operator has the later guards checked: on an SQLite file a rehearsal runs them on a copy; a server has
     * no copy to rehearse on (posdb rehearse works on files), so the next upgrade checks each as it reaches it,
     * halting at the first whose rows break it. As short as the SQLite words: this comes last in the cause, which the
     * console cuts to a few hundred characters ({@code FailedChangeSet}).
     */
    private static String checkingTheLaterGuards(Engine engine) {
        return switch (engine) {
            case SQLITE -> "posdb rehearse checks them on a copy.";
            case POSTGRESQL -> "update again: it checks them in turn.";
        };
    }

    /** The changesets the database has applied (id and file), as Liquibase read them for this update. */
    private static Set<String> appliedIn(Database database) {
        try {
            return database.getRanChangeSetList().stream().map(r -> key(r.getId(), r.getChangeLog()))
                    .collect(Collectors.toSet());
        } catch (DatabaseException e) {
            log.debug("Cannot read the changesets {} has applied; every later guard is named", database, e);
            return Set.of();
        }
    }

    private static String key(String id, String file) {
        return id + "::" + file;
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ExecType execType) {
        String reason = null;
        if (execType == ExecType.MARK_RAN) {
            reason = lastPreconditionMessage == null ? "precondition not met" : lastPreconditionMessage.trim();
            log.info("Migration {} marked as ran: {}", changeSet.getId(), reason);
        }
        applied.add(new AppliedChangeSet(changeSet.getId(), changeSet.getFilePath(), execType.value, reason,
                execType == ExecType.EXECUTED ? reportOf(changeSet) : null));
        // Liquibase 4.33 writes the changeset's history row before it fires ran(): that row is its, not the changeset's.
        finishStep(changeSet, database, execType.value, reason, List.of(), 1);
        // After the step's row count: the record below is posdb's bookkeeping, not the changeset's rows.
        record(changeSet, database, execType);
    }

    /**
     * With a gate, each changeset is classified at its last change: Liquibase calls this inside the
     * changeset's transaction, and commits it right after (before {@code ran} for the changeset and
     * its history row), so this is the last moment a breaking changeset can still be rolled back.
     * The catalog read here is the one {@link #record} then uses: still one read per changeset.
     */
    @Override
    public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        List<Change> changes = changeSet.getChanges();
        boolean inTransaction = !(database instanceof SQLiteDatabase) && !autoCommit(database);
        if ((gate == null && !inTransaction) || changes.isEmpty() || changes.get(changes.size() - 1) != change) {
            return;
        }
        SchemaCatalog after = catalog(database, changeSet);
        Compatibility compatibility = Compatibility.of(before, after, DataChanges.changesData(changeSet),
                changeSet.getComments());
        if (gate != null && compatibility.breaking()) {
            askGate(changeSet, database, compatibility);
        }
        if (inTransaction) {
            // On a server the record commits with the changeset's own changes (issue 21 §2): Liquibase
            // commits them right after this call, before its history row and ran(ChangeSet).
            write(changeSet, database, after, compatibility, rowsChanged(changeSet, database, after, ExecType.EXECUTED,
                    0));
        }
        classified = new Classified(changeSet, after, compatibility, inTransaction);
    }

    private static boolean autoCommit(Database database) {
        try {
            return Jdbc.connectionUnder(database).getAutoCommit();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Records what the database was given (issue 21 §2), on the changeset's own connection. Liquibase
     * 4.33 commits a changeset's changes, then writes the history row and calls {@code ran}, and commits
     * again: on a server the record is therefore written at the changeset's last change, in its
     * transaction ({@link #ran(Change, ChangeSet, DatabaseChangeLog, Database)}); here only for what has
     * no such moment (SQLite, whose upgrade envelope's snapshot makes the whole upgrade all or nothing;
     * a changeset marked as ran; one without changes or run outside a transaction).
     * One catalog read per changeset: the catalog after one is the catalog before the next.
     */
    private void record(ChangeSet changeSet, Database database, ExecType execType) {
        Classified already = classified != null && classified.changeSet() == changeSet
                && execType == ExecType.EXECUTED ? classified : null;
        classified = null;
        SchemaCatalog after = already != null ? already.after() : catalog(database, changeSet);
        if (already == null || !already.recorded()) {
            boolean changedData = execType == ExecType.EXECUTED && DataChanges.changesData(changeSet);
            // Liquibase wrote the changeset's history row before ran(ChangeSet): a row it wrote, not the changeset.
            write(changeSet, database, after, already != null ? already.compatibility()
                    : Compatibility.of(before, after, changedData, changeSet.getComments()),
                    rowsChanged(changeSet, database, after, execType, 1));
        }
        before = after;
    }

    /**
     * What the changeset did to rows, as its recorded undo treats them: restored from the audit only when every change
     * of it that writes rows audits them (none {@link DataChanges#writesRowsUnaudited}, the one account lint's
     * DATA_CHANGE_NOT_DOWNGRADABLE asks too; {@link AuditedValueChange}: one data_migration_audit row per changed value);
     * otherwise nothing to undo only when the engine counted no row written by it (a precondition marked it as ran, or
     * its UPDATE matched nothing). Rows written by a change that keeps no old value cannot be put back, and the
     * changeset's own rollback is no faithful undo of them (see {@link ChangeSetRecords#UNAUDITED_ROWS}).
     * {@code notTheChangeSets}: rows written in the step that are not its (Liquibase's history row). A change that
     * only inserts into tables the changeset created ({@link DataChanges#onlyInsertsInto}) changed no row that was
     * there: its rows have no old value, and the undo archives their table whole (a table split: {@code product_stock}
     * created and filled from {@code product}). Judged by the statements, not by a count: SQLite counts no row of a
     * {@code CREATE TABLE … AS SELECT}, so a table's rows cannot be told apart from the rows the changeset changed.
     */
    private ChangeSetRecords.RowsChanged rowsChanged(ChangeSet changeSet, Database database, SchemaCatalog after,
                                                     ExecType execType, long notTheChangeSets) {
        if (execType != ExecType.EXECUTED || !DataChanges.changesData(changeSet)) {
            return ChangeSetRecords.RowsChanged.NONE;
        }
        Set<String> created = createdTables(after);
        if (changeSet.getChanges().stream().noneMatch(change -> DataChanges.writesRowsUnaudited(change)
                && !DataChanges.onlyInsertsInto(change, created))) {
            return ChangeSetRecords.RowsChanged.AUDITED;
        }
        Long now = writesBefore == null ? null : rowsWrittenSoFar(database);
        boolean noneWritten = now != null
                && now - writesBefore - notTheChangeSets - (rowsCopied(changeSet) - copiedBefore) == 0;
        return noneWritten ? ChangeSetRecords.RowsChanged.NONE : ChangeSetRecords.RowsChanged.UNAUDITED;
    }

    /** The tables in {@code after} that the catalog before the changeset lacks, lower case: the ones it created. */
    private Set<String> createdTables(SchemaCatalog after) {
        if (before == null || after == null) {
            return Set.of();
        }
        return after.tables().keySet().stream().filter(table -> before.table(table) == null)
                .map(table -> table.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private void write(ChangeSet changeSet, Database database, SchemaCatalog after, Compatibility compatibility,
                       ChangeSetRecords.RowsChanged rowsChanged) {
        try {
            ChangeSetRecords.record(Jdbc.connectionUnder(database), changeSet.getId(), changeSet.getAuthor(),
                    changeSet.getFilePath(), compatibility, ChangeSetRecords.undo(before, after,
                            database instanceof SQLiteDatabase, rowsChanged, changeSet.getId(), changeSet.getChanges()
                                    .stream().flatMap(change -> ColumnRenames.declaredBy(change).stream()).toList(),
                            ChangeSetRecords.tablesRenamedBy(changeSet.getChanges())));
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Cannot record changeset " + changeSet.getId() + " in "
                    + ChangeSetRecords.TABLE + ": " + e.getMessage(), e);
        }
        log.debug("Changeset {} is {} with older releases", changeSet.getId(), compatibility.text());
    }

    /**
     * A refusal rolls the changeset's transaction back here, before Liquibase's own handling of the
     * failed change (which rolls back too, unless the changeset says failOnError: false). Only a
     * server's upgrade has a gate, and it runs as one transaction ({@link OneTransaction}): even a
     * changeset marked {@code runInTransaction: false} has not committed here.
     */
    private void askGate(ChangeSet changeSet, Database database, Compatibility compatibility) {
        Connection connection = Jdbc.connectionUnder(database);
        try {
            String labels = changeSet.getLabels() == null ? null : changeSet.getLabels().toString();
            gate.beforeCommit(changeSet.getId(), labels, compatibility, connection);
        } catch (PosDatabaseException | SQLException e) {
            Jdbc.rollBackAfter(connection, e);
            throw new UnexpectedLiquibaseException(e.getMessage(), e);
        }
    }

    private static SchemaCatalog catalog(Database database, ChangeSet changeSet) {
        try {
            return SchemaCatalog.read(Jdbc.connectionUnder(database));
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Cannot read the schema around changeset " + changeSet.getId()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The changeset failed (Liquibase rolls its transaction back next). A halting precondition's own
     * message is kept whole, with the rows it names; any other failure's cause without class names.
     */
    @Override
    public void runFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception error) {
        String message = lastPreconditionMessage != null
                ? lastPreconditionMessage.strip().replaceFirst("^" + CUSTOM_PRECONDITION_PREFIX, "")
                : FailedChangeSet.fullReasonIn(error).orElseGet(() -> FailedChangeSet.plain(FailureReason.of(error)));
        finishStep(changeSet, database, UpgradeStep.FAILED, message, NamedRows.in(lastPreconditionMessage), 0);
    }

    /**
     * The changeset's rollback failed: its cause without class names, or, when Liquibase has no inverse for its
     * changes, that in the words the command's message gives (Liquibase's own name a class: "No inverse to
     * liquibase.change.core.RawSQLChange created").
     */
    @Override
    public void rollbackFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception error) {
        finishStep(changeSet, database, UpgradeStep.FAILED, LiquibaseMigrations.cannotUndo(changeSet, error)
                .orElseGet(() -> FailedChangeSet.plain(FailureReason.of(error))), List.of(), 0);
    }

    @Override
    public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        rollingBack = null;
        log.info("Rolled back migration: {}", changeSet.getId());
        int recordRows;
        try {
            recordRows = ChangeSetRecords.forget(Jdbc.connectionUnder(database), changeSet.getId(),
                    changeSet.getAuthor(), changeSet.getFilePath());
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Cannot remove the record of changeset " + changeSet.getId()
                    + " from " + ChangeSetRecords.TABLE + ": " + e.getMessage(), e);
        }
        applied.add(new AppliedChangeSet(changeSet.getId(), changeSet.getFilePath(), "ROLLED_BACK", null,
                reportOf(changeSet)));
        // Liquibase 4.33 deletes the changeset's history row before it fires rolledBack(); that row and the record
        // above are bookkeeping, not rows the rollback changed.
        finishStep(changeSet, database, "ROLLED_BACK", null, List.of(), 1 + recordRows);
    }

    /** Times {@code changeSet} from now (also for {@link RecordedUndo}, whose changesets Liquibase does not run). */
    void startStep(ChangeSet changeSet, Database database) {
        stepStarted = Instant.now();
        stepStartedNanos = System.nanoTime();
        changesBefore = rowsWritten(database);
        writesBefore = database instanceof SQLiteDatabase ? changesBefore : rowsWrittenSoFar(database);
        copiedBefore = rowsCopied(changeSet);
        running = changeSet.getId();
        progress.changesetStarted(running);
    }

    /** A data change's count ({@link RowProgress}), with the time left at the rate so far. */
    @Override
    public void rows(long done, long total, long elapsedNanos) {
        progress.rows(running, done, total, done == 0 ? null : elapsedNanos / 1_000_000 * (total - done) / done);
    }

    /**
     * {@code notTheChangeSets}: rows written inside the step's window that are not the changeset's, not counted
     * (Liquibase's own history row; the copies of a table rebuild the caller ran itself, {@link RecordedUndo}).
     * Nor are the rows the changeset's own posdb changes copied in the window ({@link PosdbCustomChange#rowsCopied}).
     */
    void finishStep(ChangeSet changeSet, Database database, String outcome, String message,
                    List<String> namedRows, long notTheChangeSets) {
        if (stepStarted == null) {
            return; // Liquibase reported an end without a start: nothing to time
        }
        Long after = changesBefore == null ? null : rowsWritten(database);
        long notCounted = notTheChangeSets + rowsCopied(changeSet) - copiedBefore;
        long durationMillis = (System.nanoTime() - stepStartedNanos) / 1_000_000;
        steps.accept(new UpgradeStep(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                stepStarted.toString(), durationMillis,
                after == null ? null : Math.max(0, after - changesBefore - notCounted), outcome, message, namedRows));
        stepStarted = null;
        progress.changesetFinished(changeSet.getId(), outcome, durationMillis);
    }

    /**
     * Rows written so far on Liquibase's connection, where the engine counts them: SQLite's
     * {@code total_changes()} (inserts, updates and deletes, a table rebuild's copy included). Null
     * elsewhere: on PostgreSQL a failing query would abort the changeset's transaction.
     */
    private static Long rowsWritten(Database database) {
        if (!(database instanceof SQLiteDatabase)) {
            return null;
        }
        try {
            return Jdbc.sqliteRowsWritten(Jdbc.connectionUnder(database));
        } catch (SQLException | RuntimeException e) {
            log.debug("Cannot count the rows written on {}", database, e);
            return null;
        }
    }

    /**
     * The rows written so far, as the record of a data change counts them: SQLite's {@code total_changes()}; on
     * PostgreSQL the rows this transaction inserted, updated and deleted ({@code pg_stat_xact_user_tables}, a view
     * every role may read), only inside a transaction (outside one, each statement's own transaction starts the
     * count again). Null where unknown: the changeset's rows then count as changed.
     */
    private static Long rowsWrittenSoFar(Database database) {
        if (database instanceof SQLiteDatabase) {
            return rowsWritten(database);
        }
        if (!(database instanceof PostgresDatabase) || autoCommit(database)) {
            return null;
        }
        try {
            return Jdbc.rows(Jdbc.connectionUnder(database), "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), "
                    + "0) FROM pg_stat_xact_user_tables", List.of(), rs -> rs.getLong(1)).get(0);
        } catch (SQLException e) {
            log.debug("Cannot count the rows written on {}", database, e);
            return null;
        }
    }

    /** The rows the changeset's posdb changes (a rebuild) have copied so far, over all their runs: moved, not changed. */
    private static long rowsCopied(ChangeSet changeSet) {
        return changeSet.getChanges().stream().mapToLong(c -> c instanceof CustomChangeWrapper w
                && w.getCustomChange() instanceof PosdbCustomChange posdb ? posdb.rowsCopied() : 0).sum();
    }

    private static Object reportOf(ChangeSet changeSet) {
        return changeSet.getChanges().stream().map(c -> c instanceof CustomChangeWrapper w ? w.getCustomChange() : null)
                .filter(AuditedValueChange.class::isInstance).findFirst().map(c -> ((AuditedValueChange) c).report())
                .orElse(null);
    }

    List<AppliedChangeSet> applied() {
        return List.copyOf(applied);
    }
}
