package io.posdb.testsupport;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.TillDatabase;
import io.posdb.upgrade.DatabaseBootstrap;

/** posdb's boot flow below the api, with the settings' own defaults (PosDatabaseSettings declares them). */
public final class Bootstraps {

    private Bootstraps() {
    }

    public static DatabaseBootstrap withDefaults(TillDatabase database) {
        return new DatabaseBootstrap(database, PosDatabaseSettings.of(database).build());
    }
}
