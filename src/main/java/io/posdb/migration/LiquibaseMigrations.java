package io.posdb.migration;

import io.posdb.bootstrap.SqliteDatabase;
import java.nio.file.Files;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.ChangeSetStatus;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.UpdateSummaryOutputEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changelog applied to one database through Liquibase: what is pending, and the
 * update itself. No ORM entity is touched here; custom changes use plain JDBC.
 */
public final class LiquibaseMigrations {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseMigrations.class);

    private final SqliteDatabase database;

    public LiquibaseMigrations(SqliteDatabase database) {
        this.database = database;
    }

    /**
     * The changesets an update would run, in order, each with why. A database file that
     * does not exist yet is not created: every changeset is pending on it, which an empty
     * in-memory database shows just as well.
     */
    public List<PendingChangeSet> pending() throws MigrationException {
        return LiquibaseScope.run(() -> {
            try (Connection connection = Files.exists(database.file())
                    ? database.open() : DriverManager.getConnection("jdbc:sqlite::memory:")) {
                Liquibase liquibase = liquibase(connection);
                return liquibase.getChangeSetStatuses(new Contexts(), new LabelExpression()).stream()
                        .filter(ChangeSetStatus::getWillRun)
                        .map(LiquibaseMigrations::toPending)
                        .toList();
            }
        });
    }

    /**
     * Applies the pending changesets and returns what happened to each. Logs the pending
     * ids first, then one line per changeset, then the outcome.
     */
    public List<AppliedChangeSet> update() throws MigrationException {
        return LiquibaseScope.run(() -> {
            try (Connection connection = database.open()) {
                Liquibase liquibase = liquibase(connection);
                List<String> pendingIds = liquibase.getChangeSetStatuses(new Contexts(), new LabelExpression())
                        .stream().filter(ChangeSetStatus::getWillRun).map(s -> s.getChangeSet().getId()).toList();
                if (pendingIds.isEmpty()) {
                    log.info("No pending migrations detected");
                    return List.of();
                }
                log.info("Pending migrations detected: {}", String.join(", ", pendingIds));
                RecordingChangeExecListener listener = new RecordingChangeExecListener();
                liquibase.setChangeExecListener(listener);
                // The update summary would go to stdout; the listener already logs each changeset.
                liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                liquibase.update(new Contexts(), new LabelExpression());
                log.info("All migrations completed successfully");
                return listener.applied();
            }
        });
    }

    /** Rolls back every changeset applied after {@code tag} (the tag's own changeset stays). */
    public void rollbackToTag(String tag) throws MigrationException {
        LiquibaseScope.run(() -> {
            try (Connection connection = database.open()) {
                liquibase(connection).rollback(tag, new Contexts(), new LabelExpression());
                log.info("Rolled back to tag {}", tag);
                return null;
            }
        });
    }

    /** Rolls back the last {@code count} applied changesets. */
    public void rollbackCount(int count) throws MigrationException {
        LiquibaseScope.run(() -> {
            try (Connection connection = database.open()) {
                liquibase(connection).rollback(count, new Contexts(), new LabelExpression());
                log.info("Rolled back {} changeset(s)", count);
                return null;
            }
        });
    }

    /**
     * The SQL an update would run, without running it. Custom (Java) changes do not
     * appear as SQL: Liquibase lists their changeset and skips their code.
     */
    public String updateSql() throws MigrationException {
        return LiquibaseScope.run(() -> {
            try (Connection connection = database.open()) {
                StringWriter sql = new StringWriter();
                liquibase(connection).update(new Contexts(), new LabelExpression(), sql);
                return sql.toString();
            }
        });
    }

    private static PendingChangeSet toPending(ChangeSetStatus status) {
        ChangeSet changeSet = status.getChangeSet();
        String reason = status.getPreviouslyRan()
                ? "ran before, runs again (checksum changed or runAlways/runOnChange)"
                : "never applied to this database (its preconditions decide at run time whether it runs or is marked as ran)";
        return new PendingChangeSet(changeSet.getId(), changeSet.getFilePath(), reason);
    }

    private static Liquibase liquibase(Connection connection) throws Exception {
        Database liquibaseDatabase = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(ChangelogLocation.MASTER,
                new ClassLoaderResourceAccessor(LiquibaseMigrations.class.getClassLoader()), liquibaseDatabase);
    }
}
