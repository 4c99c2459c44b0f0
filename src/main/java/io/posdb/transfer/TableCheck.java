package io.posdb.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * One table after a transfer: rows on both sides and, for tables holding money, the exact
 * total of their amounts on both sides (null for tables without money).
 */
public record TableCheck(@JsonProperty("table") String table,
                         @JsonProperty("source_rows") long sourceRows,
                         @JsonProperty("target_rows") long targetRows,
                         @JsonProperty("source_total") BigDecimal sourceTotal,
                         @JsonProperty("target_total") BigDecimal targetTotal) {

    boolean matches() {
        return sourceRows == targetRows && (sourceTotal == null ? targetTotal == null
                : targetTotal != null && sourceTotal.compareTo(targetTotal) == 0);
    }
}
