package io.posdb.lint;

import io.posdb.changelog.DataChanges;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What lint needs to know about the SQL in a changeset, by statement: which tables it
 * drops, deletes from or truncates, whether it writes rows, what it adds to an existing
 * table, which columns it gives a new type. The statements are Liquibase's own split ({@link SqlScript}:
 * splitStatements, endDelimiter, strings, comments, BEGIN ... END), and only their SQL words are read:
 * comments and string literals are removed first, so a trigger whose message says
 * 'DELETE FROM sale is refused' deletes nothing, and a trigger body is not a statement.
 */
final class SqlText {

    private static final String NAME = SqlIdentifiers.NAME_IN_SQL;
    private static final Pattern DROP_TABLE = Pattern.compile("(?is)^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME);
    private static final Pattern DROP_COLUMN = Pattern.compile(
            "(?is)^ALTER\\s+TABLE\\s+" + NAME + ".*?\\bDROP\\s+(?:COLUMN\\s+)?(?!(?:CONSTRAINT|DEFAULT|NOT|IDENTITY|EXPRESSION)\\b)(?:IF\\s+EXISTS\\s+)?" + NAME);
    private static final Pattern DELETE = Pattern.compile("(?is)^DELETE\\s+FROM\\s+" + NAME);
    private static final Pattern TRUNCATE = Pattern.compile("(?is)^TRUNCATE\\s+(?:TABLE\\s+)?" + NAME);
    private static final Pattern ALTER = Pattern.compile("(?is)^ALTER\\s+TABLE\\s+(?:ONLY\\s+)?" + NAME + "(.*)");
    private static final Pattern ADD_NOT_NULL_COLUMN = Pattern.compile("(?is)\\bADD\\s+(?:COLUMN\\s+)?(?!CONSTRAINT\\b)"
            + NAME + "[^,]*\\bNOT\\s+NULL\\b[^,]*");
    private static final Pattern SET_NOT_NULL = Pattern.compile("(?is)\\bALTER\\s+(?:COLUMN\\s+)?" + NAME
            + "\\s+SET\\s+NOT\\s+NULL\\b");
    /**
     * ALTER [COLUMN] c [SET DATA] TYPE t: the type up to its parenthesised length or precision, without what USING
     * or COLLATE adds (a cast in USING names a type too, not the column's).
     */
    private static final Pattern SET_TYPE = Pattern.compile("(?is)\\bALTER\\s+(?:COLUMN\\s+)?" + NAME
            + "\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+((?:(?!\\b(?:USING|COLLATE)\\b)[^,(])*(?:\\([^)]*\\))?)");
    private static final Pattern ADD_UNIQUE = Pattern.compile("(?is)\\bADD\\s+(?:CONSTRAINT\\s+\\S+\\s+)?UNIQUE\\b");
    private static final Pattern ADD_CHECK = Pattern.compile("(?is)\\bADD\\s+(?:CONSTRAINT\\s+\\S+\\s+)?CHECK\\b");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME);
    private static final Pattern UNIQUE_INDEX = Pattern.compile("(?is)^CREATE\\s+UNIQUE\\s+INDEX\\s+.*?\\bON\\s+" + NAME);

    /** A destructive statement: what it does, to which table. */
    record Destruction(String what, String table) {
    }

    private final List<String> statements;

    /** The statements of SQL split as Liquibase runs it ({@link SqlScript}). */
    SqlText(List<String> statements) {
        this.statements = statements.stream().map(s -> SqlScript.withoutCommentsOrLiterals(s).trim())
                .filter(s -> !s.isEmpty()).toList();
    }

    /** A change's SQL, split as Liquibase runs it (its splitStatements and endDelimiter); none for other types. */
    static SqlText of(LintChange change) {
        return new SqlText(SqlScript.statements(change.sql(), change.splitsStatements(),
                change.body().text("endDelimiter")));
    }

    List<Destruction> destructions() {
        List<Destruction> found = new ArrayList<>();
        for (String statement : statements) {
            add(found, DROP_TABLE, statement, "drops table");
            Matcher column = DROP_COLUMN.matcher(statement);
            if (column.find() && SqlIdentifiers.isBusinessTable(column.group(1))) {
                found.add(new Destruction("drops column " + column.group(2) + " of", column.group(1)));
            }
            add(found, DELETE, statement, "deletes rows from");
            add(found, TRUNCATE, statement, "truncates");
        }
        return found;
    }

