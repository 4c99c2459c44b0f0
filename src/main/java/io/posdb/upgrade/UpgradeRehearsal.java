package io.posdb.upgrade;

import io.posdb.report.RehearsalReport;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.orm.HibernateSchema;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.upgrade.sqlite.TemporaryCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole upgrade on a copy of a shop's database, to see what it would do before
 * doing it: the original is only read (a consistent snapshot), the copy is deleted after.
 * Boot's steps in boot's order: the upgrade, the drift check on the upgraded copy (refusing
 * with strict schema, as boot does), Hibernate's validation.
 */
public record UpgradeRehearsal(SqliteDatabase original, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(UpgradeRehearsal.class);

    public RehearsalReport run() throws IOException {
        if (!Files.isRegularFile(original.file())) {
            throw new IOException("Database file " + original.file() + " does not exist");
        }
        Optional<RehearsalReport> refused = refusedBeforeTheCopy();
        if (refused.isPresent()) {
            return refused.get();
        }
        // Closing deletes the copy, its lock file and any snapshot the upgrade took of it.
        try (TemporaryCopy copy = TemporaryCopy.of(original, "posdb-rehearsal-")) {
            // The copy's path is the last argument, after "on a copy: ": tests watching its folder find it there.
            log.info("Rehearsing the upgrade of {} on a copy: {} (removed afterwards, with the snapshot its upgrade "
                    + "takes)", original.file(), copy.file());
            return rehearse(copy);
        }
    }

    /**
     * What the copy's upgrade would refuse before its lock without writing, refused before the shop is copied (a
     * copy the shop's size, for nothing): a changelog Liquibase's validation refuses (the SQLite hazards), judged on
     * the shop's file read without writing, as boot judges it. The report is the one the copy's upgrade would give.
     * (A newer or edited database was refused before the rehearsal, as boot refuses it.)
     */
    private Optional<RehearsalReport> refusedBeforeTheCopy() {
        List<PendingChangeSet> pending = List.of();
        try {
            MigrationPlan plan = new LiquibaseMigrations(original, settings.changelog()).plan();
            pending = plan.pending();
            if (plan.needsLiquibase()) {
                DatabaseBootstrap.refuseAnInvalidChangelogBeforeRehearsing(original, settings);
            }
            return Optional.empty();
        } catch (MigrationException | PosDatabaseException e) {
            return Optional.of(upgradeFailed(pending, e));
        }
    }

    private RehearsalReport rehearse(TemporaryCopy temporaryCopy) {
        SqliteDatabase copy = temporaryCopy.database();
        String name = original.file().toString();
        boolean strict = settings.strictSchema();
        // What was pending stays in the report of an upgrade that failed: the operator reads what it was to apply.
        // The copy's plan is the one its upgrade reads under its lock and follows: planned once.
        AtomicReference<List<PendingChangeSet>> pending = new AtomicReference<>(List.of());
        List<AppliedChangeSet> applied;
        try {
            applied = DatabaseBootstrap.upgradeRehearsalCopy(copy, original.file(), settings,
                    plan -> pending.set(plan.pending()));
        } catch (PosDatabaseException e) {
            // The temporary folder full or read-only is no failed migration of the shop: said as that folder's.
            Optional<PosDatabaseException> place = temporaryCopy.refusedByTheTemporaryFolder("the rehearsal's upgrade "
                    + "of its copy of " + name + " (the snapshot it takes, what the changesets write)", e);
            if (place.isPresent()) {
                return new RehearsalReport(name, pending.get(), List.of(), false, false, place.get().getMessage(),
                        List.of(), strict, place.get());
            }
            return upgradeFailed(pending.get(), e);
        }
        List<String> drift = drift(copy);
        String driftError = strict && !drift.isEmpty() ? "Schema drift on the upgraded copy of " + name
                + " (strict schema: the boot would be refused, exit 12): " + String.join("; ", drift) : null;
        try (SessionFactory ignored = HibernateSchema.buildValidated(copy.dataSource(), Engine.SQLITE,
                settings.hibernateProperties())) {
            return new RehearsalReport(name, pending.get(), applied, true, true, driftError, drift, strict, null);
        } catch (RuntimeException e) {
            String invalid = "Schema validation failed: " + HibernateSchema.describe(e);
            return new RehearsalReport(name, pending.get(), applied, true, false,
                    driftError != null ? driftError + "; " + invalid : invalid, drift, strict, e);
        }
    }

    /** The report of an upgrade that failed, or was refused, with what it was to apply ({@code pending}). */
    private RehearsalReport upgradeFailed(List<PendingChangeSet> pending, Exception e) {
        // In a line, as the command line gives it (the changeset and its cause), not Liquibase's text over
        // several lines with its class names: an application shows it as it is. The exception keeps the rest.
        // Any other failure whole: a full disk's words come last, after the paths of the copy and its snapshot.
        String why = FailedChangeSet.in(e).isPresent() ? FailedChangeSet.inALine(e)
                : FailedChangeSet.plain(FailureReason.of(e));
        return new RehearsalReport(original.file().toString(), pending, List.of(), false, false,
                "Upgrade failed: " + why, List.of(), settings.strictSchema(), e);
    }

    /** Boot's drift check on the upgraded copy; a check that cannot run is a difference, as strict boot refuses it. */
    private List<String> drift(SqliteDatabase copy) {
        try {
            List<String> differences = new DriftCheck(copy, settings.changelog()).checkAtBoot().differences();
            if (!differences.isEmpty()) {
                log.warn("Schema drift on the upgraded copy: {} difference(s) from what the applied changesets "
                        + "produce: {}", differences.size(), String.join("; ", differences));
            }
            return differences;
        } catch (MigrationException e) {
            return List.of("the drift check could not run: " + FailureReason.of(e));
        }
    }
}
