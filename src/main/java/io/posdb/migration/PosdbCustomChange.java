package io.posdb.migration;

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

    private String outcome = "not run";

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
