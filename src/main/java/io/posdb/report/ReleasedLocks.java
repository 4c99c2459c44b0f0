package io.posdb.report;

import java.util.Optional;

/**
 * What {@code PosDatabaseMaintenance.releaseStaleLocks} found and did: the Liquibase lock it released
 * (left by a process that died), if one was held, and whether an interrupted upgrade's, rollback's or downgrade's
 * marker is still there, with {@code interruptedRun}, what restores its snapshot, in the doctor's words (null when
 * none, or when the interrupted upgrade was creating the file, which the next boot removes).
 */
public record ReleasedLocks(Optional<LockHolder> liquibaseLock, boolean interruptedUpgradePending,
                            String interruptedRun) {

    /** Who held Liquibase's lock row and since when, as Liquibase wrote them. */
    public record LockHolder(String lockedBy, String grantedAt) {
    }
}
