package io.posdb.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CHECK read from a CREATE TABLE is labelled by the first of the table's columns it names, as SQL names it (bare or
 * quoted, in any case); a column's name in a string literal or a comment is text, not the column.
 */
class CheckConstraintsTest {

    private static final List<String> PRODUCT = List.of("id", "name", "price", "stock");

    @Test
    void aCheckIsLabelledByTheFirstColumnItNamesOutsideLiteralsAndComments() {
        String createTable = """
                CREATE TABLE product (
                    id INTEGER PRIMARY KEY,
                    name VARCHAR(40) CHECK (name <> 'price' /* stock */ AND "Price" >= 0),
                    price NUMERIC,
                    stock INT,
                    CHECK (length(sku) > 0 OR 'id' = name)
                )""";

        List<String> checks = CheckConstraints.of(createTable);

        assertThat(checks).containsExactly("name <> 'price'   AND \"Price\" >= 0", "length(sku) > 0 OR 'id' = name");
        assertThat(CheckConstraints.column("'price' <> name /* stock */ AND \"Price\" >= 0", PRODUCT))
                .isEqualTo("name");
        assertThat(CheckConstraints.column("'stock' = sku /* stock */ OR \"STOCK\" > 0", PRODUCT)).isEqualTo("stock");
        assertThat(CheckConstraints.column("sku <> 'stock' /* price */", PRODUCT))
                .isEqualTo("(sku <> 'stock' /* price */)");
    }
}
