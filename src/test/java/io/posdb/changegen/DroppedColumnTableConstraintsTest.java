package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.migration.sqlite.SqliteTableRebuild;
import org.junit.jupiter.api.Test;

/**
 * The new definition the generator writes for a removed column leaves out the table constraints that name the column
 * (with other columns or alone), each judged by the names it uses for its own table's columns: not its CONSTRAINT
 * name, not a foreign key's parent columns, not a name in a string literal or a comment. So do the CHECKs written on
 * another column's line that name it, as a table CHECK naming it does; the rest of that line stays. A PRIMARY KEY
 * naming it is refused, naming the key. The definition left is one SQLite reads.
 */
class DroppedColumnTableConstraintsTest {

    private static final String PRODUCT = """
            CREATE TABLE "product" (
                "id" INTEGER NOT NULL,
                "sku" VARCHAR(64) NOT NULL,
                "stock" INT NOT NULL DEFAULT 0,
                "category_id" INT,
                CONSTRAINT uq_product_sku_stock UNIQUE ("sku", "stock"),
                CHECK (stock >= 0
                       OR sku <> ''),
                FOREIGN KEY (category_id, stock) REFERENCES category (id, shelf),
                FOREIGN KEY (category_id) REFERENCES category (stock),
                CONSTRAINT stock CHECK (sku <> 'stock' /* stock */),
                PRIMARY KEY (id)
            )""";

    @Test
    void theTableConstraintsNamingTheColumnGoWithItAndTheOthersStay() throws Exception {
        TableDefinition table = new TableDefinition(PRODUCT);

        assertThat(table.constraintsNaming("stock")).containsExactly(
                "CONSTRAINT uq_product_sku_stock UNIQUE (\"sku\", \"stock\")",
                "CHECK (stock >= 0\n           OR sku <> '')",
                "FOREIGN KEY (category_id, stock) REFERENCES category (id, shelf)");
        String without = table.without("stock");
        assertThat(without).isEqualTo("""
                CREATE TABLE {table} (
                    "id" INTEGER NOT NULL,
                    "sku" VARCHAR(64) NOT NULL,
                    "category_id" INT,
                    FOREIGN KEY (category_id) REFERENCES category (stock),
                    CONSTRAINT stock CHECK (sku <> 'stock' /* stock */),
                    PRIMARY KEY (id)
                )""");
        assertThat(SqliteTableRebuild.columnsOf(without)).containsExactly("id", "sku", "category_id");
    }

    /** CHECKs on other columns' lines: one naming list_price, one named and quoted, one holding it only as text. */
    private static final String SALE_ITEM = """
            CREATE TABLE "saleitem" (
                "id" INTEGER NOT NULL PRIMARY KEY,
                "list_price" NUMERIC(10,2),
                "price" NUMERIC(10,2) NOT NULL CHECK (price <= list_price)  DEFAULT 0,
                "discount" NUMERIC(10,2) CONSTRAINT ck_discount CHECK("discount" < "list_price") CHECK (discount >= 0),
                "note" VARCHAR(40) CHECK (note <> 'list_price' /* list_price */)
            )""";

    @Test
    void theChecksOfOtherColumnsNamingTheColumnGoWithItAndTheRestOfTheirLinesStays() throws Exception {
        TableDefinition table = new TableDefinition(SALE_ITEM);

        assertThat(table.constraintsNaming("list_price")).containsExactly(
                "CHECK (price <= list_price) on column price",
                "CONSTRAINT ck_discount CHECK(\"discount\" < \"list_price\") on column discount");
        String without = table.without("list_price");
        assertThat(without).isEqualTo("""
                CREATE TABLE {table} (
                    "id" INTEGER NOT NULL PRIMARY KEY,
                    "price" NUMERIC(10,2) NOT NULL DEFAULT 0,
                    "discount" NUMERIC(10,2) CHECK (discount >= 0),
                    "note" VARCHAR(40) CHECK (note <> 'list_price' /* list_price */)
                )""");
        assertThat(SqliteTableRebuild.columnsOf(without)).containsExactly("id", "price", "discount", "note");
    }

    @Test
    void aColumnInThePrimaryKeyIsRefusedNamingTheKey() {
        TableDefinition table = new TableDefinition(PRODUCT);

        assertThatThrownBy(() -> table.without("id")).isInstanceOf(IllegalStateException.class)
                .hasMessage("column id is in the table's primary key (PRIMARY KEY (id)); write this changeset by hand "
                        + "(docs/writing-migrations.md, \"How to add a new migration\")");
    }
}
