/**
 * The catalogue of custom changes that changesets name by class (so these names are part of
 * the released checksums and never move): {@code data}, {@code role}, {@code sqlite}, {@code rollback},
 * {@code changes}; this package holds only what they share (reporting, update-sql preview, the archive of a dropped
 * column's values in {@code ColumnArchive}).
 */
package io.posdb.migration;
