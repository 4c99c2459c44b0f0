package io.posdb.bootstrap;

import io.posdb.migration.AppliedChangeSet;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import java.io.IOException;
import java.util.List;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application calls at startup, before it uses the database:
 * open the file (creating its folder) → apply pending changesets with Liquibase →
 * build Hibernate's SessionFactory in validate mode → ready. If the schema and the
 * entities disagree, {@link #boot()} throws and the application must not start.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    private final SqliteDatabase database;

    public DatabaseBootstrap(SqliteDatabase database) {
        this.database = database;
    }

    public BootResult boot() throws BootException {
        log.info("Initializing database {}", database.file());
        createFolder();
        List<AppliedChangeSet> applied = migrate();
        SessionFactory sessionFactory = validate();
        log.info("Application ready");
        return new BootResult(database.file(), applied, sessionFactory);
    }

    private void createFolder() throws BootException {
        try {
            database.createParentFolder();
        } catch (IOException e) {
            throw new BootException("Cannot create the folder of database " + database.file() + ": " + e, e);
        }
    }

    private List<AppliedChangeSet> migrate() throws BootException {
        try {
            return new LiquibaseMigrations(database).update();
        } catch (MigrationException e) {
            throw new BootException("Migration failed on " + database.file() + ": " + e.getMessage(), e);
        }
    }

    private SessionFactory validate() throws BootException {
        try {
            SessionFactory sessionFactory = HibernateSchema.buildValidated(database.dataSource());
            log.info("Schema validated");
            return sessionFactory;
        } catch (RuntimeException e) {
            throw new BootException("Schema validation failed on " + database.file() + ": "
                    + HibernateSchema.describe(e), e);
        }
    }
}
