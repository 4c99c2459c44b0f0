package io.posdb.changegen;

import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.schema.SchemaCatalog.Index;

/**
 * One difference between the entities and the changelog's schema, as the generator will
 * write it: what changed (the changeset's comment and the printed reason) and its kind.
 * Columns are as both sides require them: {@code notNull} includes a primary key's.
 */
record GeneratedChange(Kind kind, String table, String column, Column current, Column wanted, Index index,
                       String what) {

    enum Kind { NEW_TABLE, NEW_COLUMN, NEW_INDEX, CHANGED_COLUMN, REMOVED_COLUMN, REMOVED_TABLE }
}
