package io.posdb.changelog;

/**
 * A changeset that an update just handled: {@code EXECUTED}, or {@code MARK_RAN} with the
 * precondition's message as {@code reason}; or one a rollback undid ({@code ROLLED_BACK}).
 * {@code report} is what a data migration reported about its work (for example the role remap's
 * stats), or null. A read model: the api returns it and the command line prints it.
 */
public record AppliedChangeSet(String id, String file, String execType, String reason, Object report) {
}
