package io.posdb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes Liquibase's java.util.logging output into Logback and sets how chatty the
 * libraries are: quiet by default (warnings only), their INFO lines with --verbose.
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
        }
    }
}
