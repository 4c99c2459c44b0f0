package io.posdb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Liquibase's own ERROR lines (quiet mode, and the tests' logging). posdb reports every
 * failure itself, in a few lines that name the changeset (see FailureReport.lines); Liquibase's ERROR
 * logger says the same with a stack trace of some 70 lines. Its warnings still show, and
 * {@code --verbose} shows everything.
 */
public final class QuietLiquibaseErrors extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable error) {
        return level != null && level.isGreaterOrEqual(Level.ERROR) && logger.getName().startsWith("liquibase")
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
