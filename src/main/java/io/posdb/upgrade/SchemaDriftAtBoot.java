package io.posdb.upgrade;

import io.posdb.database.TillDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift check between the upgrade and Hibernate's validation, which ignores
 * uniqueness, CHECKs, indexes, foreign-key actions and triggers. Drift is logged at WARN
 * with every difference; with {@code strictSchema} the till refuses to start (exit 12).
 *
 * @param connections the application's pool when open, else null (the database's own connections)
 */
record SchemaDriftAtBoot(TillDatabase database, DataSource connections, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(SchemaDriftAtBoot.class);

    void check() throws PosDatabaseException {
        DriftReport report;
        try {
            report = new DriftCheck(database, settings.changelog(), connections).checkAtBoot();
        } catch (MigrationException e) {
            if (settings.strictSchema()) {
                throw new PosDatabaseException(BootFailure.SCHEMA_DRIFT, "Schema drift check failed on "
                        + database.description() + " (strict schema): " + FailureReason.of(e), e);
            }
            log.warn("Schema drift check could not run on {}: {}", database.description(), FailureReason.of(e));
            return;
        }
        if (!report.drift()) {
            log.debug("No schema drift on {} (fingerprint {})", database.description(),
                    report.fingerprintMatched() ? "matched" : "differed; full comparison clean");
            return;
        }
        String list = String.join("; ", report.differences());
        log.warn("Schema drift on {}: {} difference(s) from what the applied changesets produce: {}",
                database.description(), report.differences().size(), list);
        if (settings.strictSchema()) {
            throw new PosDatabaseException(BootFailure.SCHEMA_DRIFT, "Schema drift on " + database.description()
                    + " (strict schema, refusing to start): " + list);
        }
    }
}
