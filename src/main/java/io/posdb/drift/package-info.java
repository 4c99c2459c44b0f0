/**
 * {@code posdb drift} and the boot-time drift check: the live schema compared with the
 * schema that exactly the applied changesets produce.
 * <p>The expected schema comes from a scratch database built from the same changelog up to
 * the applied changesets (a temporary SQLite file, or a temporary PostgreSQL database), not
 * from schemas recorded at build time: the scratch build runs the very changesets the
 * database ran (custom changes and rebuilds included), so it is right for any changelog,
 * any subset of applied changesets and either engine. Both sides are read into the same
 * normalised {@link io.posdb.schema.SchemaCatalog}.
 * <p>A boot with nothing pending must stay about as cheap as {@code validate}, so the boot
 * check compares a fingerprint known to be clean first and builds the scratch database only
 * when it differs:
 * <ul>
 * <li>SQLite: the build records the fingerprint of the full packaged changelog's schema
 * ({@link io.posdb.drift.ExpectedFingerprint}); a build can make an SQLite file.</li>
 * <li>PostgreSQL: a build has no server, and catalog text differs between server versions,
 * so the fingerprint is verified on the server itself ({@link io.posdb.drift.VerifiedSchema}):
 * after a full comparison finds no drift, the pair it compared (a key of the applied
 * changesets, the release and the server version; the digest of the live catalog) is kept
 * as the comment of {@code databasechangelog}. The digest covers exactly the catalog the
 * comparison reads, so it cannot hide a difference the comparison would report: any hand
 * change means a full comparison at the next boot. The comment lives on Liquibase's own
 * table, which drift never compares, and needs no privilege beyond owning that table;
 * when it cannot be written every boot simply compares in full.</li>
 * </ul>
 * {@code posdb drift} always compares in full: an operator asking is never answered from a record.
 */
package io.posdb.drift;
