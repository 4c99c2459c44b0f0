package io.posdb.lint;

import io.posdb.sql.SqlScript;
import java.util.List;
import java.util.Locale;

/**
 * Changes that succeed or fail depending on the rows a shop has: NOT NULL without a
 * default, a unique index on an existing table without a duplicate check, a CHECK without
 * a verification changeset before it (the way 0009 guards 0010).
 */
final class DataDependentRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        KnownTables tables = context.tables();
        for (LintChange change : changeSet.changes()) {
            String table = change.tableName();
            SqlText sql = SqlText.of(change);
            if (change.type().equals("addColumn") && tables.existsBefore(table, changeSet)) {
                notNullColumns(changeSet, change, findings);
            }
            if (change.type().equals("addNotNullConstraint")) {
                findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.ADD_NOT_NULL_CONSTRAINT,
                        "addNotNullConstraint on " + table + "." + change.body().text("columnName")
                                + " fails on any row holding NULL"));
            }
            sql.notNullWithoutDefault().stream().filter(t -> tables.existsBefore(t, changeSet)).forEach(t ->
                    findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.NOT_NULL_WITHOUT_DEFAULT,
                            "SQL makes a column of existing table " + t + " NOT NULL without a default")));
            boolean uniqueChange = change.type().equals("addUniqueConstraint")
                    || change.type().equals("createIndex") && "true".equalsIgnoreCase(change.body().text("unique"));
            List<String> unique = uniqueChange ? List.of(table) : sql.uniqueAdded();
            unique.stream().filter(t -> tables.existsBefore(t, changeSet) && !checksDuplicates(changeSet)).forEach(t ->
                    findings.add(ChangeSetRules.finding(changeSet, change.line(), Rule.UNIQUE_WITHOUT_DUPLICATE_CHECK,
                            "unique index or constraint on existing table " + t
                                    + " without a precondition that checks for duplicates")));
            List<String> checks = change.isRebuild() && containsCheck(change.body().text("createTableSql"))
                    ? List.of(table) : sql.checkAdded();
            checks.stream().filter(t -> tables.existsBefore(t, changeSet) && !verifiedBefore(t, changeSet, context))
                    .forEach(t -> findings.add(ChangeSetRules.finding(changeSet, change.line(),
                            Rule.CHECK_WITHOUT_VERIFICATION, "CHECK constraint on existing table " + t
                                    + " without a verification changeset before it")));
        }
    }

    private static void notNullColumns(LintChangeSet changeSet, LintChange change, List<Finding> findings) {
        for (YamlNode item : change.body().get("columns").items()) {
            YamlNode column = item.get("column");
            boolean notNull = "false".equalsIgnoreCase(column.get("constraints").text("nullable"));
            boolean hasDefault = column.keys().stream().anyMatch(k -> k.startsWith("defaultValue"));
            if (notNull && !hasDefault) {
                findings.add(ChangeSetRules.finding(changeSet, item.line(), Rule.NOT_NULL_WITHOUT_DEFAULT,
                        "addColumn adds NOT NULL column " + change.tableName() + "." + column.text("name")
                                + " without a default: existing rows have no value"));
            }
        }
    }

    private static boolean containsCheck(String sql) {
        return sql != null && SqlScript.withoutCommentsOrLiterals(sql).toUpperCase(Locale.ROOT)
                .matches("(?s).*\\bCHECK\\s*\\(.*");
    }

    /** A precondition that counts duplicates (HAVING) or a custom precondition. */
    private static boolean checksDuplicates(LintChangeSet changeSet) {
        YamlNode preconditions = changeSet.preConditions();
        return preconditions.find("customPrecondition").exists()
                || preconditions.scalars().stream().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains("HAVING"));
    }

    /** An earlier changeset halting the update (onFail: HALT) whose precondition names the table. */
    private static boolean verifiedBefore(String table, LintChangeSet changeSet, LintContext context) {
        return context.before(changeSet).stream().anyMatch(earlier -> "HALT".equalsIgnoreCase(earlier.onFail())
                && earlier.preConditions().scalars().stream().anyMatch(s -> mentions(s, table)));
    }

    private static boolean mentions(String text, String table) {
        return text.equalsIgnoreCase(table)
                || text.toLowerCase(Locale.ROOT).matches("(?s).*[\"`\\s]" + java.util.regex.Pattern.quote(table.toLowerCase(Locale.ROOT)) + "[\"`\\s].*");
    }
}
