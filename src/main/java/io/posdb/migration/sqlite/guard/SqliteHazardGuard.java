package io.posdb.migration.sqlite.guard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import liquibase.Scope;
import liquibase.change.Change;
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

    /**
     * The listed hazard {@code change} is on {@code database} ({@link SqliteHazard#of(Change)}: its type, or for an
     * {@code sql} or {@code sqlFile} change its unsplit statements): none on a database other than SQLite.
     */
    static Optional<SqliteHazard> hazard(Database database, Change change) {
        return database instanceof SQLiteDatabase ? SqliteHazard.of(change) : Optional.empty();
    }

    /**
     * The refusal of {@code hazard} in {@code changeSet}, saying where it is when its rollback block has it: the
     * operator reads one line for a type the changeset uses in its changes and its rollback alike, and knows which
     * block to rewrite (lint gives each its line).
     */
    static String refusal(ChangeSet changeSet, SqliteHazard hazard, boolean inChanges, boolean inRollback) {
        String where = !inRollback ? "" : inChanges ? ", in its changes and in its rollback" : ", in its rollback";
        return "changeset " + changeSet.getId() + " (" + changeSet.getFilePath() + ")" + where + ": "
                + hazard.refusal();
    }

    private static final class Visitor extends ValidatingVisitor {

        /**
         * The hazards the changes of the changeset being validated use, in order, each once: refused in
         * {@link #additionalValidations}, which Liquibase calls after the changes, with its rollback's.
         */
        private final Set<SqliteHazard> inChanges = new LinkedHashSet<>();

        Visitor(List<RanChangeSet> ranChangeSets) {
            super(ranChangeSets);
        }

        @Override
        protected void validateChange(ChangeSet changeSet, Database database, Change change, boolean shouldValidate) {
            Optional<SqliteHazard> hazard = hazard(database, change);
            if (hazard.isEmpty()) {
                super.validateChange(changeSet, database, change, shouldValidate);
            } else if (shouldValidate) {
                inChanges.add(hazard.get());
            }
        }

        /**
         * The refusals of the changeset's changes, and of its rollback block: Liquibase validates a rollback block's
         * changes only when it rolls back, half-way through undoing a release, so a listed type in it is refused
         * now, before anything runs, whether or not the changeset has run (its rollback can still be asked for).
         * A type in both is one refusal that says so.
         */
        @Override
        protected void additionalValidations(ChangeSet changeSet, Database database, boolean shouldValidate,
                boolean ran) {
            Set<SqliteHazard> refusedChanges = new LinkedHashSet<>(inChanges);
            inChanges.clear();
            Set<SqliteHazard> inRollback = new LinkedHashSet<>();
            for (Change change : changeSet.getRollback().getChanges()) {
                hazard(database, change).ifPresent(inRollback::add);
            }
            // As Liquibase treats any validation error: onValidationFail MARK_RAN skips the changeset. Its rollback
            // block stays refused: a rollback to before the skipped changeset would still run it.
            boolean skipped = !refusedChanges.isEmpty()
                    && changeSet.getOnValidationFail() == ChangeSet.ValidationFailOption.MARK_RAN;
            for (SqliteHazard hazard : refusedChanges) {
                if (skipped) {
                    Scope.getCurrentScope().getLog(getClass()).info("Skipping changeset " + changeSet
                            + " due to validation error(s): " + refusal(changeSet, hazard, true, false));
                    changeSet.setValidationFailed(true);
                } else {
                    getValidationErrors().addError(refusal(changeSet, hazard, true, inRollback.remove(hazard)),
                            changeSet);
                }
            }
            for (SqliteHazard hazard : inRollback) {
                getValidationErrors().addError(refusal(changeSet, hazard, false, true), changeSet);
            }
        }
    }
}
