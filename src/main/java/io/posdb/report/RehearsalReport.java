package io.posdb.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.PendingChangeSet;
import java.util.List;

/**
 * What {@code PosDatabaseMaintenance.rehearse} saw on its copy of the database: the changesets that
 * were pending, what the upgrade applied, the schema drift boot's check finds on the upgraded copy, and
 * whether the upgrade and Hibernate's validation passed; {@code error} says what failed when
 * {@link #passed()} is false, in one line (a failed changeset: "Upgrade failed: changeset {@code id}
 * ({@code file}) failed: " and its cause, as {@code posdb rehearse} prints it; the temporary folder too full for the
 * copy's upgrade outside any changeset: "The temporary folder ...", naming it), else it is null. With
 * {@code strictSchema} (the setting boot refuses drift with) drift fails the rehearsal as it would refuse
 * the boot; without it drift is reported, as boot logs it at WARN, and the rehearsal still passes.
 * A failed rehearsal is a report, not an exception: the caller shows what it saw before the failure, the
 * changesets that were pending included.
 *
 * @param valid    whether Hibernate validated the upgraded copy; it runs only when {@code upgraded}, so false
 *                 without it says only that the upgrade failed
 * @param drift    each difference of the upgraded copy from what its applied changesets produce (as
 *                 {@code posdb drift} words it); the check runs only when {@code upgraded}: empty without it
 * @param failure  what threw when the upgrade or the validation failed, with its causes (Liquibase's, Hibernate's
 *                 error: the changeset that failed and why, for a log or a caller's report), which says the
 *                 kind of failure as any command's does ({@code DatabaseFailures.of}: a full temporary folder, where
 *                 the copy is upgraded, is NOT_WRITABLE, not a failed migration); null when nothing did (passed, or
 *                 refused for drift alone); not written to JSON, which {@code error} speaks for
 */
public record RehearsalReport(String database, List<PendingChangeSet> pending, List<AppliedChangeSet> applied,
                              boolean upgraded, boolean valid, String error, List<String> drift,
                              boolean strictSchema, @JsonIgnore Exception failure) {

    public RehearsalReport {
        pending = List.copyOf(pending);
        applied = List.copyOf(applied);
        drift = List.copyOf(drift);
    }

    /** True when the real upgrade would succeed: it applied everything, strict schema found no drift, the schema validated. */
    public boolean passed() {
        return upgraded && valid && !driftRefused();
    }

    /** True when the boot with the same settings would be refused for drift (strict schema, exit 12). */
    public boolean driftRefused() {
        return strictSchema && !drift.isEmpty();
    }
}
