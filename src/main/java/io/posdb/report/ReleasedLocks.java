package io.posdb.report;

import java.util.Optional;

/**
 * What {@code PosDatabaseMaintenance.releaseStaleLocks} found and did: the Liquibase lock it released
 * (left by a process that died), if one was held, and whether an interrupted upgrade's snapshot is
 * still waiting (the next boot restores it and upgrades again).
 */
public record ReleasedLocks(Optional<LockHolder> liquibaseLock, boolean interruptedUpgradePending) {

    /** Who held Liquibase's lock row and since when, as Liquibase wrote them. */
    public record LockHolder(String lockedBy, String grantedAt) {
    }
}
