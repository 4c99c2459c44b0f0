package io.posdb.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.schema.SchemaCatalog.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A character type's declared length, however the type is spelled: as the changelog wrote it (SQLite keeps those
 * words) or as PostgreSQL's catalog spells it back ({@code format_type}). In process, no database.
 */
class DeclaredLengthTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "VARCHAR(40)             | 40",
            "varchar (40)            | 40",
            "NVARCHAR(40)            | 40",
            "CHAR(2)                 | 2",
            "NCHAR(3)                | 3",
            "character varying(40)   | 40",
            "CHARACTER VARYING (40)  | 40",
            "character  varying( 40 )| 40",
            "character(4)            | 4",
            "bpchar(4)               | 4"})
    void everySpellingOfACharacterTypeGivesItsLength(String type, int length) {
        assertThat(SchemaCatalog.declaredLength(type)).as(type).isEqualTo(length);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"TEXT", "character varying", "bpchar", "character", "CLOB", "INTEGER", "NUMERIC(10,2)",
            "DECIMAL(12)", "timestamp(6) without time zone", ""})
    void aTypeWithoutACharacterLengthGivesNone(String type) {
        assertThat(SchemaCatalog.declaredLength(type)).as(type).isNull();
    }

    @Test
    void aColumnAsPostgresqlSpellsItComparesLikeTheChangelogsSpellingOfTheSameType() {
        Column fromChangelog = column("VARCHAR(255)");
        Column fromServer = column("character varying(255)");

        assertThat(fromServer.length()).isEqualTo(fromChangelog.length());
        assertThat(fromServer.comparableType()).isEqualTo(fromChangelog.comparableType());
        assertThat(fromServer.comparableType()).isNotEqualTo(column("character varying(200)").comparableType());
    }

    @Test
    void aShorterLengthInPostgresqlsSpellingIsShorter() {
        assertThat(column("character varying(200)").shorterThan(column("character varying(255)"))).isTrue();
        assertThat(column("character(2)").shorterThan(column("bpchar(4)"))).isTrue();
        assertThat(column("character varying(255)").shorterThan(column("character varying(200)"))).isFalse();
        assertThat(column("character varying(200)").shorterThan(column("text"))).as("a length where none was")
                .isTrue();
    }

    private static Column column(String type) {
        return new Column("name", type, false, null, null);
    }
}
