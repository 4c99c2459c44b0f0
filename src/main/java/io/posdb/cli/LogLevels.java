package io.posdb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes Liquibase's java.util.logging output into Logback and sets how chatty the
 * libraries are: quiet by default (warnings only, and no Liquibase ERROR with its stack trace:
 * posdb reports the failure itself), their INFO lines and errors with --verbose.
 */
final class LogLevels {

    private static final String[] LIBRARIES = {"liquibase", "org.hibernate", "com.zaxxer.hikari"};

    private LogLevels() {
    }

    static void configure(boolean verbose) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String library : LIBRARIES) {
                context.getLogger(library).setLevel(verbose ? Level.INFO : Level.WARN);
            }
            // update-sql only prints the lock's UPDATE, so Liquibase then warns that it "failed to release"
            // a lock it never took (on the preview's throw-away copy); posdb's own lock handling logs the rest.
            context.getLogger("liquibase.lockservice").setLevel(verbose ? Level.INFO : Level.ERROR);
            // sqlite-jdbc's loader logs an ERROR with its stack trace when its temporary folder is unusable; posdb
            // says it in one line, naming the folder and the setting (exit 7): the trace only with --verbose.
            context.getLogger("org.sqlite").setLevel(verbose ? Level.INFO : Level.OFF);
            // So does Hibernate, at WARN with a stack trace, when it cannot open a connection to read the database's
            // metadata (validate on a file SQLite cannot open): posdb's own line names the cause.
            context.getLogger("org.hibernate.orm.jdbc").setLevel(verbose ? Level.INFO : Level.ERROR);
            context.getTurboFilterList().removeIf(QuietLiquibaseErrors.class::isInstance);
            if (!verbose) {
                QuietLiquibaseErrors quiet = new QuietLiquibaseErrors();
                quiet.start();
                context.addTurboFilter(quiet);
            }
        }
    }
}
