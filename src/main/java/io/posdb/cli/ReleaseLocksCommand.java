package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.TillDatabase;
import io.posdb.report.ReleasedLocks;
import picocli.CommandLine.Command;

@Command(name = "release-locks",
        description = "Release a Liquibase lock left by a dead process. Refuses (exit 8) while a live process "
                + "holds the database's upgrade lock.")
@Needs(Needs.Database.EXISTING_SQLITE_FILE)
class ReleaseLocksCommand extends DatabaseCommand {

    record Result(String database, boolean ok, ReleasedLocks.LockHolder releasedLiquibaseLock,
                  boolean interruptedUpgradePending, String interruptedRun) implements CommandResult {
        @Override
        public String text() {
            String text = releasedLiquibaseLock == null ? "No lock was held."
                    : "Released the Liquibase lock held by " + releasedLiquibaseLock.lockedBy() + " since "
                            + releasedLiquibaseLock.grantedAt() + ".";
            if (interruptedRun != null) {
                return text + " " + Character.toUpperCase(interruptedRun.charAt(0)) + interruptedRun.substring(1) + ".";
            }
            return interruptedUpgradePending
                    ? text + " An interrupted upgrade was creating the file: the next boot removes it and starts again."
                    : text;
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        ReleasedLocks released = PosDatabaseMaintenance.releaseStaleLocks(PosDatabaseSettings.of(database).build());
        return new Result(database.description(), true, released.liquibaseLock().orElse(null),
                released.interruptedUpgradePending(), released.interruptedRun());
    }
}
