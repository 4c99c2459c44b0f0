package io.posdb.examples.till;

import io.posdb.api.PosDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A till starting up: {@code java -jar till-app.jar PATH_TO_DB}. It boots the database
 * (missing, legacy or current), records one sale and prints the day's total. When the
 * database cannot be used it exits with posdb's exit code for the failure.
 */
public final class TillApp {

    private TillApp() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -jar till-app.jar PATH_TO_DB");
            System.exit(2);
        }
        // posdb sends Liquibase's lines to SLF4J itself. Hibernate logs through jboss-logging, which without
        // Logback picks java.util.logging: sent to SLF4J too, before Hibernate starts, so that every library's
        // level is set in one place (simplelogger.properties: INFO for the till, WARN for the libraries).
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(Path.of(args[0])).build();
        try (PosDatabase database = PosDatabase.boot(settings)) {
            Till till = new Till(database.sessionFactory());
            till.recordSale();
            BigDecimal total = till.dayTotal(LocalDate.now());
            System.out.println("Day total: " + total.toPlainString());
        } catch (PosDatabaseException e) {
            // e.kind() says why (NEWER_DATABASE, LOCKED, ...); the message names what to look at.
            System.err.println("The till cannot start: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }
}
