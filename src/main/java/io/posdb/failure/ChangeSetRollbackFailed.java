package io.posdb.failure;

/**
 * The rollback of one changeset failed: which one, its file and why, as {@link FailedChangeSet#in} reads them (an
 * update's failure names its changeset in Liquibase's words; a rollback's is named by posdb, from the changeset whose
 * rollback had started), so a rollback's failure gets the same report, and the same JSON fields, as an update's.
 */
public class ChangeSetRollbackFailed extends MigrationException {

    private final FailedChangeSet failed;

    public ChangeSetRollbackFailed(FailedChangeSet failed, Throwable cause) {
        super("the rollback of changeset " + failed.id() + " failed: " + failed.reason(), cause);
        this.failed = failed;
    }

    public FailedChangeSet failed() {
        return failed;
    }
}
