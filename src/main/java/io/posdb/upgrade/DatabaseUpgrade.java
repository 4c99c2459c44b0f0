package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.changelog.Release;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.MigrationException;
import io.posdb.runner.LiquibaseMigrations;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one database up to this release's changelog, safely, inside the {@link UpgradeEnvelope}
 * (lock, checks, snapshot, all-or-nothing). When nothing is pending, Liquibase is not started
 * at all and no snapshot is taken.
 */
final class DatabaseUpgrade {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUpgrade.class);
    private static final UpgradeEnvelope.Operation UPGRADE = new UpgradeEnvelope.Operation("upgrade",
            "Migration failed", Release.current(), "All migrations completed successfully");

    private final UpgradeEnvelope envelope;

    public DatabaseUpgrade(SqliteDatabase database, UpgradeSettings settings) {
        this.envelope = new UpgradeEnvelope(database, settings);
    }

    public List<AppliedChangeSet> run() throws PosDatabaseException {
        return envelope.run(UPGRADE, new UpgradeEnvelope.Work() {
            private List<String> pending = List.of();

            @Override
            public Optional<List<String>> planned() {
                return Optional.of(pending);
            }

            @Override
            public Optional<String> toDo(MigrationPlan plan) {
                // Newer or edited databases were refused (or allowed) already: only pending work is left to decide.
                if (plan.pending().isEmpty() && !plan.checksumsNeedUpgrade()) {
                    return Optional.empty();
                }
                pending = plan.pending().stream().map(PendingChangeSet::id).toList();
                return Optional.of("Pending migrations detected: "
                        + plan.pending().stream().map(PendingChangeSet::id).collect(Collectors.joining(", ")));
            }

            @Override
            public List<AppliedChangeSet> nothingToDo() {
                log.info("No pending migrations detected");
                return List.of();
            }

            @Override
            public List<AppliedChangeSet> write(LiquibaseMigrations migrations) throws MigrationException {
                return migrations.update();
            }
        });
    }
}
