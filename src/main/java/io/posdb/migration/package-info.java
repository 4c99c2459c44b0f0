/**
 * The catalogue of custom changes that changesets name by class (so these names are part of
 * the released checksums and never move): {@code data}, {@code role}, {@code sqlite}, {@code rollback},
 * {@code changes}; this package holds only what they share (reporting, update-sql preview, a scratch database, the
 * archive of a dropped column's values in {@code ColumnArchive}, and the row counts of a long data change for the
 * caller's progress listener, {@code RowProgress}).
 */
package io.posdb.migration;
