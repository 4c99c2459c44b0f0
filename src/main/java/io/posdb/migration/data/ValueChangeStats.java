package io.posdb.migration.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a value migration did, in the seed's shape. {@code migrations} lists the first rows
 * (up to reportDetailLimit; {@code migrations_truncated} says when there were more), the
 * unmapped ones included with their note: the audit table always has every one.
 * {@code error_count} counts the values that could not be mapped (left unchanged); a
 * database error is never counted, it rolls the whole change back.
 */
public record ValueChangeStats(@JsonProperty("updated_count") long updatedCount,
                               @JsonProperty("skipped_count") long skippedCount,
                               @JsonProperty("error_count") long errorCount,
                               @JsonProperty("migrations") List<RowChange> migrations,
                               @JsonProperty("migrations_truncated") boolean migrationsTruncated) {
}
