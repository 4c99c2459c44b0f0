package io.posdb.migration;

import liquibase.Scope;
import liquibase.change.custom.CustomTaskChange;
import liquibase.resource.ResourceAccessor;

/**
 * What every posdb custom change shares of Liquibase's {@link CustomTaskChange} contract: nothing to
 * set up (parameters are checked in {@code validate}), no files read, and a confirmation message that
 * says what the last run did, set through {@link #outcome(String)}. Liquibase logs the message after
 * the change ran. The subclasses' class names and parameters are what changelogs name (and their
 * checksums are released): this base adds no parameter.
 */
public abstract class PosdbCustomChange implements CustomTaskChange {

    /**
     * Liquibase scope value set while Liquibase builds a scratch database (drift's expected schema,
     * bin/new-changeset's current schema; {@code io.posdb.changelog.LiquibaseScope} sets it): custom
     * changes then keep their per-table INFO lines to DEBUG, since "Rebuilt table user (0 rows kept)"
     * about a scratch file reads as if a shop's users were lost. The key lives here, with the changes
     * that read it, so that the catalogue needs nothing from the packages that run it.
     */
    public static final String SCRATCH_DATABASE = "posdb.scratchDatabase";

    private String outcome = "not run";

    /** Whether the Liquibase work running now builds a scratch database rather than changing a shop's. */
    protected static boolean onScratchDatabase() {
        return Scope.getCurrentScope().get(SCRATCH_DATABASE, false);
    }

    /** What the last run did, in words, for Liquibase's confirmation message. */
    protected final void outcome(String what) {
        outcome = what;
    }

    @Override
    public String getConfirmationMessage() {
        return outcome;
    }

    @Override
    public final void setUp() {
        // Nothing to prepare: parameters are checked in validate() and again before running.
    }

    @Override
    public final void setFileOpener(ResourceAccessor resourceAccessor) {
        // posdb's custom changes read no files.
    }
}
