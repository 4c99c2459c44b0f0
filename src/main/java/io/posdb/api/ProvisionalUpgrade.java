package io.posdb.api;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.Engine;
import io.posdb.database.LockHolders;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.sql.Jdbc;
import io.posdb.upgrade.DatabaseBootstrap;
import io.posdb.upgrade.sqlite.StoppedUpgrades;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade that stands only once the application has started on it: for a framework that builds
 * Hibernate itself (Spring Boot's JPA, through posdb's starter), where {@link PosDatabase#boot}'s own
 * validation inside the upgrade is not possible. On an SQLite file that this upgrade changed, the file
 * stays upgraded but undecided, its snapshot kept and its upgrade lock held, until the application
 * {@link #confirm confirms}; {@link #close closed} unconfirmed (the startup failed: Hibernate refused the
 * entities, strict schema refused drift, a bean failed), the snapshot is put back exactly as a failed
 * changeset's would be, and the run is recorded as restored. So the application's schema check belongs to
 * the upgrade's all or nothing, as {@code PosDatabase.boot}'s does.
 *
 * <p>The upgrade runs on a thread of its own, which waits inside posdb's upgrade envelope for the decision:
 * that is what keeps the lock, the snapshot and the run's record exactly as every other upgrade has them,
 * and what a {@code kill -9} before the decision leaves (the marker, and the next boot restores the file). A SIGTERM
 * before the decision leaves the same, and says so ({@link StoppedUpgrades}): the stop decides first, so that the
 * startup going on meanwhile can neither confirm nor undo what the line said the next boot will restore.
 *
 * <p>Never a silent loss: if anything committed to the file after the upgrade (the application wrote a
 * row before its startup failed: SQLite's {@code PRAGMA data_version} moved), it is not undone; the upgrade
 * stays, and a WARN says so and names the snapshot kept. Nothing pending, or a server: nothing is held and
 * there is nothing to undo ({@link PosDatabase#boot} says the same of a server's changesets).
 */
public final class ProvisionalUpgrade implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProvisionalUpgrade.class);

    private final String description;
    /** The changesets applied, once the upgrade is waiting for the decision (or has ended with nothing to decide). */
    private final CompletableFuture<List<AppliedChangeSet>> applied = new CompletableFuture<>();
    /** Whether the upgrade stands, is undone, or is left to the next boot by the process's stop. */
    private final CompletableFuture<Verdict> decision = new CompletableFuture<>();
    /** The upgrade's end: normally, or with the failure (a refused upgrade, or the undo's restore). */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /** What becomes of the upgrade. */
    private enum Verdict {
        /** The application started on it: the run is recorded, the marker goes. */
        STANDS,
        /** The application did not start: the snapshot is put back (unless the file was written to meanwhile). */
        UNDONE,
        /**
         * The process began to stop before the application decided (SIGTERM during its startup): nothing more is
         * done to the file, the marker stays, and the next boot restores it, as its stop line says
         * ({@link StoppedUpgrades}) and as after a kill. Decided by the stop, so that neither the startup going on
         * meanwhile nor its close contradicts that line: a confirm is refused, a close does nothing.
         */
        LEFT_TO_THE_NEXT_BOOT
    }

    /**
     * What a {@link #close} unconfirmed did to the file: what its log line says, for a caller that reports the failed
     * startup (Spring Boot's failure analysis) in the same words, not a second guess.
     */
    public enum Undo {
        /** Nothing to undo: nothing was applied, the database is a server, or the upgrade was confirmed. */
        NOTHING_TO_UNDO,
        /** The snapshot was put back: the file is as before the upgrade, and the next start upgrades it again. */
        RESTORED,
        /** The application wrote to the file first: the upgrade stands, the snapshot before it is kept beside it. */
        KEPT_WRITTEN_TO,
        /** A connection of the application's was still open on the file: the upgrade stands, its snapshot kept. */
        KEPT_STILL_OPEN,
        /** The undo failed (its ERROR says why); the marker stays, and the next boot restores the file. */
        FAILED,
        /** The process began to stop first: the next boot restores the file from its snapshot. */
        LEFT_TO_THE_NEXT_BOOT
    }

    /** What the undo did, once the upgrade has ended after an unconfirmed close; read by {@link #undo()}. */
    private volatile Undo undo = Undo.NOTHING_TO_UNDO;

    /**
     * How long the stop waits for an upgrade decided just before it (its record, or the snapshot put back) before
     * saying whether its marker is still there: bounded, as a stop must end.
     */
    private static final Duration DECIDED_END_WAIT = Duration.ofSeconds(30);

    private ProvisionalUpgrade(String description) {
        this.description = description;
    }

    /** Runs the upgrade and returns once it is applied and waiting, or refused (thrown, the database as it was). */
    static ProvisionalUpgrade start(PosDatabaseSettings settings) throws PosDatabaseException {
        ProvisionalUpgrade upgrade = new ProvisionalUpgrade(settings.database().description());
        if (settings.database().engine() != Engine.SQLITE) {
            upgrade.applied.complete(PosDatabase.upgrade(settings));
            upgrade.decision.complete(Verdict.STANDS);
            upgrade.finished.complete(null);
            return upgrade;
        }
        Runnable noLongerSettled = StoppedUpgrades.settledAtStop(upgrade::settleAtStop);
        upgrade.finished.whenComplete((ended, failure) -> noLongerSettled.run());
        Thread thread = new Thread(() -> upgrade.run(settings), "posdb-upgrade");
        // Not kept alive for the decision: a process that exits undecided leaves the marker, and the next
        // boot restores the file, as after a kill.
        thread.setDaemon(true);
        thread.start();
        try {
            upgrade.applied.get();
        } catch (ExecutionException e) {
            throw (PosDatabaseException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upgrade.close();
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Interrupted while upgrading " + upgrade.description, e);
        }
        return upgrade;
    }

    private void run(PosDatabaseSettings settings) {
        try {
            DatabaseBootstrap.upgradeForBoot(settings.database(), settings, changeSets -> {
                if (changeSets.isEmpty()) { // nothing applied: nothing to hold, nothing to undo
                    decision.complete(Verdict.STANDS);
                    applied.complete(changeSets);
                } else {
                    awaitDecision(settings, changeSets);
                }
                return () -> { };
            });
            finished.complete(null);
        } catch (PosDatabaseException | RuntimeException | Error e) {
            PosDatabaseException failure = e instanceof PosDatabaseException typed ? typed : new PosDatabaseException(
                    BootFailure.MIGRATION_FAILED, "Upgrade of " + description + " failed: " + FailureReason.of(e), e);
            applied.completeExceptionally(failure);
            finished.completeExceptionally(failure);
        }
    }

    /**
     * Inside the envelope, the upgrade written and its snapshot kept: waits for the decision. An undo throws, which
     * the envelope answers with the restore; it stands instead if anything committed to the file meanwhile.
     */
    private void awaitDecision(PosDatabaseSettings settings, List<AppliedChangeSet> changeSets) throws PosDatabaseException {
        try (Connection watch = settings.database().open()) {
            long before = dataVersion(watch);
            applied.complete(changeSets);
            Verdict verdict = decision.join();
            if (verdict == Verdict.LEFT_TO_THE_NEXT_BOOT) {
                // The process is stopping: not a write more, nor the end of the envelope, which would record the run
                // and remove the marker. This daemon thread waits here for the JVM to halt.
                new CompletableFuture<Void>().join();
            }
            if (verdict == Verdict.STANDS) {
                return;
            }
            if (dataVersion(watch) != before) {
                undo = Undo.KEPT_WRITTEN_TO;
                log.warn("The application did not start on the upgraded {}, but wrote to it first: the upgrade "
                        + "is not undone, so that nothing it wrote is lost (the file before the upgrade is in its "
                        + "snapshot beside it)", description);
                return;
            }
        } catch (SQLException e) {
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Cannot watch the upgraded " + description
                    + " for the application's writes: " + FailureReason.of(e), e);
        }
        // The watch is closed: a descriptor on the file now is a connection of the application's that close() came
        // before (its pool, its EntityManagerFactory). The restore would run under it, which neither SQLite's locks
        // nor DatabaseInUse can see in this process, and its last close would write its -wal into the restored file.
        if (settings.database() instanceof SqliteDatabase sqlite && LockHolders.openInThisProcess(sqlite.file())) {
            undo = Undo.KEPT_STILL_OPEN;
            log.error("The application did not start on the upgraded {}, but ProvisionalUpgrade.close() came before "
                    + "it closed what it opened on the file (a DataSource, an EntityManagerFactory: a connection is "
                    + "still open): the upgrade is not undone under it, which that connection could overwrite (the "
                    + "file before the upgrade is in its snapshot beside it). Close them first, then the upgrade",
                    description);
            return;
        }
        throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "The application did not start on the upgraded "
                + description);
    }

    /** SQLite's count of commits by other connections, as this connection sees it. */
    private static long dataVersion(Connection connection) throws SQLException {
        return Jdbc.rows(connection, "PRAGMA data_version", List.of(), rs -> rs.getLong(1)).get(0);
    }

    /** The changesets this upgrade applied; empty when the database was up to date. */
    public List<AppliedChangeSet> applied() {
        return applied.join();
    }

    /**
     * The application started on the upgraded database: the upgrade stands (its run recorded, the snapshot kept or
     * let go as after any upgrade, the lock released). Throws if even that fails. Waits for that end even when the
     * calling thread is interrupted (Spring interrupts a startup it closes at SIGTERM), keeping the interrupt: the
     * decision is taken, and a failure reported for an upgrade that stands would say the opposite of the file.
     *
     * @throws IllegalStateException after {@link #close}, which decided it already (undone); or if the process began
     *                               to stop first: the upgrade was left to the next boot, which restores the file from
     *                               its snapshot (the stop's line said so)
     */
    public void confirm() throws PosDatabaseException {
        decision.complete(Verdict.STANDS);
        Verdict verdict = decision.join();
        if (verdict == Verdict.LEFT_TO_THE_NEXT_BOOT && !applied.join().isEmpty()) {
            throw new IllegalStateException("The process is stopping: the upgrade of " + description + " is left"
                    + " undecided, and the next boot restores the file from its snapshot");
        }
        if (verdict == Verdict.UNDONE) {
            // Closed first: the upgrade was undone (or stood only for what was written meanwhile); a confirm now
            // would report success for an upgrade that is gone.
            throw new IllegalStateException("The upgrade of " + description + " was closed unconfirmed, which "
                    + "decided it (undone, as the log says); confirm() must come before close(), once the application "
                    + "has started on the upgraded database");
        }
        awaitEnd();
    }

    /**
     * Unconfirmed, undoes the upgrade (the snapshot put back, the run recorded as restored) and logs the outcome at
     * ERROR (the file restored, or why it could not be);
     * confirmed, does nothing. Whatever the application opened on the file must be closed first: the restore
     * needs no connection open on it, and with one still open in this process (seen on Linux, {@code /proc/self/fd})
     * the upgrade is not undone, and an ERROR says why. Never throws: it runs on a startup that has already failed.
     * {@link #confirm} after it is refused.
     */
    @Override
    public void close() {
        if (!decision.complete(Verdict.UNDONE)) {
            if (decision.join() == Verdict.LEFT_TO_THE_NEXT_BOOT && !applied.join().isEmpty()) {
                undo = Undo.LEFT_TO_THE_NEXT_BOOT;
            }
            return; // confirmed, or left to the next boot by the process's stop
        }
        try {
            awaitEnd(); // ended normally: nothing applied, or the upgrade stands (written to, or a connection open)
        } catch (PosDatabaseException e) {
            // The envelope says whether it put the snapshot back (RESTORED), or why it could not.
            undo = e.after() == AfterFailure.RESTORED ? Undo.RESTORED : Undo.FAILED;
            log.error("posdb: {}", e.getMessage());
        }
    }

    /**
     * What {@link #close} did to the file, as its log line says: {@link Undo#NOTHING_TO_UNDO} before it, after a
     * confirm, or when nothing was applied.
     */
    public Undo undo() {
        return undo;
    }

    /**
     * The upgrade's end once decided: moments long (the run's record, or the snapshot put back), and not to be cut
     * short by an interrupt, which CompletableFuture.join ignores (and keeps).
     */
    private void awaitEnd() throws PosDatabaseException {
        try {
            finished.join();
        } catch (CompletionException e) {
            throw (PosDatabaseException) e.getCause();
        }
    }

    /**
     * At the process's stop, before its line is said ({@link StoppedUpgrades}): undecided, the upgrade is left to the
     * next boot; decided, its end is waited for (bounded), so that the marker the line looks at is the one it leaves.
     */
    private void settleAtStop() {
        if (decision.complete(Verdict.LEFT_TO_THE_NEXT_BOOT)) {
            return;
        }
        try {
            finished.get(DECIDED_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Said as the marker then is: the upgrade's own failure is logged by whoever decided it.
        }
    }
}
