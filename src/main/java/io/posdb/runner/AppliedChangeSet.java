package io.posdb.runner;

/**
 * A changeset that an update just handled: {@code EXECUTED}, or {@code MARK_RAN} with the
 * precondition's message as {@code reason}. {@code report} is what a data migration
 * reported about its work (for example the role remap's stats), or null.
 */
public record AppliedChangeSet(String id, String file, String execType, String reason, Object report) {
}
