package io.posdb.testsupport;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.TillDatabase;
import io.posdb.upgrade.DatabaseBoot;

/** posdb's boot flow below the api, with the settings' own defaults (PosDatabaseSettings declares them). */
public final class Bootstraps {

    private Bootstraps() {
    }

    public static DatabaseBoot withDefaults(TillDatabase database) {
        return new DatabaseBoot(database, PosDatabaseSettings.of(database).build());
    }
}
