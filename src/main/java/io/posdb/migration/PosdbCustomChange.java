package io.posdb.migration;

import io.posdb.sql.SqlIdentifiers;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * What every posdb custom change shares of Liquibase's {@link CustomTaskChange} contract: nothing to
 * set up (parameters are checked in {@code validate}), no files read, and a confirmation message that
 * says what the last run did, set through {@link #outcome(String)}. Liquibase logs the message after
 * the change ran; and the parameter checks the changes share ({@link #requirePlain}, {@link #requireValid}),
 * so that each refuses a bad parameter in the same words. The subclasses' class names and parameters are
 * what changelogs name (and their checksums are released): this base adds no parameter.
 */
public abstract class PosdbCustomChange implements CustomTaskChange {

    private String outcome = "not run";
    private long rowsCopied;

    /** What the last run did, in words, for Liquibase's confirmation message. */
    protected final void outcome(String what) {
        outcome = what;
    }

    /**
     * The rows this change's runs so far wrote only to move them, unchanged (a table rebuild copies every row into
     * the new table). SQLite counts them among the rows written; a step's row count ({@code posdb history --runs})
     * leaves out those copied in its window, as a person reading "rows" counts only those the changeset inserted,
     * updated or deleted. A running total, as SQLite's {@code total_changes()} is: a caller takes the difference
     * across a run, so a run that fails or does not happen (a changeset marked as ran) adds nothing.
     */
    public final long rowsCopied() {
        return rowsCopied;
    }

    /** Adds a successful run's copied rows, as the engine counted them. */
    protected final void copied(long rows) {
        rowsCopied += rows;
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

    /** Adds "{@code parameter} 'value' is not a plain identifier" to {@code errors} unless {@code value} is one. */
    protected static void requirePlain(ValidationErrors errors, String parameter, String value) {
        if (!SqlIdentifiers.isPlain(value)) {
            errors.addError(parameter + " '" + value + "' is not a plain identifier");
        }
    }

    /** The parameters checked again as the change starts: {@code validate}'s errors fail {@code task}, nothing changed. */
    protected final void requireValid(Database database, String task) throws CustomChangeException {
        ValidationErrors errors = validate(database);
        if (errors.hasErrors()) {
            throw new CustomChangeException(task + ": " + String.join("; ", errors.getErrorMessages()));
        }
    }
}
