package io.posdb.upgrade;

import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot's steps ({@link DatabaseBootstrap#upgradeForBoot}: upgrade, drift check, Hibernate validated) on the
 * database's own unpooled connections, for tests and tools; applications call {@code io.posdb.api.PosDatabase}.
 */
public record DatabaseBoot(TillDatabase database, UpgradeSettings settings) {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    public BootResult boot() throws PosDatabaseException {
        log.info("Initializing database {}", database.description());
        BootResult result = DatabaseBootstrap.upgradeForBoot(database, settings, applied -> {
            DatabaseBootstrap.checkSchemaDrift(database, null, settings);
            return new BootResult(database.description(), applied,
                    DatabaseBootstrap.validate(database, database.dataSource(), Map.of()));
        });
        log.info("Application ready");
        return result;
    }
}
