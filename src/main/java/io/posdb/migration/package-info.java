/**
 * The catalogue of custom changes that changesets name by class (so these names are part of
 * the released checksums and never move): {@code data}, {@code role}, {@code sqlite}, {@code rollback},
 * {@code changes}; this package holds only the contracts they share (reporting, update-sql preview).
 */
package io.posdb.migration;
