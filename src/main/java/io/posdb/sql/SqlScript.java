package io.posdb.sql;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.core.SQLFileChange;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.util.StringUtil;
import liquibase.util.grammar.SimpleCharStream;
import liquibase.util.grammar.SimpleSqlGrammarConstants;
import liquibase.util.grammar.SimpleSqlGrammarTokenManager;
import liquibase.util.grammar.Token;

/**
 * SQL text read the way Liquibase reads it when it runs a {@code sql} change: the one place
 * that splits SQL into statements and tells comments and string literals from SQL words
 * (issue 20 §4). It uses Liquibase's own splitter and tokenizer, so what lint and drift see in
 * a changeset is what Liquibase executes: {@code splitStatements}, {@code endDelimiter},
 * quoted strings (a {@code ;} or {@code --} inside {@code '...'} is text), comments and
 * {@code BEGIN ... END} bodies (a trigger is one statement).
 */
public final class SqlScript {

    /** A name, bare or quoted, that does not continue a word or a number ({@code 1e5} names nothing). */
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_$])" + SqlIdentifiers.NAME_IN_SQL);

    private SqlScript() {
    }

    /**
     * The statements Liquibase runs for this SQL, comments removed: split on {@code ;} (or
     * {@code endDelimiter}) outside strings, comments and BEGIN ... END, or the whole text as
     * one statement when {@code splitStatements} is false.
     */
    public static List<String> statements(String sql, boolean splitStatements, String endDelimiter) {
        if (sql == null || sql.isBlank()) {
            return List.of();
        }
        return List.of(StringUtil.processMultiLineSQL(sql, true, splitStatements, endDelimiter, null));
    }

    /**
     * How many statements SQLite reads in this text, by SQLite's own rule ({@code sqlite3_complete}): a {@code ;}
     * outside strings, quoted names and comments ends a statement, except inside a CREATE [TEMP] TRIGGER, which ends
     * only at {@code ; END ;} (or {@code ; END} at the end), so a trigger's body is one statement whatever its
     * {@code CASE ... END}s. Comments and empty statements (a trailing {@code ;}) are not counted. Liquibase's
     * splitter is not used here: it ends a trigger at a CASE's END, and this count judges an unsplit block, which
     * Liquibase hands to SQLite whole.
     */
    public static int sqliteStatementCount(String sql) {
        if (sql == null || sql.isBlank()) {
            return 0;
        }
        int count = 0;
        List<String> leadingWords = new ArrayList<>();
        boolean inTrigger = false;
        boolean afterSemicolonInTrigger = false;
        boolean afterEndInTrigger = false;
        for (Token token : tokens(sql)) {
            if (token.image.isBlank() || token.kind == SimpleSqlGrammarConstants.LINE_COMMENT
                    || token.kind == SimpleSqlGrammarConstants.MULTI_LINE_COMMENT) {
                continue;
            }
            if (token.image.equals(";")) {
                if (inTrigger && !afterEndInTrigger) {
                    afterSemicolonInTrigger = true;
                    continue;
                }
                if (!leadingWords.isEmpty()) {
                    count++;
                }
                leadingWords.clear();
                inTrigger = afterSemicolonInTrigger = afterEndInTrigger = false;
                continue;
            }
            if (inTrigger) {
                afterEndInTrigger = afterSemicolonInTrigger && token.image.equalsIgnoreCase("END");
                afterSemicolonInTrigger = false;
            }
            if (leadingWords.size() < 6) {
                leadingWords.add(token.image.toUpperCase(Locale.ROOT));
                inTrigger = isTriggerStart(leadingWords);
            }
        }
        return leadingWords.isEmpty() ? count : count + 1;
    }

    /** EXPLAIN [QUERY PLAN] aside, CREATE [TEMP | TEMPORARY] TRIGGER: sqlite3_complete's test. */
    private static boolean isTriggerStart(List<String> words) {
        List<String> rest = words.stream().dropWhile(w -> w.equals("EXPLAIN") || w.equals("QUERY") || w.equals("PLAN"))
                .toList();
        return rest.size() >= 2 && rest.get(0).equals("CREATE")
                && (rest.get(1).equals("TRIGGER")
                || rest.size() >= 3 && (rest.get(1).equals("TEMP") || rest.get(1).equals("TEMPORARY"))
                && rest.get(2).equals("TRIGGER"));
    }

    /**
     * The SQL a {@code sql} or {@code sqlFile} change runs: an sqlFile's is its file as Liquibase reads it, through
     * the scope's resource accessor (relative to its changelog when it says so): call it inside the scope that read
     * the changelog. Null for an sqlFile whose file Liquibase cannot read (its validation refuses the change, naming
     * the path). The one reading of an sqlFile, for the SQLite guard, lint and a till's account of data changes.
     */
    public static String sqlOf(AbstractSQLChange change) {
        if (!(change instanceof SQLFileChange file)) {
            return change.getSql();
        }
        try {
            return file.getSql();
        } catch (UnexpectedLiquibaseException missing) {
            return null;
        }
    }

    /**
     * The statements a {@code sql} or {@code sqlFile} change runs ({@link #sqlOf}), split as it says
     * ({@code splitStatements}, by default true; {@code endDelimiter}); null when an sqlFile's file cannot be read.
     */
    public static List<String> statements(AbstractSQLChange change) {
        String sql = sqlOf(change);
        boolean split = change.isSplitStatements() == null || change.isSplitStatements();
        return sql == null ? null : statements(sql, split, change.getEndDelimiter());
    }

    /** The statements of a {@code sql} change with Liquibase's defaults (split on {@code ;}). */
    public static List<String> statements(String sql) {
        return statements(sql, true, null);
    }

    /** The SQL without its comments; string literals and quoted names stay as written. */
    public static String withoutComments(String sql) {
        return rewrite(sql, false);
    }

    /**
     * Only the SQL's own words: comments removed and each string literal emptied to {@code ''},
     * so that {@code 'DELETE FROM sale'} or {@code -- DROP TABLE} is not read as a statement.
     * Quoted names ({@code "sale"}) stay: they are SQL.
     */
    public static String withoutCommentsOrLiterals(String sql) {
        return rewrite(sql, true);
    }

    /**
     * The names the SQL uses, in order, keywords and functions included, each without its quotes ({@code "stock"} is
     * {@code stock}); a name inside a string literal or a comment is text, not a name ({@code 'stock'} names nothing).
     */
    public static List<String> names(String sql) {
        return NAME.matcher(withoutCommentsOrLiterals(sql)).results().map(name -> name.group(1)).toList();
    }

    /**
     * The items of a comma-separated list, such as a CREATE TABLE's body (its column definitions and table
     * constraints), each as written (comments included) and stripped: split at the commas outside
     * parentheses, string literals, quoted names and comments. Empty items are left out.
     */
    public static List<String> listItems(String list) {
        return splitOutsideParentheses(list, ","::equals).stream().map(String::strip).filter(item -> !item.isEmpty())
                .toList();
    }

    /**
     * The terms of one item of such a list (a column definition), as written: split at the spaces outside
     * parentheses, string literals and quoted names, a parenthesised group kept whole and joined to the word it
     * follows without a space ({@code VARCHAR(40)}, {@code CHECK}, {@code (quantity > 0)}).
     */
    public static List<String> terms(String item) {
        return splitOutsideParentheses(item, String::isBlank);
    }

    /**
     * The text between the tokens {@code separator} accepts outside parentheses, each as written; empty ones left
     * out. A literal, a quoted name or a comment is one token: its own parentheses, commas and spaces are text.
     */
    private static List<String> splitOutsideParentheses(String sql, Predicate<String> separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int depth = 0;
        for (Token token : tokens(sql)) {
            if (depth == 0 && separator.test(token.image)) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            switch (token.image) {
                case "(" -> depth++;
                case ")" -> depth--;
                default -> { }
            }
            part.append(token.image);
        }
        parts.add(part.toString());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** The tokens of {@code sql} as Liquibase's SQL grammar reads them, in order, up to the end. */
    private static List<Token> tokens(String sql) {
        SimpleSqlGrammarTokenManager manager = new SimpleSqlGrammarTokenManager(new SimpleCharStream(new StringReader(sql)));
        List<Token> tokens = new ArrayList<>();
        for (Token token = manager.getNextToken(); token.kind != SimpleSqlGrammarConstants.EOF;
             token = manager.getNextToken()) {
            tokens.add(token);
        }
        return tokens;
    }

    private static String rewrite(String sql, boolean emptyLiterals) {
        if (sql == null) {
            return "";
        }
        // Without a comment's start (nor, when literals are emptied, a quote) nothing is rewritten: every token is
        // written back as it was read. Most texts are such (SQLite's CREATE statements, read again after every
        // changeset of an upgrade), and the tokenizer was the largest part of reading a schema.
        boolean rewritesNothing = !sql.contains("--") && !sql.contains("/*")
                && !(emptyLiterals && sql.indexOf('\'') >= 0);
        return rewritesNothing ? sql : rewriteTokens(sql, emptyLiterals);
    }

    /** {@link #rewrite} token by token, whatever the text: package-private for the test that the shortcut agrees. */
    static String rewriteTokens(String sql, boolean emptyLiterals) {
        StringBuilder out = new StringBuilder(sql.length());
        for (Token token : tokens(sql)) {
            switch (token.kind) {
                // A comment separates words as whitespace does ("DROP/**/TABLE" is DROP TABLE).
                case SimpleSqlGrammarConstants.LINE_COMMENT, SimpleSqlGrammarConstants.MULTI_LINE_COMMENT -> out.append(' ');
                case SimpleSqlGrammarConstants.S_CHAR_LITERAL ->
                        out.append(emptyLiterals && isStringLiteral(token.image) ? "''" : token.image);
                default -> out.append(token.image);
            }
        }
        return out.toString();
    }

    /**
     * Liquibase's grammar reads {@code '...'} and {@code "..."} (with an optional prefix such as
     * {@code E'...'}) as one kind of token; only the single-quoted one is a string in SQL, the
     * double-quoted one is a name.
     */
    private static boolean isStringLiteral(String image) {
        return image.chars().filter(c -> c == '\'' || c == '"').findFirst().orElse(0) == '\'';
    }
}
