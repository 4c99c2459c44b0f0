package io.posdb.examples.till;

import io.posdb.api.PosDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A till starting up: {@code java -jar till-app.jar PATH_TO_DB}. It boots the database
 * (missing, legacy or current), records one sale and prints the day's total. When the
 * database cannot be used it exits with posdb's exit code for the failure.
 */
public final class TillApp {

    /**
     * Liquibase logs through java.util.logging, and Hibernate does too without Logback: keep
     * their INFO lines out of the till's output. Held here because JUL keeps loggers weakly.
     */
    private static final Logger[] QUIET = {Logger.getLogger("liquibase"), Logger.getLogger("org.hibernate")};

    private TillApp() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -jar till-app.jar PATH_TO_DB");
            System.exit(2);
        }
        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
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
