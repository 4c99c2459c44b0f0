package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.BootFailure;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Hibernate schema validation only, no Liquibase. Exit 0 valid, 1 invalid (names table and column).")
class ValidateCommand extends DatabaseCommand {

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws PosDatabaseException {
        try {
            PosDatabaseMaintenance.validate(PosDatabaseSettings.of(options.database()).build());
        } catch (PosDatabaseException e) {
            if (e.kind() == BootFailure.INVALID_SCHEMA) {
                fields.put("valid", false); // the schema was read and does not match; other kinds say why it was not
            }
            throw e;
        }
        fields.put("ok", true);
        fields.put("valid", true);
        output.result(fields, "Schema of " + options.database().description() + " matches the entities.");
        return ExitCodes.OK;
    }
}
