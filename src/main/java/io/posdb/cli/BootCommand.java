package io.posdb.cli;

import io.posdb.bootstrap.BootException;
import io.posdb.bootstrap.BootResult;
import io.posdb.bootstrap.DatabaseBootstrap;
import io.posdb.migration.MigrationException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "boot", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "The application's startup path: apply pending changesets (all or nothing), then validate "
                + "the schema with Hibernate. Exit 0 when ready; see the exit codes of posdb --help.")
class BootCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    @Option(names = "--strict-schema",
            description = "Refuse to start (exit 12) when the schema drifted from what the applied changesets produce.")
    boolean strictSchema;

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws MigrationException {
        try (BootResult result = new DatabaseBootstrap(options.database(),
                upgrade.settings(spec).withStrictSchema(strictSchema)).boot()) {
            fields.put("ok", true);
            fields.put("ready", true);
            fields.putAll(AppliedChangeSets.fields(result.applied()));
            output.result(fields, AppliedChangeSets.text(result.applied()) + System.lineSeparator() + "Ready.");
            return ExitCodes.OK;
        } catch (BootException e) {
            fields.put("ready", false);
            return output.failure("boot", e.getMessage(), fields, e.failure().exitCode());
        }
    }
}
