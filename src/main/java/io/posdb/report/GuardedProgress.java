package io.posdb.report;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller's {@link UpgradeProgress} as the upgrade calls it: a listener that throws is logged (WARN, with
 * its cause) and the upgrade goes on, so a splash screen's bug can neither fail an upgrade nor, thrown
 * inside a changeset, roll it back.
 */
record GuardedProgress(UpgradeProgress listener) implements UpgradeProgress {

    private static final Logger log = LoggerFactory.getLogger(GuardedProgress.class);

    private void call(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("The progress listener failed on {}; the work goes on: {}", event, e.getMessage(), e);
        }
    }

    @Override
    public void plan(String operation, List<String> changesets) {
        call("plan", () -> listener.plan(operation, changesets));
    }

    @Override
    public void changesetStarted(String changesetId) {
        call("changeset started", () -> listener.changesetStarted(changesetId));
    }

    @Override
    public void changesetFinished(String changesetId, String outcome, long durationMillis) {
        call("changeset finished", () -> listener.changesetFinished(changesetId, outcome, durationMillis));
    }

    @Override
    public void rows(String changesetId, long done, long total, Long estimatedMillisLeft) {
        call("rows", () -> listener.rows(changesetId, done, total, estimatedMillisLeft));
    }

    @Override
    public void restoreStarted(String snapshot) {
        call("restore started", () -> listener.restoreStarted(snapshot));
    }

    @Override
    public void restoreFinished(String snapshot) {
        call("restore finished", () -> listener.restoreFinished(snapshot));
    }
}
