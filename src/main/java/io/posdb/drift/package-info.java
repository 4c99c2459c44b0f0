/**
 * {@code posdb drift} and the boot-time drift check: the live schema compared with the
 * schema that exactly the applied changesets produce.
 * <p>The expected schema comes from a scratch database built from the same changelog up to
 * the applied changesets (a temporary SQLite file, or a temporary PostgreSQL database), not
 * from schemas recorded at build time: the scratch build runs the very changesets the
 * database ran (custom changes and rebuilds included), so it is right for any changelog,
 * any subset of applied changesets and either engine. Both sides are read into the same
 * normalised {@link io.posdb.drift.SchemaCatalog}. To keep a boot with nothing pending as
 * cheap as {@code validate}, the build records the fingerprint of the full changelog's
 * SQLite schema; a live schema with that fingerprint needs no scratch build.
 */
package io.posdb.drift;
