package io.posdb.changelog;

import io.posdb.schema.Compatibility;

/**
 * A row of DATABASECHANGELOG, as far as planning needs it, with the compatibility the database
 * recorded for it ({@code posdb_changeset}); null when it recorded none (a database written
 * before posdb recorded it).
 */
public record AppliedRow(String id, String author, String file, String checksum, String execType,
                         String labels, String dateExecuted, Compatibility compatibility) {
}
