package io.posdb.runs;

import static io.posdb.runs.UpgradeRuns.RUN;
import static io.posdb.runs.UpgradeRuns.STEP;

import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.Release;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.database.HostName;
import io.posdb.database.TillDatabase;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.sql.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the record of one upgrade or rollback: a {@code started} row before the first changeset,
 * each changeset as Liquibase hands it over ({@link #accept}: kept in memory, the changesets'
 * transactions hold the file), and the whole record at the end, replacing the started row.
 *
 * <p>On SQLite the started row is in the file the snapshot is restored over, so a failed or killed
 * attempt loses it with the rest: the envelope writes the record again after the restore. For a
 * killed attempt, the run's facts (id, operation, when, releases, host, pid) are written into the
 * upgrade marker with the snapshot's name ({@link #markerFacts}); the marker is what survives a
 * kill, and the restore that reads it completes the record ({@link #writeKilled}). So the started
 * row itself is only what an attempt in progress looks like.
 *
 * <p>The record is bookkeeping: failing to write it is logged (WARN; the stack trace too unless the place is
 * at fault, a full disk say, which gets one line) and does not fail an upgrade that worked, nor hide the
 * failure of one that did not; a failed one's message says when its record could not be kept.
 */
public final class UpgradeRunRecorder implements Consumer<UpgradeStep> {

    private static final Logger log = LoggerFactory.getLogger(UpgradeRunRecorder.class);

    /**
     * The record's tables, created as Liquibase creates its own (CREATE TABLE IF NOT EXISTS, outside the
     * changelog) with one text for SQLite and PostgreSQL. Timestamps are ISO-8601 UTC text, so both engines
     * read them back alike.
     */
    private static final String CREATE_RUN = "CREATE TABLE IF NOT EXISTS " + RUN + " ("
            + "id VARCHAR(36) NOT NULL PRIMARY KEY, "
            + "operation VARCHAR(20) NOT NULL, "
            + "started_at VARCHAR(40) NOT NULL, "
            + "finished_at VARCHAR(40), "
            + "release_from VARCHAR(40), "
            + "release_to VARCHAR(40), "
            + "outcome VARCHAR(20) NOT NULL, "
            + "host VARCHAR(255), "
            + "pid BIGINT, "
            + "message TEXT)";
    private static final String CREATE_STEP = "CREATE TABLE IF NOT EXISTS " + STEP + " ("
            + "run_id VARCHAR(36) NOT NULL REFERENCES " + RUN + " (id), "
            + "seq INTEGER NOT NULL, "
            + "changeset_id VARCHAR(255) NOT NULL, "
            + "author VARCHAR(255), "
            + "file VARCHAR(255), "
            + "started_at VARCHAR(40), "
            + "duration_ms BIGINT, "
            + "rows_changed BIGINT, "
            + "outcome VARCHAR(20) NOT NULL, "
            + "message TEXT, "
            + "named_rows TEXT, "
            + "PRIMARY KEY (run_id, seq))";

    /**
     * The marker's facts naming an interrupted rollback's target as its command gave it (the tag, or the number of
     * changesets), so that the way on can be the same command exactly ({@link InterruptedRun#rollbackArguments}).
     * Written by the rollback itself ({@code DatabaseRollback}); a marker an older release wrote has neither.
     */
    public static final String ROLLBACK_TAG = "run.rollback_tag";
    public static final String ROLLBACK_COUNT = "run.rollback_count";

    private final UpgradeRun started;
    private final List<UpgradeStep> steps = new ArrayList<>();

    private UpgradeRunRecorder(UpgradeRun started) {
        this.started = started;
    }

    /**
     * A new run of {@code operation} on {@code database}, starting now: its release before is read from
     * Liquibase's history (none when the database does not exist yet: it is not opened, which would
     * create an SQLite file); an upgrade aims at this build's release.
     */
    public static UpgradeRunRecorder start(TillDatabase database, String operation, boolean databaseExists) {
        String from = databaseExists ? releaseOf(database).orElse(null) : null;
        String to = operation.equals(UpgradeRun.UPGRADE) ? ReleaseLabels.releaseOf(Release.current()) : null;
        return new UpgradeRunRecorder(new UpgradeRun(UUID.randomUUID().toString(), operation,
                Instant.now().toString(), null, from, to, UpgradeRun.STARTED, HostName.value(), ProcessHandle.current().pid(),
                null, List.of()));
    }

    public String id() {
        return started.id();
    }

    @Override
    public void accept(UpgradeStep step) {
        steps.add(step);
    }

    /**
     * Why the run failed, as its record says it: the last changeset that failed with its whole message, named as the
     * command's message names it (an upgrade's "changeset …", a rollback's "the rollback of changeset …", a
     * downgrade's "the undo of changeset …"), else {@code otherwise} (nothing failed inside a changeset).
     */
    public String whyFailed(String otherwise) {
        String what = switch (started.operation()) {
            case UpgradeRun.ROLLBACK -> "the rollback of changeset ";
            case UpgradeRun.DOWNGRADE -> "the undo of changeset ";
            default -> "changeset ";
        };
        return steps.stream().filter(s -> s.outcome().equals(UpgradeStep.FAILED)).reduce((a, b) -> b)
                .map(step -> what + step.changesetId() + " (" + step.file() + ") failed: " + step.message())
                .orElse(otherwise);
    }

    /**
     * The operation an interrupted attempt's marker names: its facts' ({@link #markerFacts}) "upgrade",
     * "rollback", "downgrade"; for an older marker without them, a rollback when its snapshot
     * ({@code snapshot}, null: none) is a rollback's, else an upgrade.
     */
    public static String operationOf(Map<String, String> facts, String snapshot) {
        return facts.getOrDefault("run.operation",
                snapshot != null && snapshot.endsWith(".before-rollback.snapshot") ? UpgradeRun.ROLLBACK
                        : UpgradeRun.UPGRADE);
    }

    /** The run's facts as the upgrade marker keeps them (keys {@code run.*}), so a restore can name the run. */
    public Map<String, String> markerFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("run.id", started.id());
        facts.put("run.operation", started.operation());
        facts.put("run.started_at", started.startedAt());
        facts.put("run.release_from", started.releaseFrom());
        facts.put("run.release_to", started.releaseTo());
        facts.put("run.host", started.host());
        facts.put("run.pid", String.valueOf(started.pid()));
        facts.values().removeIf(Objects::isNull); // a fact not known is left out, not written as "null"
        return facts;
    }

    /** The started row: what an attempt in progress looks like. Empty when written, else why not (logged). */
    public Optional<SQLException> writeStarted(TillDatabase database) {
        return write(database, started);
    }

    /**
     * The whole record: {@code outcome}, when it finished, the release the database carries now (an
     * applied run) or the one aimed at (a failed one), the message, and each changeset handed over. Empty when
     * written, else why not (logged already), for a failure's message to say so.
     */
    public Optional<SQLException> writeFinished(TillDatabase database, String outcome, String message) {
        String to = outcome.equals(UpgradeRun.APPLIED) ? releaseOf(database).orElse(started.releaseTo())
                : started.releaseTo();
        return write(database, new UpgradeRun(started.id(), started.operation(), started.startedAt(),
                Instant.now().toString(), started.releaseFrom(), to, outcome, started.host(), started.pid(), message,
                steps));
    }

    /**
     * Completes, after the restore, the record of an attempt that died: the run the marker's facts name
     * (an older marker has none: the marker's own time stands for the start), restored to {@code snapshot}.
     */
    public static void writeKilled(TillDatabase database, Map<String, String> facts, Instant markedAt,
                                   String snapshot) {
        String operation = operationOf(facts, snapshot);
        String pid = facts.get("run.pid");
        String host = facts.get("run.host");
        // A stop (SIGTERM: systemctl stop, a service manager's start timeout, Ctrl-C) leaves the same marker as a kill
        // or a power cut, and its shutdown hook cannot write to the file the upgrade is still writing: the record
        // says which ends it may have been, not "killed", which reads as a crash.
        String message = "interrupted (killed or stopped) during the " + operation + " (process "
                + (pid == null ? "unknown" : pid) + (host == null ? "" : " on " + host) + "): a kill, a power cut or a "
                + "stop (SIGTERM: systemctl stop, Ctrl-C) ended it before it finished; restored to "
                + (snapshot == null ? "its state before the " + operation : snapshot)
                + " by the next posdb command that wrote to it (a boot, or another), process "
                + ProcessHandle.current().pid() + " on " + HostName.value();
        write(database, new UpgradeRun(facts.getOrDefault("run.id", UUID.randomUUID().toString()), operation,
                facts.getOrDefault("run.started_at", markedAt.toString()), Instant.now().toString(),
                facts.get("run.release_from"), facts.get("run.release_to"), UpgradeRun.KILLED_RESTORED, host,
                pid == null ? null : Long.valueOf(pid), message, List.of()));
    }

    /**
     * On a server: runs that are still {@code started} when an upgrade holds the advisory lock were
     * left by a till that died (PostgreSQL released its lock with its session): they are marked
     * {@code killed}. Reads only when the record exists; writes only when such a run is there.
     */
    public static void markAbandoned(Connection lockSession) {
        try {
            if (UpgradeRuns.kept(lockSession)) {
                update(lockSession, "UPDATE " + RUN + " SET outcome = ?, finished_at = ?, message = ? WHERE outcome = ?",
                        UpgradeRun.KILLED, Instant.now().toString(), "the till died during the attempt (PostgreSQL rolled "
                                + "its one transaction back with its session: nothing of it stays); found "
                                + "unfinished by process " + ProcessHandle.current().pid() + " on " + HostName.value(),
                        UpgradeRun.STARTED);
            }
        } catch (SQLException e) {
            log.warn("Cannot mark the unfinished upgrade runs as killed: {}", e.getMessage(), e);
        }
    }

    /** Writes {@code run}; empty when it was written, else why not (logged already). */
    private static Optional<SQLException> write(TillDatabase database, UpgradeRun run) {
        try (Connection connection = database.open()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                update(connection, CREATE_RUN);
                update(connection, CREATE_STEP);
                update(connection, "DELETE FROM " + STEP + " WHERE run_id = ?", run.id());
                update(connection, "DELETE FROM " + RUN + " WHERE id = ?", run.id());
                insert(connection, run);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                // SQLite ends the transaction itself on SQLITE_FULL, and then refuses the rollback and the
                // return to auto-commit ("no transaction is active"): the first error is the one that says why.
                Jdbc.rollBackAfter(connection, e);
                try {
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException restore) {
                    e.addSuppressed(restore);
                }
                throw e;
            }
            connection.setAutoCommit(autoCommit);
            return Optional.empty();
        } catch (SQLException e) {
            logNotRecorded(database, run, e);
            return Optional.of(e);
        }
    }

    /**
     * A disk that is full or read-only, or a file another program holds, is the place's failure, which the
     * command reports itself: one line here, the stack trace only at DEBUG. Anything else keeps it at WARN.
     */
    private static void logNotRecorded(TillDatabase database, UpgradeRun run, SQLException e) {
        Optional<Throwable> full = DatabaseFailures.diskFull(e);
        if (full.isPresent() || DatabaseFailures.placeFailure(e).isPresent()) {
            log.warn("Cannot record the {} run {} ({}) in {}: {}", run.operation(), run.id(), run.outcome(),
                    database.description(), full.map(f -> DatabaseFailures.diskFullReason(database, f))
                            .orElseGet(() -> FailureReason.of(e)));
            log.debug("Why the {} run {} was not recorded", run.operation(), run.id(), e);
        } else {
            log.warn("Cannot record the {} run {} ({}) in {}: {}", run.operation(), run.id(), run.outcome(),
                    database.description(), e.getMessage(), e);
        }
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, Arrays.asList(values))) {
            statement.executeUpdate();
        }
    }

    private static void insert(Connection connection, UpgradeRun run) throws SQLException {
        update(connection, "INSERT INTO " + RUN + " (id, operation, started_at, finished_at, release_from, release_to, "
                + "outcome, host, pid, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", run.id(), run.operation(),
                run.startedAt(), run.finishedAt(), run.releaseFrom(), run.releaseTo(), run.outcome(), run.host(),
                run.pid(), run.message());
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + STEP
                + " (run_id, seq, changeset_id, author, file, started_at, duration_ms, rows_changed, outcome, message, "
                + "named_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (UpgradeStep step : run.steps()) {
                // A value may be null (bound as SQL NULL of the column's type): Arrays.asList keeps it.
                Jdbc.bind(statement, Arrays.asList(run.id(), ++seq, step.changesetId(), step.author(),
                        step.file(), step.startedAt(), step.durationMs(), step.rowsChanged(), step.outcome(),
                        step.message(), step.namedRows().isEmpty() ? null
                                : String.join(UpgradeRuns.ROW_SEPARATOR, step.namedRows())));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The newest {@code release-X.Y} label among the applied changesets ("1.0"), empty for a new database. */
    static Optional<String> releaseOf(TillDatabase database) {
        try (Connection connection = database.open()) {
            return MigrationRecords.history(connection).stream().map(HistoryEntry::labels).map(ReleaseLabels::labelIn)
                    .flatMap(Optional::stream).reduce((newest, next) ->
                            ReleaseLabels.olderThan(ReleaseLabels.releaseOfLabel(newest), next) ? next : newest)
                    .map(ReleaseLabels::releaseOfLabel);
        } catch (SQLException e) {
            log.warn("Cannot read the release of {} for its upgrade record: {}", database.description(),
                    e.getMessage(), e);
            return Optional.empty();
        }
    }
}
