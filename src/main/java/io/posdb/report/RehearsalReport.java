package io.posdb.report;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.PendingChangeSet;
import java.util.List;

/**
 * What {@code PosDatabaseMaintenance.rehearse} saw on its copy of the database: the changesets that
 * were pending, what the upgrade applied, and whether the upgrade and Hibernate's validation passed;
 * {@code error} says what failed when {@code upgraded} or {@code valid} is false, else it is null.
 * A failed rehearsal is a report, not an exception: the caller shows what it saw before the failure.
 */
public record RehearsalReport(String database, List<PendingChangeSet> pending, List<AppliedChangeSet> applied,
                              boolean upgraded, boolean valid, String error) {

    public RehearsalReport {
        pending = List.copyOf(pending);
        applied = List.copyOf(applied);
    }

    /** True when the real upgrade would succeed: it applied everything and the schema validated. */
    public boolean passed() {
        return upgraded && valid;
    }
}
