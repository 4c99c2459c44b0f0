package io.posdb.changelog;

/** A changeset the database has not applied yet, and why it would run. */
public record PendingChangeSet(String id, String file, String reason) {
}
