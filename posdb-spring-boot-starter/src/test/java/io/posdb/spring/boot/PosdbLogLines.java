package io.posdb.spring.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * posdb's log lines (INFO and above) while open, kept here instead of the console: for tests that
 * read them, or that provoke posdb's warnings on purpose, so that a green run prints nothing for them.
 */
final class PosdbLogLines implements AutoCloseable {

    private final Logger posdb = (Logger) LoggerFactory.getLogger("io.posdb");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Level previousLevel = posdb.getLevel();

    PosdbLogLines() {
        lines.start();
        posdb.addAppender(lines);
        posdb.setLevel(Level.INFO);
        posdb.setAdditive(false);
    }

    List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        posdb.detachAppender(lines);
        posdb.setLevel(previousLevel);
        posdb.setAdditive(true);
        lines.stop();
    }
}
