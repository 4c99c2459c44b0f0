package io.posdb.cli;

import io.posdb.bootstrap.BootFailure;
import io.posdb.migration.ChangelogException;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import io.posdb.migration.MigrationPlan;
import io.posdb.migration.PendingChangeSet;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "List the pending changesets (id, file, why) without writing anything. Exit 0 up to date, "
                + "3 pending, 4 newer database, 5 edited changeset.")
class StatusCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    @Override
    int run(CommandOutput output, Map<String, Object> fields) {
        try {
            MigrationPlan plan = new LiquibaseMigrations(options.database(), changelog.source())
                    .plan();
            fields.put("ok", true);
            fields.put("up_to_date", plan.pending().isEmpty() && plan.unknown().isEmpty() && plan.modified().isEmpty());
            fields.put("pending", plan.pending());
            fields.put("unknown_to_this_release", plan.unknown());
            fields.put("edited_after_applied", plan.modified());
            output.result(fields, text(plan));
            if (!plan.modified().isEmpty()) {
                return BootFailure.CHECKSUM_MISMATCH.exitCode();
            }
            if (!plan.unknown().isEmpty()) {
                return BootFailure.NEWER_DATABASE.exitCode();
            }
            return plan.pending().isEmpty() ? ExitCodes.OK : ExitCodes.PENDING;
        } catch (ChangelogException e) {
            return output.failure("status", e.getMessage(), fields, BootFailure.BAD_CHANGELOG.exitCode());
        } catch (MigrationException e) {
            return output.failure("status", e.getMessage(), fields);
        }
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
        plan.unknown().forEach(row -> text.append(System.lineSeparator()).append("  unknown to this release: ")
                .append(row.id()).append(" (").append(row.file()).append(", ").append(row.labels()).append(')'));
        plan.modified().forEach(entry -> text.append(System.lineSeparator()).append("  edited after it was applied: ")
                .append(entry.id()).append(" (").append(entry.file()).append(')'));
        return text.toString();
    }
}
