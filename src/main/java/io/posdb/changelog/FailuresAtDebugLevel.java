package io.posdb.changelog;

import java.util.logging.Level;
import liquibase.logging.LogMessageFilter;
import liquibase.logging.LogService;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;

/**
 * Liquibase's logging for work whose failures posdb reports itself, in one line: Liquibase's SEVERE lines (a
 * changeset that "encountered an exception", with a stack trace of some 70 lines) are logged at debug level by
 * the service this one wraps (posdb's SLF4J one, {@link Slf4jLogService}); every other line as it logs it. Where
 * nothing configures SLF4J's levels for Liquibase (the build's lint step runs in Maven's JVM), the SEVERE line
 * would otherwise reach the console.
 */
final class FailuresAtDebugLevel extends AbstractLogService {

    private final LogService wrapped;

    FailuresAtDebugLevel(LogService wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public int getPriority() {
        return wrapped.getPriority();
    }

    @Override
    public Logger getLog(Class target) {
        Logger log = wrapped.getLog(target);
        return new AbstractLogger() {
            @Override
            public void log(Level level, String message, Throwable error) {
                log.log(level == Level.SEVERE ? Level.FINE : level, message, error);
            }
        };
    }

    @Override
    public LogMessageFilter getFilter() {
        return wrapped.getFilter();
    }

    @Override
    public void setFilter(LogMessageFilter filter) {
        wrapped.setFilter(filter);
    }
}
