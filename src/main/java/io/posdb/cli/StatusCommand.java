package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.failure.MigrationException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "List the pending changesets (id, file, why) without writing anything. Exit 0 up to date, "
                + "3 pending, 4 newer database, 5 edited changeset (named on stderr).")
class StatusCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws MigrationException, PosDatabaseException {
        PosDatabaseSettings settings = changelog.settings(options.database());
        MigrationPlan plan = PosDatabaseChecks.plan(settings);
        fields.put("up_to_date", plan.pending().isEmpty() && plan.unknown().isEmpty() && plan.modified().isEmpty());
        fields.put("pending", plan.pending());
        fields.put("unknown_to_this_release", plan.unknown());
        fields.put("edited_after_applied", plan.modified());
        // A newer or edited database is refused in the boot's words, with the boot's exit code.
        PosDatabaseChecks.refuseNewerOrEdited(plan, settings);
        fields.put("ok", true);
        output.result(fields, text(plan));
        return plan.pending().isEmpty() ? ExitCodes.OK : ExitCodes.PENDING;
    }

    private String text(MigrationPlan plan) {
        StringBuilder text = new StringBuilder();
        if (plan.pending().isEmpty()) {
            text.append("Database ").append(options.database().description()).append(" is up to date.");
        } else {
            text.append(plan.pending().size()).append(" pending changeset(s) on ").append(options.database().description())
                    .append(':');
            for (PendingChangeSet changeSet : plan.pending()) {
                text.append(System.lineSeparator()).append("  ").append(changeSet.id()).append("  ")
                        .append(changeSet.file()).append("  ").append(changeSet.reason());
            }
        }
        return text.toString();
    }
}
