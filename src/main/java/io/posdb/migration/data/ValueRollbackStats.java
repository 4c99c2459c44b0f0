package io.posdb.migration.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What a value change's rollback did: rows whose exact old value came back from the audit,
 * and rows not in the audit (written or kept after the change) mapped back through the
 * inverse mapping, per {@code new->old} pair. Both kinds are audited.
 */
public record ValueRollbackStats(@JsonProperty("restored_from_audit") long restoredFromAudit,
                                 @JsonProperty("mapped_back") Map<String, Long> mappedBack) {

    /** The audit note of a value mapped back (it starts with "rollback", as every rollback row's note). */
    public static final String MAPPED_BACK_NOTE = "rollback: not in the audit, mapped back to the release before";

    @JsonProperty("mapped_back_count")
    public long mappedBackCount() {
        return mappedBack.values().stream().mapToLong(Long::longValue).sum();
    }
}
