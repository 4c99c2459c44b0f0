package io.posdb.transfer;

import io.posdb.sql.SqlIdentifiers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The exact total of a table's money, summed in Java with BigDecimal over the stored text
 * on either side (never through a database's floating point): prices, sale totals, and
 * quantity × unit price of sale items.
 */
final class MoneyTotals {

    private MoneyTotals() {
    }

    static BigDecimal of(Connection connection, CopiedTable table) throws SQLException {
        if (table.moneyColumn() == null) {
            return null;
        }
        boolean perItem = table.perItem();
        String sql = "SELECT " + SqlIdentifiers.quoteAny(table.moneyColumn()) + (perItem ? ", " + SqlIdentifiers.quoteAny("quantity") : "") + " FROM " + table.quoted();
        BigDecimal total = BigDecimal.ZERO;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    BigDecimal amount = new BigDecimal(rs.getString(1).trim());
                    total = total.add(perItem ? amount.multiply(BigDecimal.valueOf(rs.getLong(2))) : amount);
                }
            }
        }
        return total;
    }
}
