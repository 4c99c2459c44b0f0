package io.posdb.lint;

import io.posdb.effect.ChangeEffect;
import io.posdb.effect.ChangeSetEffect;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.SqlScript;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Changes that succeed or fail depending on the rows a shop has: a NOT NULL column without a
 * default, a unique index or constraint without a duplicate check, a new NOT NULL, a CHECK or a shorter
 * length without a verification changeset before it that names the column (the way 0009 guards 0010, as
 * bin/new-changeset's RowsMeetNarrowing does), each on a table that existed (and,
 * on the scratch, held rows) before the changeset. Where the changeset ran on the scratch database
 * what it added is read from the observed catalogs before and after each change; the text only for
 * a changeset that did not run there (a {@code dbms: postgresql} one), a new type judged against the column's
 * declared type before it.
 */
final class DataDependentRules implements ChangeSetRules {

    /** A custom precondition's class (io.posdb.migration.data.RowsMeetNarrowing): its words name no column. */
    private static final Pattern CLASS_NAME = Pattern.compile("[\\w$]+(\\.[\\w$]+){2,}");

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        if (effect != null) {
            observed(changeSet, effect, context, findings);
        } else {
            text(changeSet, context, findings);
        }
    }

    private static void observed(LintChangeSet changeSet, ChangeSetEffect effect, LintContext context,
                                 List<Finding> findings) {
        List<LintChange> changes = changeSet.changes();
        for (ChangeEffect change : effect.changes()) {
            LintChange written = changeSet.written(changes, change);
            int line = written.line();
            String type = written.type();
            for (String tableColumn : change.addedNotNullWithoutDefault()) {
                String table = tableColumn.substring(0, tableColumn.indexOf('.'));
                String column = tableColumn.substring(tableColumn.indexOf('.') + 1);
                if (effect.existedBefore(table)) {
                    // A sql change has no columns: list, so its column's line is the change's.
                    findings.add(notNullFinding(changeSet, written.columnLine(column), type, table, column));
                }
            }
            for (String tableColumn : change.madeNotNull()) {
                String table = tableColumn.substring(0, tableColumn.indexOf('.'));
                if (type.equals("addNotNullConstraint") || effect.existedBefore(table)
                        && !verifiedBefore(tableColumn, changeSet, context)) {
                    findings.add(madeNotNullFinding(changeSet, line, type, tableColumn));
                }
            }
            change.uniqueAddedOn().stream().filter(t -> effect.existedBefore(t) && !checksDuplicates(changeSet))
                    .forEach(t -> findings.add(uniqueFinding(changeSet, line, t)));
            // table.column, or the table alone for a CHECK that names none of its columns.
            change.checkAddedOn().stream().filter(on -> effect.existedBefore(on.split("\\.", 2)[0])
                            && !verifiedBefore(on, changeSet, context))
                    .forEach(on -> findings.add(checkFinding(changeSet, line, on)));
            change.shortened().stream().filter(s -> effect.existedBefore(s.table())
                            && !verifiedBefore(s.table() + "." + s.column(), changeSet, context))
                    .forEach(s -> findings.add(shortenedFinding(changeSet, line, type, s)));
        }
    }

    private static Finding shortenedFinding(LintChangeSet changeSet, int line, String type, ChangeEffect.Shortened s) {
        String tableColumn = s.table() + "." + s.column();
        return changeSet.finding(line, Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION, (type.equals("sql") ? "SQL" : type)
                + (s.lengthBefore() == null ? " limits " + tableColumn + ", which had no length, to "
                : " shortens " + tableColumn + " from " + s.lengthBefore() + " to ") + s.lengthAfter()
                + " characters without a verification changeset before it (onFail: HALT naming " + s.table() + " and "
                + s.column() + "): SQLite keeps a longer value silently, PostgreSQL's upgrade fails on it");
    }

    private static Finding notNullFinding(LintChangeSet changeSet, int line, String type, String table, String column) {
        return changeSet.finding(line, Rule.NOT_NULL_WITHOUT_DEFAULT, type.equals("sql")
                ? "SQL makes a column of existing table " + table + " NOT NULL without a default"
                : type + " adds NOT NULL column " + table + "." + column + " without a default: existing rows have no value");
    }

    private static Finding madeNotNullFinding(LintChangeSet changeSet, int line, String type, String tableColumn) {
        return changeSet.finding(line, Rule.ADD_NOT_NULL_CONSTRAINT, type.equals("addNotNullConstraint")
                ? "addNotNullConstraint on " + tableColumn + " fails on any row holding NULL"
                : (type.equals("sql") ? "SQL" : type) + " makes " + tableColumn + " NOT NULL, which fails on any row holding NULL");
    }

    private static Finding uniqueFinding(LintChangeSet changeSet, int line, String table) {
        return changeSet.finding(line, Rule.UNIQUE_WITHOUT_DUPLICATE_CHECK, "unique index or constraint "
                + "on existing table " + table + " without a precondition that checks for duplicates");
    }

    /** {@code on}: the table, or {@code table.column} of the column the CHECK is about. */
    private static Finding checkFinding(LintChangeSet changeSet, int line, String on) {
        String[] tableColumn = on.split("\\.", 2);
        return changeSet.finding(line, Rule.CHECK_WITHOUT_VERIFICATION, tableColumn.length == 1
                ? "CHECK constraint on existing table " + on + " without a verification changeset before it"
                : "CHECK constraint on " + on + " of existing table " + tableColumn[0] + " without a verification "
                        + "changeset before it naming " + tableColumn[0] + " and " + tableColumn[1]);
    }

    /** A changeset that did not run on the scratch database: what its text says it adds. */
    private static void text(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        for (LintChange change : changeSet.changes()) {
            String table = change.tableName();
            SqlText sql = SqlText.of(change);
            if (change.type().equals("addColumn") && context.existsBefore(table, changeSet)) {
                notNullColumns(changeSet, change, findings);
            }
            if (change.type().equals("addNotNullConstraint")) {
                findings.add(madeNotNullFinding(changeSet, change.line(), change.type(),
                        table + "." + change.body().text("columnName")));
            }
            sql.notNullWithoutDefault().stream().filter(t -> context.existsBefore(t, changeSet))
                    .forEach(t -> findings.add(notNullFinding(changeSet, change.line(), "sql", t, null)));
            // As the observed path judges a column made NOT NULL: guarded by an earlier HALT naming the table and
            // the column (the generator's RowsMeetNarrowing, as 0009 guards 0010), it cannot fail half way.
            for (String tableColumn : sql.madeNotNull()) {
                String made = tableColumn.substring(0, tableColumn.indexOf('.'));
                if (context.existsBefore(made, changeSet) && !verifiedBefore(tableColumn, changeSet, context)) {
                    findings.add(madeNotNullFinding(changeSet, change.line(), "sql", tableColumn));
                }
            }
            boolean uniqueChange = change.type().equals("addUniqueConstraint")
                    || change.type().equals("createIndex") && "true".equalsIgnoreCase(change.body().text("unique"));
            List<String> unique = uniqueChange ? List.of(table) : sql.uniqueAdded();
            unique.stream().filter(t -> context.existsBefore(t, changeSet) && !checksDuplicates(changeSet))
                    .forEach(t -> findings.add(uniqueFinding(changeSet, change.line(), t)));
            List<String> checks = change.isRebuild() && containsCheck(change.body().text("createTableSql"))
                    ? List.of(table) : sql.checksAdded().stream().map(check -> checkOn(check, changeSet, context)).toList();
            checks.stream().filter(on -> context.existsBefore(on.split("\\.", 2)[0], changeSet)
                            && !verifiedBefore(on, changeSet, context))
                    .forEach(on -> findings.add(checkFinding(changeSet, change.line(), on)));
            List<SqlText.Retyped> retyped = change.type().equals("modifyDataType") ? List.of(new SqlText.Retyped(
                    table, change.body().text("columnName"), change.body().text("newDataType"))) : sql.retyped();
            retyped.stream().map(r -> shortened(r, changeSet, context)).filter(Objects::nonNull)
                    .filter(s -> !verifiedBefore(s.table() + "." + s.column(), changeSet, context))
                    .forEach(s -> findings.add(shortenedFinding(changeSet, change.line(), change.type(), s)));
        }
    }

    /**
     * A column given a shorter declared length than it had before the changeset (or a length where it had none,
     * {@link SchemaCatalog.Column#shorterThan}, as the observed path judges it), or null: a widening, a type without
     * a length, or a column lint does not know. Before a changeset of another engine the declared type is SQLite's,
     * which for a text column carries the length the changelog gave it on PostgreSQL too.
     */
    private static ChangeEffect.Shortened shortened(SqlText.Retyped retyped, LintChangeSet changeSet,
                                                    LintContext context) {
        SchemaCatalog.Column before = retyped.table() == null || retyped.column() == null || retyped.type() == null
                ? null : context.columnBefore(retyped.table(), retyped.column(), changeSet);
        if (before == null) {
            return null;
        }
        SchemaCatalog.Column after = before.withType(retyped.type());
        return after.shorterThan(before)
                ? new ChangeEffect.Shortened(retyped.table(), before.name(), before.length(), after.length()) : null;
    }

    /**
     * What a CHECK is about, as the observed catalog labels it: {@code table.column} of the first of the table's
     * columns its expression names; the table alone when it names none, or lint does not know the table's columns.
     */
    private static String checkOn(SqlText.AddedCheck check, LintChangeSet changeSet, LintContext context) {
        List<String> columns = context.columnsBefore(check.table(), changeSet);
        return columns == null ? check.table() : columns.stream()
                .map(column -> Map.entry(firstMention(check.fromCheck(), column), column))
                .filter(mention -> mention.getKey() >= 0)
                .min(Map.Entry.comparingByKey()).map(first -> check.table() + "." + first.getValue())
                .orElse(check.table());
    }

    private static void notNullColumns(LintChangeSet changeSet, LintChange change, List<Finding> findings) {
        for (YamlNode item : change.body().get("columns").items()) {
            YamlNode column = item.get("column");
            boolean notNull = "false".equalsIgnoreCase(column.get("constraints").text("nullable"));
            boolean hasDefault = column.keys().stream().anyMatch(k -> k.startsWith("defaultValue"));
            if (notNull && !hasDefault) {
                findings.add(notNullFinding(changeSet, item.line(), "addColumn", change.tableName(), column.text("name")));
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
                || preconditions.scalars().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains("HAVING"));
    }

    /**
     * An earlier changeset halting the update (onFail: HALT) whose precondition names what is narrowed: {@code
     * table.column} (RowsMeetNarrowing's tableName and columnName, or SQL naming both), or {@code table} alone
     * where lint cannot tell the column. A guard of another column of the same table does not check this one's rows.
     */
    private static boolean verifiedBefore(String narrowed, LintChangeSet changeSet, LintContext context) {
        List<String> names = List.of(narrowed.split("\\.", 2));
        // Each name is a scalar of the precondition, or named in it as a word of SQL (quoted, qualified, in
        // parentheses or between spaces), not a class name's part.
        return context.before(changeSet).stream().anyMatch(earlier -> "HALT".equalsIgnoreCase(earlier.onFail())
                && names.stream().allMatch(name -> earlier.preConditions().scalars()
                        .filter(s -> !CLASS_NAME.matcher(s).matches()).anyMatch(s -> firstMention(s, name) >= 0)));
    }

    /**
     * Where {@code text} first names {@code name} as a word, in any case: not inside a longer name (no letter,
     * digit, _ or $ of SQL's names either side); -1 where it does not. A walk, not a regular expression compiled
     * for each name at each call: lint asks it for every column of a table against every CHECK and precondition.
     */
    private static int firstMention(String text, String name) {
        for (int at = 0; at + name.length() <= text.length(); at++) {
            if (text.regionMatches(true, at, name, 0, name.length())
                    && !isNameCharacter(text, at - 1) && !isNameCharacter(text, at + name.length())) {
                return at;
            }
        }
        return -1;
    }

    /** The character at {@code at} continues a name ([A-Za-z0-9_$], as a regular expression's \w and $). */
    private static boolean isNameCharacter(String text, int at) {
        if (at < 0 || at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return c == '_' || c == '$' || (c < 128 && Character.isLetterOrDigit(c));
    }
}
