package io.posdb.changelog;

import io.posdb.schema.Compatibility;

/**
 * One applied changeset, as DATABASECHANGELOG records it: what the history shows and planning compares, with
 * the compatibility the database recorded for it ({@code posdb_changeset}), null where it is not read (the
 * boot's plan reads it only for changesets this release does not know) or the database recorded none (one
 * written before posdb recorded it).
 */
public record HistoryEntry(int order, String id, String author, String file, String checksum, String dateExecuted,
                           String execType, String labels, String tag, Compatibility compatibility) {

    /** The recorded compatibility in the record's words ("compatible (…)"); null when none was recorded or read. */
    public String compatibilityText() {
        return compatibility == null ? null : compatibility.text();
    }

    public HistoryEntry withCompatibility(Compatibility recorded) {
        return new HistoryEntry(order, id, author, file, checksum, dateExecuted, execType, labels, tag, recorded);
    }
}
