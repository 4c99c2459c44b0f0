package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.orm.HibernateSchema;
import io.posdb.upgrade.postgres.PostgresUpgrade;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the startup path: open the file (creating its folder) → apply pending
 * changesets ({@link #upgrade}) → check for schema drift ({@link #checkSchemaDrift})
 * → build Hibernate's SessionFactory in validate mode. Applications call
 * {@code io.posdb.api.PosDatabase}, which runs them with a connection pool
 * ({@link #upgradeForBoot}). If the schema and the entities disagree, it throws.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final UpgradeEnvelope.Operation UPGRADE = new UpgradeEnvelope.Operation("upgrade",
            "Migration failed", Release.current(), "All migrations completed successfully", null);

    private DatabaseBootstrap() {
    }

    /**
     * After an upgrade, before Hibernate validates, which ignores uniqueness, CHECKs, indexes, foreign-key
     * actions and triggers: a schema that differs from what the applied changesets produce is logged at
     * WARN with every difference, or refused (SCHEMA_DRIFT, exit 12) with strict schema. The live schema is
     * read through {@code pool}, the application's pool (already open), or, when null, the database's own
     * connections.
     */
    public static void checkSchemaDrift(TillDatabase database, DataSource pool, UpgradeSettings settings)
            throws PosDatabaseException {
        DriftReport report;
        try {
            report = new DriftCheck(database, settings.changelog(), pool).checkAtBoot();
        } catch (MigrationException e) {
            if (settings.strictSchema()) {
                // The check could not run for a reason of its own kind (its temporary folder, exit 7, naming the
                // setting): that, as every command says it, not drift (12) the check never saw.
                throw Causes.first(e, PosDatabaseException.class).orElseGet(() -> new PosDatabaseException(
                        BootFailure.SCHEMA_DRIFT, "Schema drift check failed on " + database.description()
                        + " (strict schema): " + FailureReason.of(e), e));
            }
            log.warn("Schema drift check could not run on {}: {}", database.description(), FailureReason.of(e));
            return;
        }
        if (!report.drift()) {
            log.debug("No schema drift on {} (fingerprint {})", database.description(),
                    report.fingerprintMatched() ? "matched" : "differed; full comparison clean");
            return;
        }
        String list = String.join("; ", report.differences());
        log.warn("Schema drift on {}: {} difference(s) from what the applied changesets produce: {}",
                database.description(), report.differences().size(), list);
        if (settings.strictSchema()) {
            throw new PosDatabaseException(BootFailure.SCHEMA_DRIFT, "Schema drift on " + database.description()
                    + " (strict schema, refusing to start): " + list);
        }
    }

    /**
     * The upgrade fit for the engine: an advisory lock for PostgreSQL; for SQLite, file-level safety inside the
     * {@link UpgradeEnvelope} (lock, checks, snapshot, all-or-nothing). When nothing is pending, Liquibase is not
     * started at all and no snapshot is taken. On SQLite with strict schema, the drift check runs on the upgraded
     * file inside the envelope: drift there (SCHEMA_DRIFT) restores the snapshot as a failed changeset does, so a
     * refused upgrade leaves the file as it was.
     */
    public static List<AppliedChangeSet> upgrade(TillDatabase database, UpgradeSettings settings) throws PosDatabaseException {
        return upgrade(database, settings, applied -> {
            if (settings.strictSchema()) {
                checkSchemaDrift(database, null, settings);
            }
        });
    }

    /** What a boot opens on the upgraded database: its drift check run, Hibernate validated (closed if either fails). */
    @FunctionalInterface
    public interface Ready<T extends AutoCloseable> {
        T open(List<AppliedChangeSet> applied) throws PosDatabaseException;
    }

    /**
     * The boot's upgrade, then {@code ready}. On an SQLite file that is upgraded, {@code ready} runs inside the
     * envelope, before the snapshot is let go: drift that strict schema refuses (SCHEMA_DRIFT) or a schema the
     * entities refuse (INVALID_SCHEMA) undoes the upgrade like a failed changeset, and the boot leaves the file as
     * it was; what it opened is closed before that restore, which needs no connection open on the file. Otherwise
     * (nothing pending, PostgreSQL) it runs after the upgrade, and a refusal after a server's upgrade names the
     * changesets it leaves applied. Either way it runs once.
     */
    public static <T extends AutoCloseable> T upgradeForBoot(TillDatabase database, UpgradeSettings settings,
                                                             Ready<T> ready) throws PosDatabaseException {
        AtomicReference<T> inside = new AtomicReference<>();
        List<AppliedChangeSet> applied = upgrade(database, settings, new UpgradeEnvelope.Check() {
            @Override
            public void run(List<AppliedChangeSet> applied) throws PosDatabaseException {
                inside.set(ready.open(applied));
            }

            @Override
            public void release() {
                try (T opened = inside.getAndSet(null)) {
                    // closed (when the check passed): the restore needs no connection open on the file
                } catch (Exception e) {
                    log.warn("Closing what the boot opened on {} failed: {}", database.description(), FailureReason.of(e));
                }
            }
        });
        if (inside.get() != null) {
            return inside.get();
        }
        try {
            return ready.open(applied);
        } catch (PosDatabaseException e) {
            if (applied.isEmpty()) {
                throw e;
            }
            // A server's committed changesets are not undone: the refusal says what this boot left applied.
            throw e.followedBy(" — the changesets this boot applied stay applied ("
                    + String.join(", ", applied.stream().map(AppliedChangeSet::id).toList()) + ")", e.after());
        }
    }

    private static List<AppliedChangeSet> upgrade(TillDatabase database, UpgradeSettings settings,
                                                  UpgradeEnvelope.Check afterwards) throws PosDatabaseException {
        if (!(database instanceof SqliteDatabase sqlite)) {
            return new PostgresUpgrade((PostgresDatabase) database, settings.changelog(), settings.lockWait(),
                    settings.allowNewerDatabase(), settings.upgradeDespiteOlderTills(), settings.progress()).run();
        }
        return upgradeFile(sqlite, settings, UPGRADE, afterwards, plan -> { });
    }

    /**
     * The upgrade of a rehearsal's copy of an SQLite file ({@code original}): the same envelope, but its snapshot goes
     * with the copy (the log claims no snapshot kept), a failure claims no restore and names the shop's file (which
     * was only read), and the drift check is the rehearsal's own after it (it reports the differences rather than
     * undoing them).
     */
    static List<AppliedChangeSet> upgradeRehearsalCopy(SqliteDatabase copy, Path original, UpgradeSettings settings,
                                                       Consumer<MigrationPlan> planned) throws PosDatabaseException {
        return upgradeFile(copy, settings, rehearsalOf(original), UpgradeEnvelope.Check.NONE, planned);
    }

    /**
     * Liquibase's validation of the changelog (the SQLite hazards) that the upgrade of a rehearsal's copy would make
     * before its lock, made on the shop's file itself, read without writing, before the copy is made: refused, the
     * refusal is the copy's upgrade's, word for word, and the shop was not copied for nothing.
     */
    static void refuseAnInvalidChangelogBeforeRehearsing(SqliteDatabase original, UpgradeSettings settings)
            throws PosDatabaseException {
        UpgradeEnvelope.refuseAnInvalidChangelog(original, settings, rehearsalOf(original.file()));
    }

    /** The upgrade on a rehearsal's copy of the shop's file {@code original}. */
    private static UpgradeEnvelope.Operation rehearsalOf(Path original) {
        return new UpgradeEnvelope.Operation(UPGRADE.noun(), UPGRADE.failed(), UPGRADE.snapshotLabel(), UPGRADE.done(),
                original);
    }

    /** The upgrade of a file, telling {@code planned} the plan read under the lock, which the upgrade follows. */
    private static List<AppliedChangeSet> upgradeFile(SqliteDatabase sqlite, UpgradeSettings settings,
                                                      UpgradeEnvelope.Operation operation,
                                                      UpgradeEnvelope.Check afterwards,
                                                      Consumer<MigrationPlan> planned) throws PosDatabaseException {
        return new UpgradeEnvelope(sqlite, settings).run(operation, plan -> {
            planned.accept(plan);
            // Newer or edited databases were refused (or allowed) already: only pending work is left to decide.
            if (!plan.needsLiquibase()) {
                log.info(plan.pendingSummary());
                return Optional.empty();
            }
            return Optional.of(new UpgradeEnvelope.Work(plan.pendingSummary(), plan.pendingIds(),
                    migrations -> migrations.update(), afterwards));
        });
    }

    /**
     * Hibernate's SessionFactory in validate mode on {@code dataSource} (the database's own
     * connections, or the application's pool) with extra Hibernate properties.
     */
    public static SessionFactory validate(TillDatabase database, DataSource dataSource,
                                          Map<String, String> hibernateProperties) throws PosDatabaseException {
        try {
            SessionFactory sessionFactory = HibernateSchema.buildValidated(dataSource, database.engine(),
                    hibernateProperties);
            log.info("Schema validated");
            return sessionFactory;
        } catch (RuntimeException e) {
            throw validationFailure(database, e);
        }
    }

    /**
     * What Hibernate's validation threw, as a failure: INVALID_SCHEMA naming the table and column that do
     * not match, unless it never reached the schema (no connection: a server refused it, SQLite cannot
     * start, the file is locked), which is the failure {@link DatabaseFailures} gives every command.
     */
    public static PosDatabaseException validationFailure(TillDatabase database, RuntimeException e) {
        PosDatabaseException reached = DatabaseFailures.of(database, e);
        if (reached.kind() != BootFailure.MIGRATION_FAILED) {
            return reached;
        }
        return new PosDatabaseException(BootFailure.INVALID_SCHEMA, "Schema validation failed on "
                + database.description() + ": " + HibernateSchema.describe(e), e);
    }
}
