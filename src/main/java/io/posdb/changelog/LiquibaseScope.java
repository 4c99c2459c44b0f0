package io.posdb.changelog;

import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.migration.ScratchDatabase;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.ui.LoggerUIService;

/**
 * Runs Liquibase work in a scope fit for a till: analytics off (the till has no network
 * and must not try), and Liquibase's console output sent to the log instead of stdout,
 * so {@code --json} output stays one clean object; its log is posdb's, SLF4J, not java.util.logging.
 */
public final class LiquibaseScope {

    static {
        LiquibaseHostName.giveWithoutTheResolver(); // before Liquibase's first use: see there
    }

    private LiquibaseScope() {
    }

    /** Liquibase's database on {@code connection}: its implementation for the connection's engine. */
    public static Database databaseOn(Connection connection) throws DatabaseException {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }

    /** Runs {@code work} as the building of a scratch database (see {@link ScratchDatabase}). */
    public static <T> T onScratchDatabase(Scope.ScopedRunnerWithReturn<T> work) throws Exception {
        return Scope.child(Map.of(ScratchDatabase.SCOPE_VALUE, true), work);
    }

    /**
     * Runs {@code work} on {@code source}'s changelog: every read of a changelog and every Liquibase command on one
     * passes here, so a changelog file that does not exist is refused here, once for all of them, and the first
     * says if the class path's Liquibase is not the one posdb is built with ({@link LiquibaseVersion}).
     */
    public static <T> T run(ChangelogSource source, Scope.ScopedRunnerWithReturn<T> work) throws MigrationException {
        try {
            return Scope.child(quietWith(Scope.Attr.resourceAccessor.name(), source.resources()), () -> {
                LiquibaseVersion.warnOnceIfUntested();
                source.requireFound();
                return work.run();
            });
        } catch (MigrationException e) {
            throw e;
        } catch (Exception e) {
            throw new MigrationException(rootMessage(e), e);
        }
    }

    /**
     * Runs Liquibase work that builds a scratch database with its own resource accessor (lint's observation of
     * each changeset, {@code io.posdb.effect.ChangeSetEffects}; bin/new-changeset's schema of the changelog) with
     * the same quiet settings as {@link #run}, for a caller that reports each failure itself, in one line:
     * Liquibase's own SEVERE lines, a failed changeset's stack trace, are logged at debug level
     * ({@link Slf4jLogService#FAILURES_AT_DEBUG_LEVEL}).
     */
    public static void runOnScratchDatabaseReportingFailures(Scope.ScopedRunner<?> work) throws Exception {
        Map<String, Object> values = new HashMap<>(quietWith(ScratchDatabase.SCOPE_VALUE, true));
        values.put(Scope.Attr.logService.name(), Slf4jLogService.FAILURES_AT_DEBUG_LEVEL);
        Scope.child(values, () -> {
            LiquibaseVersion.warnOnceIfUntested();
            work.run();
        });
    }

    /**
     * Two outputs reach stdout otherwise. Changeset progress ("Running Changeset", "Rolling Back
     * Changeset") goes to the scope's UI, by default the console. The update summary goes to the
     * command's output stream (System.out) whenever a {@code Liquibase} facade is not told
     * {@code setShowSummaryOutput(LOG)}: Liquibase's default is ALL (log and stdout), and the UI
     * service has no say in it. As a scope value, {@code liquibase.command.showSummaryOutput}
     * is the default of every update command run inside, so no caller can forget it. The UI's lines, and
     * every other line Liquibase logs inside, go to SLF4J ({@link Slf4jLogService}), not to java.util.logging.
     * The quiet settings, and {@code key}'s {@code value}.
     */
    private static Map<String, Object> quietWith(String key, Object value) {
        return Map.of(
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false,
                "liquibase.command.showSummaryOutput", UpdateSummaryOutputEnum.LOG,
                Scope.Attr.ui.name(), new LoggerUIService(),
                Scope.Attr.logService.name(), Slf4jLogService.INSTANCE,
                key, value);
    }

    /** Liquibase wraps causes several levels deep; the innermost distinct message is the useful one. */
    static String rootMessage(Throwable error) {
        String message = error.getMessage();
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
                message = message == null ? cause.getMessage() : message + ": " + cause.getMessage();
            }
        }
        return message == null ? FailureReason.of(error) : message;
    }
}
