package io.posdb.cli;

import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import io.posdb.migration.PendingChangeSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "List the pending changesets (id, file, why). Exit 0 up to date, 3 pending, 1 failure.")
class StatusCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().file().toString());
        try {
            List<PendingChangeSet> pending = new LiquibaseMigrations(options.database()).pending();
            fields.put("ok", true);
            fields.put("up_to_date", pending.isEmpty());
            fields.put("pending", pending);
            output.result(fields, text(pending));
            return pending.isEmpty() ? ExitCodes.OK : ExitCodes.PENDING;
        } catch (MigrationException e) {
            return output.failure("status", e.getMessage(), fields);
        }
    }

    private String text(List<PendingChangeSet> pending) {
        if (pending.isEmpty()) {
            return "Database " + options.database().file() + " is up to date.";
        }
        StringBuilder text = new StringBuilder(pending.size() + " pending changeset(s) on "
                + options.database().file() + ":");
        for (PendingChangeSet changeSet : pending) {
            text.append(System.lineSeparator()).append("  ").append(changeSet.id())
                    .append("  ").append(changeSet.file())
                    .append("  ").append(changeSet.reason());
        }
        return text.toString();
    }
}
