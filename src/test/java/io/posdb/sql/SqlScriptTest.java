package io.posdb.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 20 §4: the one SQL splitter/tokenizer and the one quoting helper. */
class SqlScriptTest {

    private static final String TRIGGER = "CREATE TRIGGER keep_sales BEFORE DELETE ON sale BEGIN "
            + "SELECT RAISE(ABORT, 'sales are kept; DELETE FROM sale is refused'); END";

    @TempDir
    Path dir;

    @Test
    void aTriggerIsOneStatementWhetherOrNotStatementsAreSplit() {
        assertThat(SqlScript.statements(TRIGGER, false, null)).containsExactly(TRIGGER);
        assertThat(SqlScript.statements(TRIGGER, true, null)).containsExactly(TRIGGER);
    }

    @Test
    void semicolonsInStringsAndCommentsDoNotSplitAndCommentsAreGone() {
        assertThat(SqlScript.statements("UPDATE t SET a = 'x;y' -- no; split\n; /* ; */ DELETE FROM \"sale\""))
                .containsExactly("UPDATE t SET a = 'x;y'", "DELETE FROM \"sale\"");
    }

    @Test
    void anEndDelimiterSplitsInsteadOfTheSemicolon() {
        assertThat(SqlScript.statements("CREATE VIEW v AS SELECT 1; SELECT 2\nGO\nDROP TABLE x", true, "\\nGO"))
                .containsExactly("CREATE VIEW v AS SELECT 1; SELECT 2", "DROP TABLE x");
    }

    @Test
    void onlySqlWordsRemainWhenLiteralsAndCommentsAreRemoved() {
        assertThat(SqlScript.withoutCommentsOrLiterals("SELECT 'DELETE FROM sale', \"na'me\" -- DROP TABLE sale\n"
                + "/* TRUNCATE sale */ FROM t WHERE x = 'it''s'"))
                .isEqualTo("SELECT '', \"na'me\"  \n  FROM t WHERE x = ''");
    }

    @Test
    void theNamesSqlUsesAreThoseOutsideLiteralsAndCommentsWithoutTheirQuotes() {
        assertThat(SqlScript.names("(lower(\"closed_at\")) WHERE note <> 'closed_at' /* closed_at */ AND x > 1e5"))
                .containsExactly("lower", "closed_at", "WHERE", "note", "AND", "x");
    }

    /**
     * Texts with no comment in them (and, for the literals, no quote) are given back as they are without being
     * tokenized: the answer is what the tokenizer gives, for such texts and for the others alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a # b c", "SELECT 'abc", "SELECT \"abc", "x/y-z", "SELECT E'x\\'y'", "tab\tnl\r\nend",
            "CREATE TABLE \"t\" (`a` INT, [b] TEXT)", "é ü 漢字", "a$b @c :d ?e", "'it''s'",
            "SELECT 1e5, 0x1F, .5, 5.", "CHECK (role IN ('admin', 'user')) -- c", "a /* b */ c", "x - -y", "x / *y",
            "", " "})
    void theRewriteOfATextWithoutCommentsIsWhatTheTokenizerGives(String sql) {
        assertThat(SqlScript.withoutComments(sql)).isEqualTo(SqlScript.rewriteTokens(sql, false));
        assertThat(SqlScript.withoutCommentsOrLiterals(sql)).isEqualTo(SqlScript.rewriteTokens(sql, true));
    }

    /** What a schema read rewrites: SQLite's text of each object of a legacy shop (Tortoise's comments included). */
    @Test
    void aLegacyShopsSchemaIsRewrittenAsTheTokenizerRewritesIt() throws Exception {
        List<String> schema = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(LegacyDatabases.shop(dir.resolve("pos.db")));
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL")) {
            while (rs.next()) {
                schema.add(rs.getString(1));
            }
        }
        assertThat(schema).as("objects with and without comments").anyMatch(sql -> sql.contains("/*"))
                .anyMatch(sql -> !sql.contains("/*") && !sql.contains("--"));
        assertThat(schema).allSatisfy(sql -> {
            assertThat(SqlScript.withoutComments(sql)).isEqualTo(SqlScript.rewriteTokens(sql, false));
            assertThat(SqlScript.withoutCommentsOrLiterals(sql)).isEqualTo(SqlScript.rewriteTokens(sql, true));
        });
    }

    @Test
    void commentMarkersInsideAStringAreText() {
        assertThat(SqlScript.withoutComments("CHECK (note <> '/* kept */ -- kept') -- gone"))
                .isEqualTo("CHECK (note <> '/* kept */ -- kept')  ");
    }

    @Test
    void quotingDoublesAnEmbeddedQuote() {
        assertThat(SqlIdentifiers.quoteAny("odd\"name")).isEqualTo("\"odd\"\"name\"");
        assertThat(SqlIdentifiers.literal("it's")).isEqualTo("'it''s'");
        assertThat(SqlIdentifiers.quote("sale")).isEqualTo("\"sale\"");
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @EnumSource(JournalMode.class)
    void quotedNamesAndLiteralsWithQuotesRoundTripThroughSqlite(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        String table = "odd\"table";
        String column = "it's \"col\"";
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // Generated changelog SQL cannot bind values: the literal helper is what it uses.
            statement.execute("CREATE TABLE " + SqlIdentifiers.quoteAny(table) + " (" + SqlIdentifiers.quoteAny(column)
                    + " TEXT)");
            statement.execute("INSERT INTO " + SqlIdentifiers.quoteAny(table) + " VALUES ("
                    + SqlIdentifiers.literal("O'Brien; DELETE FROM sale") + ")");
            try (ResultSet rs = statement.executeQuery("SELECT " + SqlIdentifiers.quoteAny(column) + " FROM "
                    + SqlIdentifiers.quoteAny(table))) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("O'Brien; DELETE FROM sale");
            }
            assertThat(Jdbc.tableExists(connection, table)).isTrue();
            assertThat(Jdbc.columns(connection, table)).containsExactly(column);
        }
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void aListIsSplitAtItsOwnCommasNotAtThoseInParenthesesLiteralsQuotedNamesOrComments() {
        String body = """
                "id" INTEGER PRIMARY KEY, -- one, two
                "price" DECIMAL(10,2) DEFAULT 'a,b' /* c,d */, [q,r] TEXT, `s,t` INT,
                UNIQUE ("id", "price")
                , "added" VARCHAR(8)""";

        assertThat(SqlScript.listItems(body)).containsExactly("\"id\" INTEGER PRIMARY KEY",
                "-- one, two\n\"price\" DECIMAL(10,2) DEFAULT 'a,b' /* c,d */", "[q,r] TEXT", "`s,t` INT",
                "UNIQUE (\"id\", \"price\")", "\"added\" VARCHAR(8)");
    }
}
