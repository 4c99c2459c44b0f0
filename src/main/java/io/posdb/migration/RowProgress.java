package io.posdb.migration;

import liquibase.Scope;

/**
 * How far a long data change is, for the caller's progress listener (issue 22 §4). The caller (posdb's
 * runner) puts a {@link Sink} into the Liquibase scope the changes run in ({@link #SCOPE_VALUE}), the
 * Liquibase way of handing plumbing to custom changes: no static state, and a change run by Liquibase's own
 * tools, or building a scratch database, finds none and reports to nobody. A change asks for one counter
 * per run ({@link #start}) and tells it how far it is; the counter sends at most every
 * {@value #INTERVAL_MILLIS} ms ({@link #advanceTo}) or at each of its coarse steps ({@link #reached}).
 */
public final class RowProgress {

    /** The Liquibase scope value holding the {@link Sink}. */
    public static final String SCOPE_VALUE = "posdb.rowProgress";
    /** Matches {@code io.posdb.report.UpgradeProgress.ROWS_INTERVAL_MILLIS} (this package may not use it). */
    public static final long INTERVAL_MILLIS = 250;

    /** Where the counts go; {@code elapsedNanos} since the counter started. */
    public interface Sink {
        void rows(long done, long total, long elapsedNanos);
    }

    private final Sink sink;
    private final long total;
    private final long started = System.nanoTime();
    private long lastSent = started;
    private long lastDone = -1;

    private RowProgress(Sink sink, long total) {
        this.sink = sink;
        this.total = total;
    }

    /** A counter of {@code total} rows for the change running now (reporting to nobody outside posdb's runner). */
    public static RowProgress start(long total) {
        return new RowProgress(Scope.getCurrentScope().get(SCOPE_VALUE, Sink.class), total);
    }

    /** {@code done} rows so far: sent if {@value #INTERVAL_MILLIS} ms passed since the last count sent, or all are done. */
    public void advanceTo(long done) {
        if (sink == null) {
            return;
        }
        long now = System.nanoTime();
        if (done >= total || now - lastSent >= INTERVAL_MILLIS * 1_000_000L) {
            send(done, now);
        }
    }

    /** {@code done} rows so far, sent now: a step of a set-based run, already coarse. */
    public void reached(long done) {
        if (sink != null) {
            send(done, System.nanoTime());
        }
    }

    private void send(long done, long now) {
        long clamped = Math.min(total, done);
        if (clamped <= lastDone) {
            return; // done only grows, and the same count twice says nothing
        }
        lastDone = clamped;
        lastSent = now;
        sink.rows(clamped, total, now - started);
    }
}
