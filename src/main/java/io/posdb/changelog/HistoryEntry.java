package io.posdb.changelog;

/** One applied changeset, as DATABASECHANGELOG records it. */
public record HistoryEntry(int order, String id, String file, String dateExecuted, String execType, String tag) {
}
