package io.posdb.transfer;

import io.posdb.sql.SqlIdentifiers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A table the transfer copies, and the money column whose exact total must be equal on both
 * sides (null when the table holds no money the transfer knows of). The tables themselves
 * come from the source's schema ({@link SourceTables}); only which text columns hold money
 * is knowledge the schema does not carry (legacy money is VARCHAR).
 */
record CopiedTable(String table, String moneyColumn) {

    /** Money columns by table; sale items count quantity × unit price. */
    private static final Map<String, String> MONEY = Map.of("product", "price", "sale", "total",
            "saleitem", "unit_price");

    static CopiedTable named(String table) {
        return new CopiedTable(table, MONEY.get(table));
    }

    String quoted() {
        return SqlIdentifiers.quoteAny(table);
    }

    /**
     * The exact total of the table's money (null when it holds none), summed in Java with BigDecimal over
     * the stored text on either side (never through a database's floating point): prices, sale totals,
     * and quantity × unit price of sale items.
     */
    BigDecimal moneyTotal(Connection connection) throws SQLException {
        if (moneyColumn == null) {
            return null;
        }
        boolean perItem = table.equals("saleitem");
        BigDecimal total = BigDecimal.ZERO;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + SqlIdentifiers.quoteAny(moneyColumn)
                + (perItem ? ", " + SqlIdentifiers.quoteAny("quantity") : "") + " FROM " + quoted())) {
            statement.setFetchSize(10_000);
            ResultSet rs = statement.executeQuery(); // closed with its statement
            while (rs.next()) {
                BigDecimal amount = new BigDecimal(rs.getString(1).trim());
                total = total.add(perItem ? amount.multiply(BigDecimal.valueOf(rs.getLong(2))) : amount);
            }
        }
        return total;
    }
}
