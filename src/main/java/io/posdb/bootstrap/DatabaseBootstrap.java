package io.posdb.bootstrap;

import io.posdb.database.TillDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.PostgresDatabase;
import io.posdb.migration.AppliedChangeSet;
import java.util.List;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application calls at startup, before it uses the database:
 * open the file (creating its folder) → apply pending changesets ({@link DatabaseUpgrade})
 * → check for schema drift ({@link SchemaDriftAtBoot})
 * → build Hibernate's SessionFactory in validate mode → ready. If the schema and the
 * entities disagree, {@link #boot()} throws and the application must not start.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    private final TillDatabase database;
    private final UpgradeSettings settings;

    public DatabaseBootstrap(TillDatabase database) {
        this(database, UpgradeSettings.defaults());
    }

    public DatabaseBootstrap(TillDatabase database, UpgradeSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    public BootResult boot() throws BootException {
        log.info("Initializing database {}", database.description());
        List<AppliedChangeSet> applied = upgrade(database, settings);
        new SchemaDriftAtBoot(database, settings).check();
        SessionFactory sessionFactory = validate();
        log.info("Application ready");
        return new BootResult(database.description(), applied, sessionFactory);
    }

    /** The upgrade fit for the engine: file-level safety for SQLite, an advisory lock for PostgreSQL. */
    public static List<AppliedChangeSet> upgrade(TillDatabase database, UpgradeSettings settings) throws BootException {
        if (database instanceof SqliteDatabase sqlite) {
            return new DatabaseUpgrade(sqlite, settings).run();
        }
        return new PostgresUpgrade((PostgresDatabase) database, settings).run();
    }

    private SessionFactory validate() throws BootException {
        try {
            SessionFactory sessionFactory = HibernateSchema.buildValidated(database);
            log.info("Schema validated");
            return sessionFactory;
        } catch (RuntimeException e) {
            throw new BootException(BootFailure.INVALID_SCHEMA, "Schema validation failed on " + database.description()
                    + ": " + HibernateSchema.describe(e), e);
        }
    }
}
