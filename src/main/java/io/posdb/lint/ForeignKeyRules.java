package io.posdb.lint;

import io.posdb.database.Engine;
import io.posdb.effect.ChangeSetEffect;
import io.posdb.schema.SchemaCatalog;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A foreign key whose ON DELETE SET NULL (or ON UPDATE SET NULL) sits on a NOT NULL column: the changeset applies
 * on every till, and afterwards deleting the row it refers to fails on the NOT NULL (SQLite: "NOT NULL constraint
 * failed"; PostgreSQL alike), in the middle of the shop's day rather than at the upgrade. Decided from the observed
 * catalog after the changeset ({@link ChangeSetEffect#setNullOnNotNull}): one it leaves that was not there before it,
 * on the line of the change that left it. A changeset the scratch database does not run (a {@code dbms: postgresql}
 * one) is judged from its text: an {@code addForeignKeyConstraint} with SET NULL on a column that the changeset itself
 * makes NOT NULL (its own column constraints, an {@code addNotNullConstraint}) or that is NOT NULL in the catalog
 * before it. Lint runs no PostgreSQL.
 */
final class ForeignKeyRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        if (effect == null) {
            if (!changeSet.appliesTo(Engine.SQLITE)) {
                checkText(changeSet, context, findings);
            }
            return;
        }
        for (ChangeSetEffect.SetNullOnNotNull key : effect.setNullOnNotNull()) {
            findings.add(finding(changeSet, changeSet.lineOfChange(key.change()), key.table(), key.column(),
                    key.referencedTable(), key.action()));
        }
    }

    /**
     * The changeset's changes in order: the columns it makes NOT NULL or nullable so far, and each foreign key it adds
     * with SET NULL on a column NOT NULL at that point (so far in the changeset, else in the catalog before it).
     */
    private static void checkText(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        Set<String> notNullHere = new HashSet<>();
        Set<String> nullableHere = new HashSet<>();
        for (LintChange change : changeSet.changes()) {
            switch (change.type()) {
                case "createTable", "addColumn" -> change.body().get("columns").items().stream()
                        .map(item -> item.get("column")).filter(ForeignKeyRules::declaredNotNull)
                        .forEach(column -> notNullHere.add(key(change.tableName(), column.text("name"))));
                case "addNotNullConstraint" -> {
                    notNullHere.add(key(change.tableName(), change.body().text("columnName")));
                    nullableHere.remove(key(change.tableName(), change.body().text("columnName")));
                }
                case "dropNotNullConstraint" -> {
                    nullableHere.add(key(change.tableName(), change.body().text("columnName")));
                    notNullHere.remove(key(change.tableName(), change.body().text("columnName")));
                }
                case "addForeignKeyConstraint" -> {
                    String action = setNullAction(change.body());
                    String table = change.body().text("baseTableName");
                    String columns = change.body().text("baseColumnNames");
                    if (action == null || table == null || columns == null) {
                        continue;
                    }
                    for (String column : Arrays.stream(columns.split(",")).map(String::strip).toList()) {
                        SchemaCatalog.Column before = context.columnBefore(table, column, changeSet);
                        boolean notNull = notNullHere.contains(key(table, column))
                                || !nullableHere.contains(key(table, column)) && before != null && before.notNull();
                        if (notNull) {
                            findings.add(finding(changeSet, change.line(), table, column,
                                    change.body().text("referencedTableName"), action));
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A column whose constraints say NOT NULL ({@code nullable: false}, or part of the primary key). */
    private static boolean declaredNotNull(YamlNode column) {
        YamlNode constraints = column.get("constraints");
        return "false".equalsIgnoreCase(constraints.text("nullable"))
                || "true".equalsIgnoreCase(constraints.text("primaryKey"));
    }

    /** "ON DELETE SET NULL", "ON UPDATE SET NULL", both joined by "and" as the observed catalog words it, or null. */
    private static String setNullAction(YamlNode foreignKey) {
        List<String> actions = Stream.of(setsNull(foreignKey.text("onDelete")) ? "ON DELETE SET NULL" : null,
                setsNull(foreignKey.text("onUpdate")) ? "ON UPDATE SET NULL" : null).filter(Objects::nonNull).toList();
        return actions.isEmpty() ? null : String.join(" and ", actions);
    }

    private static boolean setsNull(String action) {
        return action != null && action.strip().replaceAll("\\s+", " ").equalsIgnoreCase("SET NULL");
    }

    private static String key(String table, String column) {
        return (table + "." + column).toLowerCase(Locale.ROOT);
    }

    private static Finding finding(LintChangeSet changeSet, int line, String table, String column,
                                   String referencedTable, String action) {
        return changeSet.finding(line, Rule.SET_NULL_ON_NOT_NULL_COLUMN, "changeset " + changeSet.id() + " leaves "
                + action + " on the foreign key of NOT NULL column " + table + "." + column + " (to " + referencedTable
                + "): it applies, and then " + (action.contains("DELETE") ? "deleting" : "changing the key of") + " a "
                + referencedTable + " row that a " + table + " row refers to fails on the NOT NULL");
    }
}
