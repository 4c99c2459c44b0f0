package io.posdb.cli;

import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import io.posdb.migration.MigrationRecords;
import io.posdb.migration.DatabaseState;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Roll back to a release tag or by a number of changesets, then report what the schema "
                + "and data are now. Exit 0 done, 1 failure.")
class RollbackCommand extends DatabaseCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    static class Target {
        @Option(names = "--tag", paramLabel = "TAG", required = true,
                description = "Roll back every changeset applied after this tag (e.g. v1.0).")
        String tag;

        @Option(names = "--count", paramLabel = "N", required = true,
                description = "Roll back the last N applied changesets.")
        Integer count;
    }

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) {
        if (target.count != null && target.count < 1) {
            return output.failure("rollback", "--count must be at least 1, got " + target.count, fields);
        }
        try {
            LiquibaseMigrations migrations = new LiquibaseMigrations(options.database());
            if (target.tag != null) {
                migrations.rollbackToTag(target.tag);
            } else {
                migrations.rollbackCount(target.count);
            }
            DatabaseState state = new MigrationRecords(options.database()).state();
            fields.put("ok", true);
            fields.put("state", state);
            output.result(fields, "Rolled back. Now at " + (state.lastChangeSet() == null ? "no changeset"
                    : "changeset " + state.lastChangeSet()) + (state.tag() == null ? "" : " (tag " + state.tag() + ")")
                    + System.lineSeparator() + "Tables (rows): " + state.tables()
                    + System.lineSeparator() + "Users per role: " + state.roles());
            return ExitCodes.OK;
        } catch (MigrationException | SQLException e) {
            return output.failure("rollback", "Rollback failed on " + options.database().description() + ": "
                    + e.getMessage(), fields);
        }
    }
}
