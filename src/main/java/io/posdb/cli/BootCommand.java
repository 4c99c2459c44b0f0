package io.posdb.cli;

import io.posdb.bootstrap.BootException;
import io.posdb.bootstrap.BootResult;
import io.posdb.bootstrap.DatabaseBootstrap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "boot", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "The application's startup path: apply pending changesets, validate the schema with Hibernate. "
                + "Exit 0 when ready, 1 on failure.")
class BootCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().file().toString());
        try (BootResult result = new DatabaseBootstrap(options.database()).boot()) {
            fields.put("ok", true);
            fields.put("ready", true);
            fields.putAll(AppliedChangeSets.fields(result.applied()));
            output.result(fields, AppliedChangeSets.text(result.applied()) + System.lineSeparator() + "Ready.");
            return ExitCodes.OK;
        } catch (BootException e) {
            fields.put("ready", false);
            return output.failure("boot", e.getMessage(), fields);
        }
    }
}