    private static void add(List<Destruction> found, Pattern pattern, String statement, String what) {
        Matcher m = pattern.matcher(statement);
        if (m.find() && SqlIdentifiers.isBusinessTable(m.group(1))) {
            found.add(new Destruction(what, m.group(1)));
        }
    }

    /** A statement writes rows, as the changeset's recorded account judges it ({@link DataChanges}). */
    boolean writesRows() {
        return statements.stream().anyMatch(DataChanges::writesRows);
    }

    /** Tables given a new NOT NULL column without DEFAULT by ALTER TABLE ... ADD. */
    List<String> notNullWithoutDefault() {
        return tables(statement -> altered(statement, change -> ADD_NOT_NULL_COLUMN.matcher(change).results()
                .anyMatch(add -> !add.group().toUpperCase(Locale.ROOT).contains("DEFAULT"))));
    }

    /**
     * The existing columns ({@code table.column}) ALTER TABLE ... ALTER COLUMN ... SET NOT NULL makes NOT NULL: not
     * a new column without a value (the rows have theirs) but one whose NULLs fail it, which a verification before
     * it rules out.
     */
    List<String> madeNotNull() {
        return alterations(SET_NOT_NULL, (alter, made) -> alter.group(1) + "." + made.group(1));
    }

    /** A column ALTER TABLE gives a new type: its table and name as the SQL writes them, and the type. */
    record Retyped(String table, String column, String type) {
    }

    /** The columns ALTER TABLE ... ALTER COLUMN ... TYPE (or SET DATA TYPE) gives a new type, in statement order. */
    List<Retyped> retyped() {
        return alterations(SET_TYPE,
                (alter, type) -> new Retyped(alter.group(1), type.group(1), type.group(2).strip()));
    }

    /** Tables given a unique index or constraint. */
    List<String> uniqueAdded() {
        return tables(statement -> {
            Matcher index = UNIQUE_INDEX.matcher(statement);
            return index.find() ? index.group(1) : altered(statement, change -> ADD_UNIQUE.matcher(change).find());
        });
    }

    /** A CHECK that ALTER TABLE adds: its table, and the statement's text from the CHECK on (its expression first). */
    record AddedCheck(String table, String fromCheck) {
    }

    /** The CHECK constraints ALTER TABLE adds, in statement order. */
    List<AddedCheck> checksAdded() {
        return alterations(ADD_CHECK,
                (alter, check) -> new AddedCheck(alter.group(1), alter.group(2).substring(check.end())));
    }

    /** Tables created by CREATE TABLE in this SQL. */
    List<String> createdTables() {
        return tables(statement -> {
            Matcher m = CREATE_TABLE.matcher(statement);
            return m.find() ? m.group(1) : null;
        });
    }

    /** The table each statement names for {@code tableOf} (null: none), in statement order. */
    private List<String> tables(Function<String, String> tableOf) {
        return statements.stream().map(tableOf).filter(Objects::nonNull).toList();
    }

    /**
     * What {@code read} makes of each match of {@code change} in the changes of each ALTER TABLE (the text after the
     * table's name), in statement order: {@code read} is given the ALTER TABLE (group 1 its table, group 2 its
     * changes) and the match.
     */
    private <T> List<T> alterations(Pattern change, BiFunction<MatchResult, MatchResult, T> read) {
        List<T> found = new ArrayList<>();
        for (String statement : statements) {
            Matcher alter = ALTER.matcher(statement);
            if (alter.matches()) {
                MatchResult altered = alter.toMatchResult();
                change.matcher(altered.group(2)).results().forEach(match -> found.add(read.apply(altered, match)));
            }
        }
        return found;
    }

    /** The table of an ALTER TABLE whose changes (the text after the name) match {@code changes}; else null. */
    private static String altered(String statement, Predicate<String> changes) {
        Matcher alter = ALTER.matcher(statement);
        return alter.matches() && changes.test(alter.group(2)) ? alter.group(1) : null;
    }
}
