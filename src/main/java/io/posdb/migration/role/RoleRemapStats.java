package io.posdb.migration.role;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the role remap did. {@code migrations} lists the first changes (up to the
 * changeset's reportDetailLimit; {@code migrations_truncated} says when there were more):
 * the audit table always has every one. Errors abort and roll back the whole remap, so a
 * completed remap reports {@code error_count} 0.
 */
public record RoleRemapStats(@JsonProperty("updated_count") long updatedCount,
                             @JsonProperty("skipped_count") long skippedCount,
                             @JsonProperty("error_count") long errorCount,
                             @JsonProperty("migrations") List<RoleChange> migrations,
                             @JsonProperty("migrations_truncated") boolean migrationsTruncated) {
}
