package io.posdb.report;

import java.math.BigDecimal;

/**
 * One table after {@code PosDatabaseTransfer.shopToServer}: its rows on both sides and, for a table
 * holding money, the exact total of its amounts on both sides (null for a table without money).
 * The transfer commits only when every table's two sides match.
 */
public record TransferredTable(String table, long sourceRows, long targetRows, BigDecimal sourceTotal,
                               BigDecimal targetTotal) {
}
