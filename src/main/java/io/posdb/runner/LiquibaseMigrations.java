package io.posdb.runner;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.Causes;
import io.posdb.failure.ChangeSetRollbackFailed;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.migration.RowProgress;
import io.posdb.report.ReleasedLocks;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeStep;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import liquibase.Contexts;
import liquibase.Scope;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.change.ChangeFactory;
import liquibase.RuntimeEnvironment;
import liquibase.TagVersionEnum;
import liquibase.changelog.ChangeLogIterator;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.AfterTagChangeSetFilter;
import liquibase.changelog.filter.AlreadyRanChangeSetFilter;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.CountChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.changelog.visitor.RollbackListVisitor;
import liquibase.database.Database;
import liquibase.exception.RollbackImpossibleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changelog applied to one database through Liquibase: what is pending, and the
 * update itself. No ORM entity is touched here; custom changes use plain JDBC.
 */
public final class LiquibaseMigrations {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseMigrations.class);

    /**
     * What an operation writes through these migrations (an update, a rollback, a downgrade), given
     * migrations that hand each changeset to the run's record and the progress listener: the one shape
     * the file's envelope and the server's advisory lock both run.
     */
    public interface Write {
        List<AppliedChangeSet> run(LiquibaseMigrations migrations) throws MigrationException;
    }

    private final TillDatabase database;
    private final ChangelogSource changelog;
    private final Consumer<UpgradeStep> steps;
    private final UpgradeProgress progress;
    /**
     * The changelog's manifest, once read ({@link #manifest}): an operation plans more than once (before its lock
     * and again under it), and the changelog it judges is the same each time, while the history is read anew.
     */
    private ChangelogManifest manifest;

    public LiquibaseMigrations(TillDatabase database, ChangelogSource changelog) {
        this(database, changelog, step -> { }, UpgradeProgress.NONE);
    }

    private LiquibaseMigrations(TillDatabase database, ChangelogSource changelog, Consumer<UpgradeStep> steps,
                                UpgradeProgress progress) {
        this.database = database;
        this.changelog = changelog;
        this.steps = steps;
        this.progress = progress;
    }

    /**
     * The same migrations, handing each changeset an update, rollback or downgrade handles, timed, to
     * {@code steps}, and telling {@code progress} of each as it starts and ends, and of the rows of a long
     * data change (handed to the custom changes as a Liquibase scope value, {@link RowProgress}).
     */
    public LiquibaseMigrations recording(Consumer<UpgradeStep> steps, UpgradeProgress progress) {
        return new LiquibaseMigrations(database, changelog, steps, progress);
    }

    /**
     * The changelog compared with the database, from one read of DATABASECHANGELOG:
     * nothing is written, and a database file that does not exist is not created.
     */
    public MigrationPlan plan() throws MigrationException {
        if (database instanceof SqliteDatabase sqlite && !Files.exists(sqlite.file())) {
            return MigrationPlan.of(manifest(), List.of());
        }
        // Read as status, update-sql and rehearse promise: a WAL file's -wal is not checkpointed away.
        return database.readWithoutWriting(readable -> {
            try (Connection connection = readable.open()) {
                return plan(connection);
            } catch (SQLException e) {
                throw historyUnreadable(e);
            }
        });
    }

    /**
     * {@link #plan()} for a caller holding posdb's upgrade lock, under which a locked row in Liquibase's lock
     * table can only be a dead process's: the row is read in the same read as the history (a boot opens one
     * connection for both, not two) and, when locked, released.
     */
    public MigrationPlan planReleasingStaleLock() throws MigrationException, PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite && !Files.exists(sqlite.file())) {
            return plan();
        }
        record Read(Optional<ReleasedLocks.LockHolder> staleLock, MigrationPlan plan) {
        }
        Read read = database.readWithoutWriting(readable -> {
            try (Connection connection = readable.open()) {
                return new Read(LiquibaseTables.lockHolder(connection), plan(connection));
            } catch (SQLException e) {
                throw historyUnreadable(e);
            }
        });
        if (read.staleLock().isPresent()) {
            LiquibaseTables.releaseLockHeldBy(database, read.staleLock().get());
        }
        return read.plan();
    }

    /**
     * The same plan on a connection the caller holds (a server's lock session: each new
     * PostgreSQL connection costs an authentication handshake at boot). The classes posdb recorded
     * are read only for changesets this release does not know (a newer release wrote them): an
     * up-to-date boot reads DATABASECHANGELOG alone.
     */
    public MigrationPlan plan(Connection connection) throws MigrationException {
        try {
            return plan(connection, MigrationRecords.history(connection));
        } catch (SQLException e) {
            throw historyUnreadable(e);
        }
    }

    /**
     * The same plan for the {@code applied} changesets the caller read already on {@code connection} (the drift
     * check reads them with the schema): the records of the ones this release does not know are read on it.
     */
    public MigrationPlan plan(Connection connection, List<HistoryEntry> applied) throws MigrationException {
        try {
            MigrationPlan plan = MigrationPlan.of(manifest(), applied);
            return plan.unknown().isEmpty() ? plan : new MigrationPlan(plan.pending(),
                    LiquibaseTables.withRecordedClasses(connection, plan.unknown()), plan.modified(),
                    plan.checksumsNeedUpgrade());
        } catch (SQLException e) {
            throw historyUnreadable(e);
        }
    }

    /**
     * The manifest of the changelog for the database's engine ({@link ChangelogManifest#load}), read at the first
     * call and kept for the next ones of these migrations: a changelog on disk is parsed by Liquibase once, not at
     * each plan. One that cannot be read is not kept, and throws again at the next call.
     */
    public ChangelogManifest manifest() throws MigrationException {
        if (manifest == null) {
            manifest = ChangelogManifest.load(changelog, database.engine());
        }
        return manifest;
    }

    /**
     * Liquibase's validation of the changelog against the database, the one its update and rollback run before their
     * first changeset (the SQLite hazard guard, {@code io.posdb.migration.sqlite.guard.SqliteHazardGuard}, among it),
     * run here without writing: the file's upgrade envelope refuses what it would refuse before its snapshot is taken.
     * A file that does not exist yet has no history: it is judged as an empty SQLite database in memory, so nothing
     * is created. The refusal is Liquibase's, as its update throws it ({@code ValidationFailedException} among the
     * causes).
     */
    public void validate() throws MigrationException {
        if (database instanceof SqliteDatabase sqlite && !Files.exists(sqlite.file())) {
            try (Connection empty = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                validateOn(empty);
                return;
            } catch (SQLException e) {
                throw new MigrationException("Cannot start SQLite to validate the changelog for " + sqlite.file()
                        + ": " + FailureReason.of(e), e);
            }
        }
        // Read as the plan is: a WAL file's -wal is not checkpointed away, a hot -journal not rolled back.
        database.readWithoutWriting(readable -> {
            try (Connection connection = readable.open()) {
                validateOn(connection);
                return null;
            } catch (SQLException e) {
                throw historyUnreadable(e);
            }
        });
    }

    private void validateOn(Connection connection) throws MigrationException {
        // The changelog's own validation, not Liquibase.validate(): that command creates DATABASECHANGELOG first.
        LiquibaseScope.run(changelog, () -> {
            changelog.parse().validate(LiquibaseScope.databaseOn(connection), new Contexts(), new LabelExpression());
            return null;
        });
    }

    private MigrationException historyUnreadable(SQLException e) {
        return new MigrationException("Cannot read the migration history of " + database.description() + ": "
                + FailureReason.of(e), e);
    }

    /**
     * Runs Liquibase's update and returns what happened to each changeset it handled.
     * Callers decide beforehand whether anything is pending ({@link MigrationPlan}).
     */
    public List<AppliedChangeSet> update() throws MigrationException {
        return update(null);
    }

    /**
     * The same, asking {@code gate} about each changeset that turns out breaking for older releases
     * before it commits (a server's connected older tills); its refusal is in the thrown exception's causes.
     */
    public List<AppliedChangeSet> update(BreakingChangeSetGate gate) throws MigrationException {
        return onConnection(connection -> {
            Liquibase liquibase = liquibase(connection);
            RecordingChangeExecListener listener = new RecordingChangeExecListener(steps, progress, gate);
            liquibase.setChangeExecListener(listener);
            log.info("Starting database migrations...");
            Scope.child(Map.of(RowProgress.SCOPE_VALUE, listener),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return listener.applied();
        });
    }

    /**
     * Undoes {@code newestFirst}, changesets this release does not know, from what the database
     * recorded of them (issue 21 §3); the caller holds the upgrade envelope around it.
     */
    public List<AppliedChangeSet> downgrade(List<HistoryEntry> newestFirst) throws MigrationException {
        return onConnection(connection -> new RecordedUndo(connection, steps, progress).undo(newestFirst));
    }

    /**
     * Applies only the first {@code count} changesets that would run (drift builds its
     * scratch database up to the changesets the live database has applied).
     */
    public void update(int count) throws MigrationException {
        onConnection(connection -> {
            liquibase(connection).update(count, new Contexts(), new LabelExpression());
            return null;
        });
    }

    /**
     * Rolls back to {@code tag}. Liquibase 4.33 also rolls back the tagDatabase changeset
     * that set the tag: it is pending again (and re-applied, re-tagging, by the next update).
     */
    public List<AppliedChangeSet> rollbackToTag(String tag) throws MigrationException {
        return rollback(liquibase -> liquibase.rollback(tag, new Contexts(), new LabelExpression()));
    }

    /** Rolls back the last {@code count} applied changesets; returns them with what their changes reported. */
    public List<AppliedChangeSet> rollbackCount(int count) throws MigrationException {
        return rollback(liquibase -> liquibase.rollback(count, new Contexts(), new LabelExpression()));
    }

    private interface RollbackCall {
        void run(Liquibase liquibase) throws Exception;
    }

    /**
     * Runs a rollback, logging each changeset; a failure names the changeset whose rollback failed. What
     * it did is logged once, by the caller that said what it does ({@code DatabaseRollback}).
     */
    private List<AppliedChangeSet> rollback(RollbackCall call) throws MigrationException {
        RecordingChangeExecListener listener = new RecordingChangeExecListener(steps, progress, null);
        try {
            onConnection(connection -> {
                Liquibase liquibase = liquibase(connection);
                liquibase.setChangeExecListener(listener);
                call.run(liquibase);
                return null;
            });
        } catch (MigrationException e) {
            // Liquibase's text carries its exception class names ("liquibase.exception...: Could not find
            // tag"); the operator gets the reason only, the cause keeps the rest for --verbose.
            String reason = FailedChangeSet.readable(FailureReason.of(e));
            ChangeSet failed = listener.rollingBack();
            if (failed == null) {
                throw new MigrationException(reason, e);
            }
            throw new ChangeSetRollbackFailed(new FailedChangeSet(failed.getId(), failed.getFilePath(),
                    cannotUndo(failed, e).orElse(reason)), e);
        }
        return listener.applied();
    }

    /**
     * Refuses, before anything is written, a rollback to {@code tag} that would meet a changeset Liquibase cannot
     * undo ({@link #refuseRollbackThatCannotRun}).
     */
    public void refuseRollbackToTagThatCannotRun(String tag) throws MigrationException {
        refuseRollbackThatCannotRun((ran, changeLog) -> new AfterTagChangeSetFilter(tag, ran, TagVersionEnum.OLDEST,
                changeLog));
    }

    /** The same for a rollback of the last {@code count} applied changesets. */
    public void refuseRollbackCountThatCannotRun(int count) throws MigrationException {
        refuseRollbackThatCannotRun((ran, changeLog) -> new CountChangeSetFilter(count));
    }

    /** Which of the applied changesets a rollback undoes, as Liquibase's rollback command picks them. */
    private interface RollbackSelection {
        ChangeSetFilter of(List<RanChangeSet> ran, DatabaseChangeLog changeLog) throws Exception;
    }

    /**
     * The changesets the rollback would undo, picked as Liquibase's rollback picks them (its iterator, its filters, in
     * its order: newest first), read without writing: the first Liquibase cannot undo (no {@code rollback:} block and
     * a change it has no inverse for: {@code sql}, a custom change without a rollback) is refused as the rollback
     * itself would refuse it on reaching it (the same {@link ChangeSetRollbackFailed}, naming it and its file), but
     * before the snapshot, the run's record or any changeset undone. Liquibase checks each changeset only as it
     * reaches it, after undoing the newer ones.
     */
    private void refuseRollbackThatCannotRun(RollbackSelection selection) throws MigrationException {
        database.readWithoutWriting(readable -> {
            try (Connection connection = readable.open()) {
                return LiquibaseScope.run(changelog, () -> {
                    DatabaseChangeLog changeLog = changelog.parse();
                    Database liquibaseDatabase = LiquibaseScope.databaseOn(connection);
                    // Read only: the history service creates or upgrades its table at init(), which this never calls.
                    List<RanChangeSet> ran = liquibaseDatabase.getRanChangeSetList();
                    RollbackListVisitor undone = new RollbackListVisitor(); // newest first, as the rollback meets them
                    new ChangeLogIterator(ran, changeLog, new AlreadyRanChangeSetFilter(ran),
                            new ContextChangeSetFilter(new Contexts()), new LabelChangeSetFilter(new LabelExpression()),
                            new IgnoreChangeSetFilter(), new DbmsChangeSetFilter(liquibaseDatabase),
                            selection.of(ran, changeLog)).run(undone,
                            new RuntimeEnvironment(liquibaseDatabase, new Contexts(), new LabelExpression()));
                    for (ChangeSet changeSet : undone.getSeenChangeSets()) {
                        if (!changeSet.supportsRollback(liquibaseDatabase)) {
                            throw new ChangeSetRollbackFailed(new FailedChangeSet(changeSet.getId(),
                                    changeSet.getFilePath(), noRollback(changeSet)), null);
                        }
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw historyUnreadable(e);
            }
        });
    }

    /**
     * Why {@code changeSet}'s rollback failed when the reason is that Liquibase has no inverse for its changes
     * ({@code error} caused by its {@code RollbackImpossibleException}): {@link #noRollback}, in a changelog's words.
     * Empty for any other failure, whose own reason says why. The command's message and the run's record of the step
     * ({@link RecordingChangeExecListener#rollbackFailed}) both say it so.
     */
    static Optional<String> cannotUndo(ChangeSet changeSet, Throwable error) {
        return Causes.first(error, RollbackImpossibleException.class).map(impossible -> noRollback(changeSet));
    }

    /**
     * Why a changeset without a {@code rollback:} cannot be rolled back, in a changelog's words: Liquibase says "No
     * inverse to liquibase.change.core.RawSQLChange created", a class name the operator never wrote.
     */
    private static String noRollback(ChangeSet changeSet) {
        ChangeFactory changes = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
        String written = changeSet.getChanges().stream().map(change -> changes.getChangeMetaData(change).getName())
                .distinct().collect(Collectors.joining(", "));
        return "it has no rollback, and Liquibase cannot undo its changes (" + written + ") by itself: give the "
                + "changeset a rollback: block (see docs/writing-migrations.md)";
    }

    /**
     * The SQL an update would run, without running it. Custom (Java) changes do not
     * appear as SQL: each writes a comment saying what it would do. Liquibase creates its
     * tracking tables even for this, so callers run it on a copy (see UpdateSqlPreview).
     * Liquibase ignores preconditions when it only prints SQL, so its script would create
     * tables that {@code update} marks as ran; here every precondition is evaluated
     * (read-only) and a changeset that would be marked as ran is only a comment saying why.
     */
    public String updateSql() throws MigrationException {
        return onConnection(connection -> {
            Liquibase liquibase = liquibase(connection);
            PreviewChangeExecListener.prepare(liquibase);
            StringWriter sql = new StringWriter();
            liquibase.update(new Contexts(), new LabelExpression(), sql);
            return sql.toString();
        });
    }

    /**
     * Runs {@code work} in the changelog's Liquibase scope, on a new connection to the database: on a server as
     * one transaction ({@link OneTransaction}); on an SQLite file, whose envelope's snapshot makes a write all or
     * nothing, watched for a full disk that Liquibase's own rollback would hide ({@link DiskFullWitness}).
     */
    private <T> T onConnection(OneTransaction.Work<T> work) throws MigrationException {
        return LiquibaseScope.run(changelog, () -> {
            try (Connection opened = database.open()) {
                if (!(database instanceof SqliteDatabase)) {
                    return OneTransaction.around(opened, work);
                }
                DiskFullWitness witness = new DiskFullWitness();
                try {
                    return work.run(witness.watch(opened));
                } catch (Exception e) {
                    witness.addTo(e);
                    throw e;
                }
            }
        });
    }

    private Liquibase liquibase(Connection connection) throws Exception {
        return new Liquibase(changelog.path(), changelog.resources(), LiquibaseScope.databaseOn(connection));
    }
}
