package io.posdb.report;

import java.math.BigDecimal;

/**
 * One table after {@code PosDatabaseTransfer.shopToServer}: its rows on both sides and, for a table
 * holding money, the exact total of its amounts on both sides (null for a table without money).
 * The transfer commits only when every table's two sides match.
 */
public record TransferredTable(String table, long sourceRows, long targetRows, BigDecimal sourceTotal,
                               BigDecimal targetTotal) {

    /** The table in an operator's words, source then target: {@code sale 9 → 9 rows, total 35.90 → 35.90}. */
    public String text() {
        return table + " " + sourceRows + " → " + targetRows + " rows"
                + (sourceTotal == null && targetTotal == null ? "" : ", total " + sourceTotal + " → " + targetTotal);
    }
}
