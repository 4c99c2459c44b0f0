package io.posdb.lint;

import io.posdb.effect.ChangeSetEffect;
import io.posdb.failure.FailureReason;
import io.posdb.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import liquibase.change.custom.CustomSqlRollback;
import liquibase.change.custom.CustomTaskRollback;

/**
 * Every changeset can be rolled back (automatically, with a {@code rollback:} block, or by
 * a custom change implementing CustomTaskRollback), and no rollback drops a table or column
 * that may hold business data: Liquibase's automatic rollback of createTable/addColumn
 * would, so those need an explicit rollback (DropTableIfEmpty). Whether a rollback that ran on the
 * scratch database gave back the state before its changeset is observed ({@code rollbackRestores}).
 */
final class RollbackRules implements ChangeSetRules {

    /** Types Liquibase rolls back by itself without dropping anything that holds rows. */
    private static final Set<String> AUTOMATIC = Set.of("createIndex", "addForeignKeyConstraint",
            "addUniqueConstraint", "addPrimaryKey", "renameColumn", "renameTable", "renameView", "createView",
            "createSequence", "tagDatabase", "empty", "addNotNullConstraint", "addDefaultValue", "addLookupTable",
            "output", "createProcedure");
    /** Automatic rollbacks that drop what the change created, with any rows written since. */
    private static final Set<String> AUTOMATIC_DROPS = Set.of("createTable", "addColumn");

    /** Problems named in a finding; the rest are counted. */
    private static final int PROBLEMS_NAMED = 3;

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        YamlNode rollback = changeSet.rollback();
        if (rollback.exists()) {
            restores(changeSet, context.observed(changeSet), findings);
            checkRollbackBlock(changeSet, rollback, findings);
            return;
        }
        List<Finding> text = new ArrayList<>();
        checkAutomatic(changeSet, text);
        // Without a rollback, running one on the scratch fails in Liquibase's words ("No inverse to
        // liquibase.change.core.RawSQLChange"): NO_ROLLBACK says it once, in ours, with what to add.
        if (text.stream().noneMatch(f -> f.rule() == Rule.NO_ROLLBACK)) {
            restores(changeSet, context.observed(changeSet), findings);
        }
        findings.addAll(text);
    }

    /** The changes' own rollbacks, where there is no {@code rollback:} block. */
    private static void checkAutomatic(LintChangeSet changeSet, List<Finding> findings) {
        for (LintChange change : changeSet.changes()) {
            if (AUTOMATIC_DROPS.contains(change.type())) {
                findings.add(changeSet.finding(change.line(), Rule.ROLLBACK_DROPS_DATA,
                        "the automatic rollback of " + change.type() + " on " + change.tableName()
                                + " drops it with its data"));
            } else if (change.type().equals("customChange")) {
                checkCustomChange(changeSet, change, findings);
            } else if (!AUTOMATIC.contains(change.type())) {
                findings.add(changeSet.finding(change.line(), Rule.NO_ROLLBACK,
                        "changeset " + changeSet.id() + " cannot be rolled back: " + change.type()
                                + " has no automatic rollback and there is no rollback: block"));
            }
        }
    }

    /**
     * The rollback, applied on the scratch database right after the changeset, must give back the
     * catalog and the rows from before it (archive tables and archived rows are kept by design).
     */
    private static void restores(LintChangeSet changeSet, ChangeSetEffect effect, List<Finding> findings) {
        if (effect == null || !Boolean.FALSE.equals(effect.rollbackRestores())) {
            return;
        }
        List<String> problems = effect.rollbackProblems();
        String named = String.join("; ", problems.subList(0, Math.min(PROBLEMS_NAMED, problems.size())))
                + (problems.size() > PROBLEMS_NAMED ? "; and " + (problems.size() - PROBLEMS_NAMED) + " more" : "");
        findings.add(changeSet.finding(changeSet.lineOf("rollback"), Rule.ROLLBACK_DOES_NOT_RESTORE,
                "the rollback of " + changeSet.id() + " does not give back the state before it on the scratch database: "
                        + named));
    }

    private static void checkRollbackBlock(LintChangeSet changeSet, YamlNode rollback, List<Finding> findings) {
        if (rollback.text() != null) {
            // A rollback's SQL, split as a sql change with Liquibase's defaults.
            new SqlText(SqlScript.statements(rollback.text())).destructions()
                    .forEach(d -> findings.add(rollbackDrops(changeSet, rollback.line(), d)));
        }
        for (LintChange change : LintChange.of(rollback)) {
            switch (change.type()) {
                case "dropTable", "dropColumn", "delete" -> findings.add(changeSet.finding(change.line(),
                        Rule.ROLLBACK_DROPS_DATA, "the rollback of " + changeSet.id() + " runs " + change.type()
                                + " on " + change.tableName() + ", which may hold business data"));
                case "sql" -> SqlText.of(change).destructions().forEach(d -> findings.add(rollbackDrops(changeSet,
                        change.line(), d)));
                default -> {
                }
            }
        }
    }

    private static Finding rollbackDrops(LintChangeSet changeSet, int line, SqlText.Destruction d) {
        return changeSet.finding(line, Rule.ROLLBACK_DROPS_DATA, "the rollback of " + changeSet.id()
                + " " + d.what() + " " + d.table() + ", which may hold business data");
    }

    private static void checkCustomChange(LintChangeSet changeSet, LintChange change, List<Finding> findings) {
        String name = change.customClass();
        try {
            // The loader Liquibase's parser loaded the change with when the changelog was read.
            Class<?> type = Class.forName(name, false, liquibase.Scope.getCurrentScope().getClassLoader());
            if (!CustomTaskRollback.class.isAssignableFrom(type) && !CustomSqlRollback.class.isAssignableFrom(type)) {
                findings.add(changeSet.finding(change.line(), Rule.NO_ROLLBACK, "changeset "
                        + changeSet.id() + " cannot be rolled back: " + name + " does not implement CustomTaskRollback "
                        + "and there is no rollback: block"));
            }
        } catch (ClassNotFoundException | LinkageError e) {
            findings.add(changeSet.finding(change.line(), Rule.NO_ROLLBACK, "changeset "
                    + changeSet.id() + ": custom change class " + name + " is not on the classpath, so its rollback "
                    + "cannot be checked (" + FailureReason.of(e) + ")"));
        }
    }
}
