package io.posdb.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.Release;
import io.posdb.database.Engine;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.AtExit;
import io.posdb.orm.HibernateSchema;
import io.posdb.upgrade.DatabaseBootstrap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A till database ready for the application: upgraded to this release's changelog, with a
 * connection pool and Hibernate's SessionFactory validated against the schema.
 *
 * <pre>{@code
 * try (PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(Path.of("data/pos.db")).build())) {
 *     db.sessionFactory().inTransaction(session -> ...);
 * } catch (PosDatabaseException e) {
 *     System.exit(e.exitCode()); // e.kind() says why; the message names what to look at
 * }
 * }</pre>
 *
 * Closing it closes the SessionFactory, then the pool.
 */
public final class PosDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PosDatabase.class);
    /** Idle connections a till keeps to a server; HikariCP's default would keep the maximum. */
    static final int POSTGRESQL_MINIMUM_IDLE = 1;

    private final String description;
    private final List<AppliedChangeSet> applied;
    private final HikariDataSource pool;
    private final SessionFactory sessionFactory;

    private PosDatabase(String description, List<AppliedChangeSet> applied, HikariDataSource pool,
                        SessionFactory sessionFactory) {
        this.description = description;
        this.applied = List.copyOf(applied);
        this.pool = pool;
        this.sessionFactory = sessionFactory;
    }

    /**
     * Upgrades the database (all or nothing; a missing SQLite file and its folder are
     * created), opens the pool, checks the schema for drift on it (logged at WARN, refused with
     * {@link PosDatabaseSettings.Builder#strictSchema}), then validates the schema with Hibernate.
     * On an SQLite file that is upgraded, pool, drift check and validation come before its snapshot is
     * let go, so drift that strict schema refuses or a schema the entities refuse undoes the upgrade (the
     * file as it was) instead of leaving it upgraded; the pool opens only after the changesets ran, and is
     * closed before any restore: the SQLite safety steps need no other connection open on the file.
     */
    public static PosDatabase boot(PosDatabaseSettings settings) throws PosDatabaseException {
        long start = System.nanoTime();
        log.info("Initializing database {}", settings.database().description());
        PosDatabase database = DatabaseBootstrap.upgradeForBoot(settings.database(), settings, applied -> {
            HikariDataSource pool = openPool(settings);
            try {
                return new PosDatabase(settings.database().description(), applied, pool,
                        DatabaseBootstrap.validate(settings.database(), pool, settings.hibernateProperties()));
            } catch (PosDatabaseException | RuntimeException e) {
                pool.close();
                throw e;
            }
        });
        log.info("Application ready");
        // One line, the same as the Spring Boot starter logs from its upgrade's start to JPA's validated
        // EntityManagerFactory: scripts/bench.sh compares posdb's share of both startups with it.
        log.info("posdb: boot of {} took {} ms (upgrade, pool, drift check, Hibernate validated)",
                settings.database().description(), (System.nanoTime() - start) / 1_000_000);
        return database;
    }

    /**
     * Applies the pending changesets only, without Hibernate or a pool ({@code posdb update}). With strict schema,
     * an SQLite upgrade whose result drifts is undone (its snapshot restored) and refused with SCHEMA_DRIFT.
     */
    public static List<AppliedChangeSet> upgrade(PosDatabaseSettings settings) throws PosDatabaseException {
        return DatabaseBootstrap.upgrade(settings.database(), settings);
    }

    /**
     * {@link #upgrade}, for a framework that validates the entities itself after it (Spring Boot's JPA): on an
     * SQLite file it changed, the upgrade is held undecided (snapshot kept, lock held) until the application
     * confirms that it started, and undone if it is closed unconfirmed ({@link ProvisionalUpgrade}).
     */
    public static ProvisionalUpgrade upgradeProvisionally(PosDatabaseSettings settings) throws PosDatabaseException {
        return ProvisionalUpgrade.start(settings);
    }

    /**
     * The pool {@link #boot} opens after the upgrade, with boot's drift check run on it (logged at
     * WARN, refused with {@link PosDatabaseSettings.Builder#strictSchema}), for an application whose
     * framework builds Hibernate itself (Spring Boot's JPA, through posdb's starter): call it after
     * {@link #upgrade}, and build Hibernate with {@link #hibernateProperties}. The caller closes it.
     */
    public static HikariDataSource openPool(PosDatabaseSettings settings) throws PosDatabaseException {
        HikariDataSource pool = newPool(settings.database(), settings.maximumPoolSize());
        try {
            // On the pool's first connection: a server's authentication handshake is paid once, not twice.
            checkSchemaDrift(settings, pool);
            return pool;
        } catch (PosDatabaseException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * HikariCP over posdb's own data source for the database, so every pooled connection is opened exactly
     * as posdb opens one: on SQLite with foreign keys enforced, the busy timeout and timestamps as text, and
     * never creating the file, which the upgrade made ({@code SqliteDatabase}); on PostgreSQL with the URL and credentials given (the password stays inside
     * the data source, out of HikariCP's logged configuration).
     */
    private static HikariDataSource newPool(TillDatabase database, int maximumPoolSize) throws PosDatabaseException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("posdb");
        config.setDataSource(database.dataSourceOfTheExistingDatabase());
        config.setMaximumPoolSize(maximumPoolSize);
        if (database.engine() == Engine.POSTGRESQL) {
            // Many tills share one server (max_connections is 100 by default): a fixed pool of ten
            // per till would hold ten idle server connections each, and would open them all at
            // every boot, an authentication handshake each (issue 14: boot within 1.05x validate).
            // One stays open; the others open on demand and close after HikariCP's idle timeout.
            config.setMinimumIdle(POSTGRESQL_MINIMUM_IDLE);
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The upgrade has just connected with the same settings: this is a database gone
            // away (file removed, server down) between the two.
            throw new PosDatabaseException(BootFailure.UNUSABLE_DATABASE, "Cannot open the connection pool on "
                    + database.description() + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * Boot's drift check (logged at WARN, refused with {@link PosDatabaseSettings.Builder#strictSchema}),
     * reading the live schema through {@code dataSource}: for an application whose framework connects
     * to the database with a pool of its own instead of {@link #openPool}'s (which runs it itself).
     * Call it after {@link #upgrade}, with a pool on the settings' database.
     */
    public static void checkSchemaDrift(PosDatabaseSettings settings, DataSource dataSource) throws PosDatabaseException {
        DatabaseBootstrap.checkSchemaDrift(settings.database(), dataSource, settings);
    }

    /**
     * The Hibernate properties {@link #boot} sets itself for the settings' database (validate only;
     * on SQLite posdb's dialect and metadata reading), for a framework that builds Hibernate itself:
     * applied last, over the application's own.
     */
    public static Map<String, String> hibernateProperties(PosDatabaseSettings settings) {
        return Map.copyOf(HibernateSchema.posdbProperties(settings.database().engine()));
    }

    /**
     * Runs {@code action} in a thread named {@code name} when the process stops (SIGTERM, Ctrl-C,
     * {@code System.exit}), through the one set of shutdown hooks posdb's own work uses: a name is added once however
     * often it is asked for, and nothing is added once the process is stopping (there is nothing left to run it for).
     */
    public static void atExit(String name, Runnable action) {
        AtExit.once(name, action);
    }

    /** This library's release (the pom's version), the one its changelog's changesets are labelled for. */
    public static String release() {
        return Release.current();
    }

    /** The validated SessionFactory; its sessions take connections from {@link #dataSource()}. */
    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    /** The pool, for the application's own JDBC work. */
    public DataSource dataSource() {
        return pool;
    }

    /** The changesets this boot applied; empty when the database was up to date. */
    public List<AppliedChangeSet> applied() {
        return applied;
    }

    /** The database for messages: a file path, or a URL without credentials. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            sessionFactory.close();
        } finally {
            pool.close();
        }
    }
}
