package io.posdb.cli;

import io.posdb.failure.BootException;
import io.posdb.failure.BootFailure;
import io.posdb.orm.HibernateSchema;
import java.util.Map;
import org.hibernate.SessionFactory;
import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Hibernate schema validation only, no Liquibase. Exit 0 valid, 1 invalid (names table and column).")
class ValidateCommand extends DatabaseCommand {

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws BootException {
        // Validation must not create the file it is asked to check.
        try (SessionFactory ignored = HibernateSchema.buildValidated(options.database())) {
            fields.put("ok", true);
            fields.put("valid", true);
            output.result(fields, "Schema of " + options.database().description() + " matches the entities.");
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            fields.put("valid", false);
            throw new BootException(BootFailure.INVALID_SCHEMA, "Schema validation failed on "
                    + options.database().description() + ": " + HibernateSchema.describe(e), e);
        }
    }
}
