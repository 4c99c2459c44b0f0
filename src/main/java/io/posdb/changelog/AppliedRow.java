package io.posdb.changelog;

/** A row of DATABASECHANGELOG, as far as planning needs it. */
public record AppliedRow(String id, String author, String file, String checksum, String execType,
                         String labels, String dateExecuted) {
}
