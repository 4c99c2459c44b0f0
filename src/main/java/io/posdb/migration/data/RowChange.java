package io.posdb.migration.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One row a value migration changed (or, with a note starting "unmapped:", could not map). */
public record RowChange(@JsonProperty("row_id") long rowId,
                        @JsonProperty("label") String label,
                        @JsonProperty("old_value") String oldValue,
                        @JsonProperty("new_value") String newValue,
                        @JsonProperty("note") String note) {

    public boolean unmapped() {
        return note != null && note.startsWith(ValueChangeSql.UNMAPPED_NOTE);
    }
}
