package io.posdb.cli;

import io.posdb.api.PosDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.MigrationException;
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
    int run(CommandOutput output, Map<String, Object> fields) throws PosDatabaseException, MigrationException {
        fields.put("ready", false);
        // The command line boots exactly as an application does, through the library's entry point;
        // a failure goes to the one exit-code mapping (ExitCodes) like every other command's.
        PosDatabaseSettings settings = upgrade.settings(spec, options.database()).strictSchema(strictSchema).build();
        try (PosDatabase result = PosDatabase.boot(settings)) {
            fields.put("ok", true);
            fields.put("ready", true);
            fields.putAll(AppliedChangeSets.fields(result.applied()));
            output.result(fields, AppliedChangeSets.text(result.applied()) + System.lineSeparator() + "Ready.");
            return ExitCodes.OK;
        }
    }
}
