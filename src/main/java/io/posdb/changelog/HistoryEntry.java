package io.posdb.changelog;

import io.posdb.schema.Compatibility;

/**
 * One applied changeset, as DATABASECHANGELOG records it: what the history shows and planning compares, with
 * the compatibility the database recorded for it ({@code posdb_changeset}), null where it is not read (the
 * boot's plan reads it only for changesets this release does not know) or the database recorded none (one
 * applied by Liquibase directly, or by a posdb older than the record). {@code recordsKeptBefore}: where the
 * records were read, whether the database held posdb's record of a changeset applied before this one, so that
 * one without a record of its own was applied by Liquibase directly, not by a posdb that kept none.
 */
public record HistoryEntry(int order, String id, String author, String file, String checksum, String dateExecuted,
                           String execType, String labels, String tag, Compatibility compatibility,
                           boolean recordsKeptBefore) {

    /** The changeset as DATABASECHANGELOG identifies it, in one string: {@code id::author::file}. */
    public String key() {
        return key(id, author, file);
    }

    /** {@link #key()} of the changeset with this id, author and file (a row read, a changeset of the changelog). */
    public static String key(String id, String author, String file) {
        return id + "::" + author + "::" + file;
    }

    /** The recorded compatibility in the record's words ("compatible (…)"); null when none was recorded or read. */
    public String compatibilityText() {
        return compatibility == null ? null : compatibility.text();
    }

    /** With what the database recorded of it ({@code recorded}, null: nothing), and whether it kept records before. */
    public HistoryEntry withRecord(Compatibility recorded, boolean keptBefore) {
        return new HistoryEntry(order, id, author, file, checksum, dateExecuted, execType, labels, tag, recorded,
                keptBefore);
    }

    /**
     * Who applied it, for a changeset the database recorded nothing of: posdb records every changeset it applies,
     * so Liquibase directly (Maven's {@code liquibase:update}, {@code bin/liquibase}), or, where no record of an
     * earlier changeset shows posdb was keeping them by then, a posdb older than the record.
     */
    public String appliedWithoutRecordBy() {
        return recordsKeptBefore ? "applied by Liquibase directly, by Maven's liquibase:update or bin/liquibase, "
                + "which keep no posdb record" : "applied by Liquibase directly, by Maven's liquibase:update or "
                + "bin/liquibase, or by a posdb older than these records, none of which kept one";
    }

    /** Whether this row's release label names a release newer than this one; without a label its release is unknown. */
    public boolean ofANewerRelease() {
        return ReleaseLabels.labelIn(labels).map(label -> ReleaseLabels.olderThan(Release.current(), label)).orElse(true);
    }
}
