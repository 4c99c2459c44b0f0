package io.posdb.cli;

import io.posdb.migration.AppliedChangeSet;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "update", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Apply the pending changesets only (no Hibernate validation). Exit 0 done, 1 failure.")
class UpdateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().file().toString());
        try {
            options.database().createParentFolder();
            List<AppliedChangeSet> applied = new LiquibaseMigrations(options.database()).update();
            fields.put("ok", true);
            fields.putAll(AppliedChangeSets.fields(applied));
            output.result(fields, AppliedChangeSets.text(applied));
            return ExitCodes.OK;
        } catch (MigrationException | IOException e) {
            return output.failure("update", "Migration failed on " + options.database().file() + ": "
                    + e.getMessage(), fields);
        }
    }
}
