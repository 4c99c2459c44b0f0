package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.orm.HibernateSchema;
import io.posdb.upgrade.postgres.PostgresUpgrade;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the startup path: open the file (creating its folder) → apply pending
 * changesets ({@link DatabaseUpgrade}) → check for schema drift ({@link SchemaDriftAtBoot})
 * → build Hibernate's SessionFactory in validate mode. Applications call
 * {@code io.posdb.api.PosDatabase}, which runs the same steps with a connection pool;
 * {@link #boot()} here runs them on the database's own unpooled connections (tests and
 * tools). If the schema and the entities disagree, it throws.
 */
public record DatabaseBootstrap(TillDatabase database, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    /**
     * After an upgrade, before Hibernate validates: a schema that differs from what the applied
     * changesets produce is logged at WARN, or refused (SCHEMA_DRIFT) with strict schema.
     */
    public static void checkSchemaDrift(TillDatabase database, UpgradeSettings settings) throws PosDatabaseException {
        new SchemaDriftAtBoot(database, null, settings).check();
    }

    /** The same, reading the live schema through the application's pool (already open). */
    public static void checkSchemaDrift(TillDatabase database, DataSource pool, UpgradeSettings settings)
            throws PosDatabaseException {
        new SchemaDriftAtBoot(database, pool, settings).check();
    }

    public BootResult boot() throws PosDatabaseException {
        log.info("Initializing database {}", database.description());
        List<AppliedChangeSet> applied = upgrade(database, settings);
        checkSchemaDrift(database, settings);
        SessionFactory sessionFactory = validate(database, database.dataSource(), Map.of());
        log.info("Application ready");
        return new BootResult(database.description(), applied, sessionFactory);
    }

    /** The upgrade fit for the engine: file-level safety for SQLite, an advisory lock for PostgreSQL. */
    public static List<AppliedChangeSet> upgrade(TillDatabase database, UpgradeSettings settings) throws PosDatabaseException {
        if (database instanceof SqliteDatabase sqlite) {
            return new DatabaseUpgrade(sqlite, settings).run();
        }
        return new PostgresUpgrade((PostgresDatabase) database, settings.changelog(), settings.lockWait(),
                settings.allowNewerDatabase(), settings.upgradeDespiteOlderTills(), settings.progress()).run();
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
            throw new PosDatabaseException(BootFailure.INVALID_SCHEMA, "Schema validation failed on " + database.description()
                    + ": " + HibernateSchema.describe(e), e);
        }
    }
}
