package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.report.ReleasedLocks;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "release-locks", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Release a Liquibase lock left by a dead process. Refuses (exit 8) while a live process "
                + "holds the database's upgrade lock.")
class ReleaseLocksCommand extends DatabaseCommand {

    @Override
    Needs needs() {
        return Needs.EXISTING_SQLITE_FILE;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws PosDatabaseException {
        ReleasedLocks released = PosDatabaseMaintenance.releaseStaleLocks(PosDatabaseSettings.of(options.database())
                .build());
        fields.put("ok", true);
        fields.put("released_liquibase_lock", released.liquibaseLock().orElse(null));
        fields.put("interrupted_upgrade_pending", released.interruptedUpgradePending());
        String text = released.liquibaseLock()
                .map(h -> "Released the Liquibase lock held by " + h.lockedBy() + " since " + h.grantedAt() + ".")
                .orElse("No lock was held.");
        if (released.interruptedUpgradePending()) {
            text += " An interrupted upgrade was found: the next boot restores its snapshot and upgrades again.";
        }
        output.result(fields, text);
        return ExitCodes.OK;
    }
}
