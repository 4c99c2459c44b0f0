package io.posdb.cli;

import io.posdb.bootstrap.UpdateSqlPreview;
import io.posdb.migration.ChangelogSource;
import java.io.IOException;
import io.posdb.migration.MigrationException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "update-sql", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Print the SQL that update would run, without running it (computed on a copy; the database "
                + "is not touched). Java data migrations appear as comments. Exit 0 done, 1 failure.")
class UpdateSqlCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        Map<String, Object> fields = CommandOutput.fields("database", options.database().description());
        if (options.sqliteFile() == null) {
            return output.failure("update-sql", "update-sql works on SQLite files (--db); for a server use its own backups and "
                    + "status/update", fields);
        }
        if (!options.databaseExists()) {
            return output.failure("update-sql", options.missingDatabaseMessage(), fields);
        }
        try {
            String sql = UpdateSqlPreview.of(options.sqliteFile(), ChangelogSource.packaged());
            fields.put("ok", true);
            fields.put("sql", sql);
            output.result(fields, sql);
            return ExitCodes.OK;
        } catch (MigrationException | IOException e) {
            return output.failure("update-sql", e.getMessage(), fields);
        }
    }
}
