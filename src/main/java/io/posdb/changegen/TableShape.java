package io.posdb.changegen;

import java.util.List;
import java.util.Map;

/** One table as a side describes it: columns in order, indexes (unique ones included) by name. */
record TableShape(String name, Map<String, ColumnShape> columns, List<IndexShape> indexes) {

    /** The index (or unique constraint) on exactly these columns, or null. */
    IndexShape indexOn(List<String> columnNames) {
        return indexes.stream().filter(index -> index.columns().equals(columnNames)).findFirst().orElse(null);
    }
}
