package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.schema.SchemaCatalog.ForeignKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A changed column's line in a generated rebuild is the current line with only what changed rewritten:
 * what the entities do not describe (REFERENCES and its actions, DEFAULT, a named CHECK, UNIQUE) is kept.
 */
class RewrittenColumnLineTest {

    @Test
    void aNewNotNullKeepsTheReferenceItsActionsAndTheIntegerTypeAsWritten() {
        assertThat(ColumnSql.rewritten("\"category_id\" INT REFERENCES \"category\" (\"id\") ON DELETE SET NULL "
                        + "ON UPDATE SET DEFAULT NOT DEFERRABLE",
                new Column("category_id", "INT", false, null, null), new Column("category_id", "bigint", true, null, null)))
                .isEqualTo("\"category_id\" INT NOT NULL REFERENCES \"category\" (\"id\") ON DELETE SET NULL "
                        + "ON UPDATE SET DEFAULT NOT DEFERRABLE");
    }

    @Test
    void theActionsOfAForeignKeyMadeNotNullAreReplacedAndTheRestOfItsClauseKept() {
        String line = "\"category_id\" INT NOT NULL REFERENCES \"category\" (\"id\") ON DELETE SET NULL "
                + "ON UPDATE SET NULL NOT DEFERRABLE COLLATE NOCASE";
        ForeignKey cascading = new ForeignKey(List.of("category_id"), "category", List.of("id"), "CASCADE", null);

        assertThat(ColumnSql.withActions(line, cascading)).isEqualTo("\"category_id\" INT NOT NULL REFERENCES "
                + "\"category\" (\"id\") ON DELETE CASCADE NOT DEFERRABLE COLLATE NOCASE");
        assertThat(ColumnSql.withActions("\"category_id\" INT NOT NULL REFERENCES category(id) ON DELETE SET NULL",
                new ForeignKey(List.of("category_id"), "category", List.of("id"), null, null)))
                .isEqualTo("\"category_id\" INT NOT NULL REFERENCES category(id)");
    }

    @Test
    void becomingNullableDropsOnlyTheNotNullAndKeepsTheDefaultAndTheUnique() {
        assertThat(ColumnSql.rewritten("\"stock\" INT NOT NULL  DEFAULT 0 UNIQUE",
                new Column("stock", "INT", true, "0", null), new Column("stock", "integer", false, null, null)))
                .isEqualTo("\"stock\" INT DEFAULT 0 UNIQUE");
    }

    @Test
    void aLongerLengthRewritesTheTypeAndANewCheckReplacesTheNamedOldOne() {
        assertThat(ColumnSql.rewritten("\"note\" VARCHAR(40) NOT NULL CONSTRAINT ck_note CHECK (length(note) > 0) "
                        + "COLLATE NOCASE",
                new Column("note", "VARCHAR(40)", true, null, "length(note) > 0"),
                new Column("note", "varchar(60)", true, null, "length(note) > 1")))
                .isEqualTo("\"note\" VARCHAR(60) NOT NULL COLLATE NOCASE CHECK (length(note) > 1)");
    }

    /**
     * A CHECK written against its parenthesis is one term ({@code CHECK(qty > 0)}) and a CHECK all the same: before,
     * it was read as part of the type, kept, and the new CHECK added beside it.
     */
    @Test
    void aNewCheckReplacesAnOldOneWrittenAgainstItsParenthesis() {
        assertThat(ColumnSql.rewritten("\"qty\" INT NOT NULL CHECK(qty > 0) DEFAULT 1",
                new Column("qty", "INT", true, "1", "qty > 0"), new Column("qty", "integer", true, null, "qty >= 1")))
                .isEqualTo("\"qty\" INT NOT NULL DEFAULT 1 CHECK (qty >= 1)");
    }
}
