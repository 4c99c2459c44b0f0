package io.posdb.transfer;

import io.posdb.sql.SqlIdentifiers;
import io.posdb.failure.PosDatabaseException;
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
    BigDecimal moneyTotal(Connection connection) throws SQLException, PosDatabaseException {
        if (moneyColumn == null) {
            return null;
        }
        boolean perItem = table.equals("saleitem");
        BigDecimal total = BigDecimal.ZERO;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + SqlIdentifiers.quoteAny(moneyColumn)
                + ", " + SqlIdentifiers.quoteAny("id") + (perItem ? ", " + SqlIdentifiers.quoteAny("quantity") : "")
                + " FROM " + quoted())) {
            statement.setFetchSize(10_000);
            ResultSet rs = statement.executeQuery(); // closed with its statement
            while (rs.next()) {
                BigDecimal amount = amount(rs.getString(1), rs.getString(2));
                total = total.add(perItem ? amount.multiply(BigDecimal.valueOf(rs.getLong(3))) : amount);
            }
        }
        return total;
    }

    /** The stored text as an exact amount; text that is none ('2,50', a hand edit) is refused, naming its row, not its value. */
    private BigDecimal amount(String text, String id) throws PosDatabaseException {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException | NullPointerException notAnAmount) {
            throw ShopTransfer.refused("Cannot transfer: " + table + "." + moneyColumn + " of row id " + id + " is not a decimal number, so "
                    + "its total cannot be verified. Nothing was written. Correct it in the file first (posdb doctor "
                    + "lists every such row)");
        }
    }
}
