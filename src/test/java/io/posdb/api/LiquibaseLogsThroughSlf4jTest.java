package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * posdb logs through SLF4J only (docs/using-posdb-from-an-application.md): Liquibase's lines during an upgrade
 * reach SLF4J loggers named {@code liquibase...} at their levels, and none goes to java.util.logging, whose default
 * console handler would print them on stderr in an application that routes nothing from it. posdb does this with a
 * log service in its own Liquibase scope, not by configuring java.util.logging, which is the JVM's.
 */
class LiquibaseLogsThroughSlf4jTest {

    @TempDir
    Path dir;

    @Test
    void anUpgradeBootLogsLiquibasesRunningChangesetLinesToSlf4jAndNothingToJavaUtilLogging() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        List<LogRecord> liquibaseRecords = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("liquibase")) {
                    liquibaseRecords.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger julRoot = Logger.getLogger("");
        julRoot.addHandler(handler);
        // At INFO, so that a Liquibase line sent to java.util.logging would be published there, not dropped as too low.
        try (CapturedLogs liquibase = new CapturedLogs("liquibase")) {
            try (PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
                assertThat(db.applied()).as("an upgrade ran").isNotEmpty();
            }

            assertThat(liquibaseRecords).as("Liquibase's lines published to java.util.logging")
                    .extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
            assertThat(liquibase.events()).anySatisfy(event -> {
                assertThat(event.getLoggerName()).startsWith("liquibase");
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains("Running Changeset");
            });
        } finally {
            julRoot.removeHandler(handler);
        }
    }
}
