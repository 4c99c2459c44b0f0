package io.posdb.migration.sqlite.guard;

import java.util.List;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.changelog.visitor.ValidatingVisitorGenerator;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;

/**
 * The runtime guard: Liquibase's validation of a changelog, with every change whose type
 * {@link SqliteHazard} lists refused on SQLite in the list's words (the changeset, why, and what to
 * write instead) before anything runs. Registered as Liquibase's ValidatingVisitorGenerator
 * (META-INF/services and module-info) at a priority above Liquibase's standard one, so every tool
 * that loads this project's classes validates through it: the app, {@code mvn liquibase:*} and
 * {@code bin/liquibase}. On other databases, and for every other change, it is Liquibase's own
 * validation.
 */
public final class SqliteHazardGuard implements ValidatingVisitorGenerator {

    @Override
    public int getPriority() {
        return PRIORITY_DEFAULT + 1;
    }

    @Override
    public ValidatingVisitor generateValidatingVisitor(List<RanChangeSet> ranChangeSets) {
        return new Visitor(ranChangeSets);
    }

    /** The refusal of {@code change} in {@code changeSet} on {@code database}, or null when it is not refused. */
    static String refusal(ChangeSet changeSet, Database database, Change change) {
        if (!(database instanceof SQLiteDatabase)) {
            return null;
        }
        String type = Scope.getCurrentScope().getSingleton(ChangeFactory.class).getChangeMetaData(change).getName();
        return SqliteHazard.of(type).map(hazard -> "changeset " + changeSet.getId() + " (" + changeSet.getFilePath()
                + "): " + hazard.refusal()).orElse(null);
    }

    private static final class Visitor extends ValidatingVisitor {

        Visitor(List<RanChangeSet> ranChangeSets) {
            super(ranChangeSets);
        }

        @Override
        protected void validateChange(ChangeSet changeSet, Database database, Change change, boolean shouldValidate) {
            String refusal = refusal(changeSet, database, change);
            if (refusal == null) {
                super.validateChange(changeSet, database, change, shouldValidate);
            } else if (shouldValidate) {
                // As Liquibase treats any validation error: onValidationFail MARK_RAN skips the changeset.
                if (changeSet.getOnValidationFail() == ChangeSet.ValidationFailOption.MARK_RAN) {
                    Scope.getCurrentScope().getLog(getClass()).info("Skipping changeset " + changeSet
                            + " due to validation error(s): " + refusal);
                    changeSet.setValidationFailed(true);
                } else {
                    getValidationErrors().addError(refusal, changeSet);
                }
            }
        }

        /**
         * Liquibase validates a rollback block's changes only when it rolls back, half-way through
         * undoing a release: refuse a listed type in it now, before anything runs, whether or not the
         * changeset has run (its rollback can still be asked for).
         */
        @Override
        protected void additionalValidations(ChangeSet changeSet, Database database, boolean shouldValidate, boolean ran) {
            for (Change change : changeSet.getRollback().getChanges()) {
                String refusal = refusal(changeSet, database, change);
                if (refusal != null) {
                    getValidationErrors().addError(refusal, changeSet);
                }
            }
        }
    }
}
