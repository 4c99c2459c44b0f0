package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 20 §4: generated SQL quotes names and literals through the shared helper, escaping quotes. */
class ColumnSqlQuotingTest {

    @Test
    void aNameWithAnEmbeddedQuoteIsEscaped() {
        assertThat(ColumnSql.definition(new io.posdb.schema.SchemaCatalog.Column("we\"ird", "text", false, null, null)))
                .isEqualTo("\"we\"\"ird\" TEXT");
    }

    @Test
    void theArchiveStatementEscapesQuotesInItsLiterals() {
        assertThat(io.posdb.migration.ColumnArchive.sql("0012-x", "sale", "id", "note", false,
                "the column's values"))
                .contains("'archived: the column''s values'").contains("SELECT '0012-x', 'sale', CAST(\"id\"");
    }
}
