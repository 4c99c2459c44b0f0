package io.posdb.cli;

import io.posdb.bootstrap.UpdateSqlPreview;
import io.posdb.migration.ChangelogSource;
import java.io.IOException;
import io.posdb.migration.MigrationException;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "update-sql", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Print the SQL that update would run, without running it (computed on a copy; the database "
                + "is not touched). A changeset update would mark as ran is a comment saying why; Java data migrations "
                + "appear as comments. Exit 0 done, 1 failure.")
class UpdateSqlCommand extends DatabaseCommand {

    @Override
    Needs needs() {
        return Needs.EXISTING_SQLITE_FILE;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) {
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
