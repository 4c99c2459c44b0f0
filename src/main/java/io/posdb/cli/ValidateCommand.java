package io.posdb.cli;

import io.posdb.bootstrap.HibernateSchema;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Hibernate schema validation only, no Liquibase. Exit 0 valid, 1 invalid (names table and column).")
class ValidateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().description());
        // Validation must not create the file it is asked to check.
        if (!options.databaseExists()) {
            fields.put("valid", false);
            return output.failure("validate", options.missingDatabaseMessage(), fields);
        }
        try (SessionFactory ignored = HibernateSchema.buildValidated(options.database())) {
            fields.put("ok", true);
            fields.put("valid", true);
            output.result(fields, "Schema of " + options.database().description() + " matches the entities.");
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            fields.put("valid", false);
            return output.failure("validate", "Schema validation failed on " + options.database().description() + ": "
                    + HibernateSchema.describe(e), fields);
        }
    }
}
