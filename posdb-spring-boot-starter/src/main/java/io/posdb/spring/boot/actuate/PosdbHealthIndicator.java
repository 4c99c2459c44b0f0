package io.posdb.spring.boot.actuate;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.drift.DriftReport;
import io.posdb.failure.PosDatabaseException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health {@code posdb}: UP when the database has every changeset of this release, no edited changeset, no
 * schema drift, and nothing a newer release wrote that the startup would refuse (its changesets all recorded
 * compatible, or {@code posdb.allow-newer-database}: the service started on them, and they are named in
 * {@code newerDatabase}); DOWN otherwise, with the changesets or differences as details (the startup's refusal of a
 * newer database in {@code refused}); DOWN with kind MISSING_DATABASE when the file
 * the service booted is gone (moved or deleted: never recreated empty by the check). The checks are posdb's read-only
 * ones ({@link PosDatabaseChecks}): the plan {@code posdb status} reports and boot's drift check
 * (settled by a fingerprint when the schema is the recorded one). The details name the database by
 * its description (a file, or a URL without credentials) and give posdb's messages, never a password.
 */
public class PosdbHealthIndicator implements HealthIndicator {

    private final PosDatabaseSettings settings;

    public PosdbHealthIndicator(PosDatabaseSettings settings) {
        this.settings = settings;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("database", settings.database().description())
                .withDetail("release", PosDatabase.release());
        try {
            // The service booted it: a file gone since is the shop missing, not a new database with all pending
            // (and the read checks create no empty file in its place).
            PosDatabaseChecks.requireExisting(settings);
            MigrationPlan plan = PosDatabaseChecks.plan(settings);
            if (!plan.pending().isEmpty()) {
                health.down().withDetail("pending", plan.pending().stream().map(PendingChangeSet::id).toList());
            }
            if (!plan.unknown().isEmpty()) {
                health.withDetail("newerDatabase", plan.unknown().stream().map(HistoryEntry::id).toList());
                try {
                    // The startup's own guard decides: a newer release's changesets all recorded compatible (or
                    // allow-newer-database) started the service, and a load balancer must not take it out.
                    PosDatabaseChecks.refuseNewerOrEditedSilently(plan, settings);
                } catch (PosDatabaseException refused) {
                    health.down().withDetail("refused", refused.getMessage());
                }
            }
            if (!plan.modified().isEmpty()) {
                health.down().withDetail("editedAfterApplied", plan.modified().stream().map(ManifestEntry::id).toList());
            }
            DriftReport drift = PosDatabaseChecks.drift(settings);
            if (drift.drift()) {
                health.down().withDetail("drift", drift.differences());
            }
        } catch (PosDatabaseException e) {
            // posdb's message names the database by its description (no credentials); not the driver's exception.
            health.down().withDetail("error", e.getMessage()).withDetail("kind", e.kind().name());
        }
        return health.build();
    }
}
