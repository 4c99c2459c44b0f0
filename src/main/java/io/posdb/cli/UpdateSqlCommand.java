package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.failure.MigrationException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "update-sql", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Print the SQL that update would run, without running it (computed on a copy; the database "
                + "is not touched). A changeset update would mark as ran is a comment saying why; Java data migrations "
                + "appear as comments. Exit 0 done, 1 failure.")
class UpdateSqlCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    @Override
    Needs needs() {
        return Needs.EXISTING_SQLITE_FILE;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws MigrationException, PosDatabaseException {
        String sql = PosDatabaseMaintenance.updateSql(changelog.settings(options.database()));
        fields.put("ok", true);
        fields.put("sql", sql);
        output.result(fields, sql);
        return ExitCodes.OK;
    }
}
