package io.posdb.transfer;

import io.posdb.sql.SqlIdentifiers;
import java.util.Map;

/**
 * A table the transfer copies, and the money column whose exact total must be equal on both
 * sides (null when the table holds no money the transfer knows of). The tables themselves
 * come from the source's schema ({@link SourceTables}); only which text columns hold money
 * is knowledge the schema does not carry (legacy money is VARCHAR).
 */
record CopiedTable(String table, String moneyColumn, boolean perItem) {

    /** Money columns by table; sale items count quantity × unit price. */
    private static final Map<String, String> MONEY = Map.of("product", "price", "sale", "total",
            "saleitem", "unit_price");

    static CopiedTable named(String table) {
        return new CopiedTable(table, MONEY.get(table), table.equals("saleitem"));
    }

    String quoted() {
        return SqlIdentifiers.quoteAny(table);
    }
}
