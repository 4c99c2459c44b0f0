package io.posdb.migration;

import liquibase.Scope;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * Whether the Liquibase work running now builds a scratch database (drift's expected schema,
 * bin/new-changeset's current schema) rather than changing a shop's. Custom changes then keep their
 * per-table INFO lines to DEBUG: "Rebuilt table user (0 rows kept)" about a scratch file reads as if a
 * shop's users were lost. Set as a Liquibase scope value by {@code io.posdb.changelog.LiquibaseScope}.
 */
public final class ScratchDatabase {

    /** The Liquibase scope value that marks the building of a scratch database. */
    public static final String SCOPE_VALUE = "posdb.scratchDatabase";

    private ScratchDatabase() {
    }

    public static boolean isBeingBuilt() {
        return Scope.getCurrentScope().get(SCOPE_VALUE, false);
    }

    /**
     * The logger a custom change logs its progress with: silent while a scratch database is built
     * (lint's observation of each changeset, drift's expected schema), where "Migrated user 1" or
     * "dropped empty table user" would read as news about a shop.
     */
    public static Logger quiet(Logger log) {
        return isBeingBuilt() ? NOPLogger.NOP_LOGGER : log;
    }
}
