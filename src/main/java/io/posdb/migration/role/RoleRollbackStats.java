package io.posdb.migration.role;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What the role remap's rollback did: users whose exact old value came back from the
 * audit, and users not in the audit (created or kept after the upgrade) mapped back
 * through the inverse mapping, per {@code new->old} pair. Both kinds are audited.
 */
public record RoleRollbackStats(@JsonProperty("restored_from_audit") long restoredFromAudit,
                                @JsonProperty("mapped_back") Map<String, Long> mappedBack) {

    @JsonProperty("mapped_back_count")
    public long mappedBackCount() {
        return mappedBack.values().stream().mapToLong(Long::longValue).sum();
    }
}
