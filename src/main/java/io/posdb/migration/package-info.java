/**
 * The catalogue of custom changes that changesets name by class (so these names are part of
 * the released checksums and never move): {@code data}, {@code role}, {@code sqlite}, {@code rollback},
 * {@code changes}; this package holds what they share (reporting, update-sql preview, a scratch database, the
 * archive of a dropped column's values in {@code ColumnArchive}, of a whole table in {@code TableArchive}, and the row
 * counts of a long data change for the caller's progress listener, {@code RowProgress}), and the one custom change
 * that is that archive at work, {@code ArchiveTable} (a removed entity's changeset).
 */
package io.posdb.migration;
