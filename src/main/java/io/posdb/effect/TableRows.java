package io.posdb.effect;

import java.util.List;

/**
 * What one changeset (or one change) did to the rows of one table, keyed by primary key (or
 * rowid where there is none): how many rows it inserted and deleted, and which columns of the
 * rows it kept hold other values afterwards.
 */
record TableRows(String table, int inserted, int deleted, List<String> changedColumns) {

    public TableRows {
        changedColumns = List.copyOf(changedColumns);
    }

    boolean isEmpty() {
        return inserted == 0 && deleted == 0 && changedColumns.isEmpty();
    }
}
