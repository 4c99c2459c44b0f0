package io.posdb.changelog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import liquibase.logging.core.JavaLogService;
import org.slf4j.LoggerFactory;

/**
 * Liquibase's log inside posdb's scope ({@link LiquibaseScope}), written to SLF4J, posdb's only logging: Liquibase's
 * own service writes to java.util.logging, whose default console handler prints its INFO lines on stderr in JUL's
 * two-line format in an application that routes nothing from it, and a library must not configure JUL (it is the
 * JVM's, and the application's) to stop that. The loggers keep Liquibase's channel names ({@code liquibase.ui},
 * {@code liquibase.changelog}, ...: {@link JavaLogService}'s), the names jul-to-slf4j gave the same lines, so a
 * logging configuration for {@code liquibase} (the command line's logback.xml, its --verbose) works unchanged.
 * <p>For work whose failures posdb reports itself, in one line ({@link #FAILURES_AT_DEBUG_LEVEL}), Liquibase's SEVERE
 * lines (a changeset that "encountered an exception", with a stack trace of some 70 lines) are logged at debug level,
 * every other line as usual: where nothing configures SLF4J's levels for Liquibase (the build's lint step runs in
 * Maven's JVM), the SEVERE line would otherwise reach the console.
 */
final class Slf4jLogService extends AbstractLogService {

    /** One service for every scope (each holds nothing but the loggers, which SLF4J configures)... */
    static final Slf4jLogService INSTANCE = new Slf4jLogService(false);
    /** ...but the scopes of work whose failures posdb reports itself: their SEVERE lines at debug level. */
    static final Slf4jLogService FAILURES_AT_DEBUG_LEVEL = new Slf4jLogService(true);

    private static final ChannelNames CHANNELS = new ChannelNames();

    private final Map<Class<?>, Logger> loggers = new ConcurrentHashMap<>();
    private final boolean failuresAtDebugLevel;

    private Slf4jLogService(boolean failuresAtDebugLevel) {
        this.failuresAtDebugLevel = failuresAtDebugLevel;
    }

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED; // set in posdb's scope, never chosen by Liquibase's own lookup
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // LogService's signature
    public Logger getLog(Class target) {
        return loggers.computeIfAbsent(target, type -> new Slf4jLogger(LoggerFactory.getLogger(CHANNELS.of(type))));
    }

    /** Liquibase's channel of a class, as its java.util.logging service names it (a protected method there). */
    private static final class ChannelNames extends JavaLogService {
        String of(Class<?> type) {
            return getLogName(type);
        }
    }

    /** A java.util.logging level at the SLF4J level jul-to-slf4j gives it (FINEST trace, FINE debug, CONFIG info). */
    private final class Slf4jLogger extends AbstractLogger {

        private final org.slf4j.Logger log;

        Slf4jLogger(org.slf4j.Logger log) {
            this.log = log;
        }

        @Override
        public void log(Level level, String message, Throwable error) {
            int value = (failuresAtDebugLevel && level == Level.SEVERE ? Level.FINE : level).intValue();
            // The message is Liquibase's finished text: the (String, Throwable) forms take it as it is, no {} format.
            if (level == Level.OFF) {
                return;
            } else if (value <= Level.FINEST.intValue()) {
                log.trace(message, error);
            } else if (value <= Level.FINE.intValue()) {
                log.debug(message, error);
            } else if (value <= Level.INFO.intValue()) {
                log.info(message, error);
            } else if (value <= Level.WARNING.intValue()) {
                log.warn(message, error);
            } else {
                log.error(message, error);
            }
        }
    }
}
