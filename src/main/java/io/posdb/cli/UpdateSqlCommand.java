package io.posdb.cli;

import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "update-sql", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Print the SQL that update would run, without running it. Java data migrations are "
                + "listed by changeset but have no SQL. Exit 0 done, 1 failure.")
class UpdateSqlCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().file().toString());
        if (!options.databaseExists()) {
            return output.failure("update-sql", options.missingDatabaseMessage(), fields);
        }
        try {
            String sql = new LiquibaseMigrations(options.database()).updateSql();
            fields.put("ok", true);
            fields.put("sql", sql);
            output.result(fields, sql);
            return ExitCodes.OK;
        } catch (MigrationException e) {
            return output.failure("update-sql", e.getMessage(), fields);
        }
    }
}
