/**
 * The catalogue of custom changes that changesets name by class (so these names are part of
 * the released checksums and never move): {@code data}, {@code role}, {@code sqlite}, {@code rollback},
 * {@code changes}; this package holds only the contracts they share (reporting, update-sql preview, a scratch database,
 * and the row counts of a long data change for the caller's progress listener, {@code RowProgress}).
 */
package io.posdb.migration;
