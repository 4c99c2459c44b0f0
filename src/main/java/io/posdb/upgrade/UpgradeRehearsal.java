package io.posdb.upgrade;

import io.posdb.report.RehearsalReport;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.orm.HibernateSchema;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.upgrade.sqlite.TemporaryCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole upgrade on a copy of a shop's database, to see what it would do before
 * doing it: the original is only read (a consistent snapshot), the copy is deleted after.
 */
public record UpgradeRehearsal(SqliteDatabase original, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(UpgradeRehearsal.class);

    public RehearsalReport run() throws IOException {
        if (!Files.isRegularFile(original.file())) {
            throw new IOException("Database file " + original.file() + " does not exist");
        }
        // Closing deletes the copy, its lock file and any snapshot the upgrade took of it.
        try (TemporaryCopy copy = TemporaryCopy.of(original, "posdb-rehearsal-")) {
            log.info("Rehearsing the upgrade of {} on a copy: {}", original.file(), copy.file());
            return rehearse(copy.database());
        }
    }

    private RehearsalReport rehearse(SqliteDatabase copy) {
        String name = original.file().toString();
        List<PendingChangeSet> pending;
        List<AppliedChangeSet> applied;
        try {
            pending = new LiquibaseMigrations(copy, settings.changelog()).plan().pending();
            applied = DatabaseBootstrap.upgrade(copy, settings);
        } catch (MigrationException | PosDatabaseException e) {
            return new RehearsalReport(name, List.of(), List.of(), false, false, "Upgrade failed: " + FailureReason.of(e));
        }
        try (SessionFactory ignored = HibernateSchema.buildValidated(copy.dataSource())) {
            return new RehearsalReport(name, pending, applied, true, true, null);
        } catch (RuntimeException e) {
            return new RehearsalReport(name, pending, applied, true, false,
                    "Schema validation failed: " + HibernateSchema.describe(e));
        }
    }
}
