package io.posdb.transfer;

/**
 * A table the transfer copies, in foreign-key order, and the money expression whose exact
 * total must be equal on both sides (null when the table holds no money).
 */
enum CopiedTable {
    CATEGORY("category", null),
    USER("user", null),
    PRODUCT("product", "price"),
    SALE("sale", "total"),
    SALEITEM("saleitem", "unit_price"),
    DATA_MIGRATION_AUDIT("data_migration_audit", null);

    final String table;
    /** The column holding money as exact decimal text, multiplied by quantity for sale items. */
    final String moneyColumn;

    CopiedTable(String table, String moneyColumn) {
        this.table = table;
        this.moneyColumn = moneyColumn;
    }

    String quoted() {
        return '"' + table + '"';
    }
}
