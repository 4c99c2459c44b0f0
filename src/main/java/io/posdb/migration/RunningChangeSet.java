package io.posdb.migration;

import java.util.Optional;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;

/**
 * The changeset Liquibase is visiting now, as it puts it into its scope around every visit of a changeset
 * (validation, the precondition check, the run, the rollback, update-sql's preview alike): what a custom change
 * or precondition knows of the changeset that names it (Liquibase passes them only the database). Empty outside
 * such a visit, as when a test calls a change directly.
 */
public final class RunningChangeSet {

    private RunningChangeSet() {
    }

    public static Optional<ChangeSet> get() {
        return Optional.ofNullable(Scope.getCurrentScope().get(Scope.Attr.changeSet.name(), ChangeSet.class));
    }

    /** "changeset 0016-shorten-product-names (changelog/changes/0016-shorten-product-names.yaml)", or empty. */
    public static Optional<String> described() {
        return get().map(changeSet -> "changeset " + changeSet.getId() + " (" + changeSet.getFilePath() + ")");
    }
}
