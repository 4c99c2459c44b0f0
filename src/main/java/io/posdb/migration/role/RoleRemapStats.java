package io.posdb.migration.role;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.posdb.migration.data.ValueChangeStats;
import java.util.List;

/**
 * What the role remap did: the reusable stats with each row named as a user
 * ({@code user_id}, {@code name}, {@code old_role}, {@code new_role}), as 2.0 reported them.
 * Unknown roles get the fallback, so a completed remap reports {@code error_count} 0.
 */
public record RoleRemapStats(@JsonProperty("updated_count") long updatedCount,
                             @JsonProperty("skipped_count") long skippedCount,
                             @JsonProperty("error_count") long errorCount,
                             @JsonProperty("migrations") List<RoleChange> migrations,
                             @JsonProperty("migrations_truncated") boolean migrationsTruncated) {

    static RoleRemapStats of(ValueChangeStats stats) {
        if (stats == null) {
            return null;
        }
        return new RoleRemapStats(stats.updatedCount(), stats.skippedCount(), stats.errorCount(),
                stats.migrations().stream().map(row -> new RoleChange(row.rowId(), row.label(), row.oldValue(),
                        row.newValue(), row.note())).toList(), stats.migrationsTruncated());
    }
}
