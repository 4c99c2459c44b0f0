package io.posdb.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text a number column holds is judged as PostgreSQL's cast judges it, the stricter of the two engines. */
class NumberTypesTest {

    @ParameterizedTest(name = "{0} holds ''{1}'': {2}")
    @CsvSource(delimiter = '|', value = {
            "INTEGER       | 42                | true",
            "INTEGER       | ' -7 '            | true",
            "INTEGER       | 3.0               | false",
            "INTEGER       | 2147483648        | false",
            "BIGINT        | 2147483648        | true",
            "SMALLINT      | 40000             | false",
            "INTEGER       | -2147483648       | true",
            "INTEGER       | -2147483649       | false",
            "INT8          | 2147483648        | true",
            "INT2          | 40000             | false",
            "TINYINT       | 127               | true",
            "TINYINT       | -128              | true",
            "TINYINT       | 200               | false",
            "INTEGER       | ten               | false",
            "numeric(12,2) | 1234567890.99     | true",
            "numeric(12,2) | 9999999999.995    | false",
            "numeric(12,2) | 1234567890123.50  | false",
            "numeric(12,2) | -12.5             | true",
            "numeric(12,2) | 1e3               | true",
            "numeric(12,2) | NaN               | false",
            "REAL          | 2.5e-3            | true",
            "REAL          | Infinity          | false",
            "REAL          | ''                | false"})
    void aNumberColumnHoldsOnlyTextThatReadsAsANumberItsTypeCanKeep(String type, String text, boolean holds) {
        assertThat(NumberTypes.holds(type, text)).isEqualTo(holds);
    }
}
