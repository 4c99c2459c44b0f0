package io.posdb.changegen;

/**
 * One difference between the entities and the changelog's schema, as the generator will
 * write it: what changed (the changeset's comment and the printed reason) and its kind.
 */
record SchemaDifference(Kind kind, String table, String column, ColumnShape current, ColumnShape wanted,
                        IndexShape index, String what) {

    enum Kind { NEW_TABLE, NEW_COLUMN, NEW_INDEX, CHANGED_COLUMN, REMOVED_COLUMN, REMOVED_TABLE }
}
