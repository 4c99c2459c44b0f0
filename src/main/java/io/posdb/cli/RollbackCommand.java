package io.posdb.cli;

import io.posdb.bootstrap.BootException;
import io.posdb.bootstrap.BootFailure;
import io.posdb.bootstrap.DatabaseRollback;
import io.posdb.bootstrap.UpgradeSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.migration.ChangelogException;
import io.posdb.migration.DatabaseState;
import io.posdb.migration.LiquibaseMigrations;
import io.posdb.migration.MigrationException;
import io.posdb.migration.MigrationRecords;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Roll back to a release tag or by a number of changesets (on SQLite: under the upgrade lock, "
                + "after the file checks, all or nothing with a snapshot), then report what the schema and data "
                + "are now. Exit 0 done; see the exit codes of posdb --help.")
class RollbackCommand extends DatabaseCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    @Mixin
    UpgradeOptions upgrade;

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
    int run(CommandOutput output, Map<String, Object> fields) throws MigrationException {
        if (target.count != null && target.count < 1) {
            return output.failure("rollback", "--count must be at least 1, got " + target.count, fields);
        }
        UpgradeSettings settings = upgrade.settings(spec);
        try {
            if (options.database() instanceof SqliteDatabase sqlite) {
                rollBackFile(new DatabaseRollback(sqlite, settings));
            } else {
                // A server has no file to snapshot: each changeset's rollback is its own transaction there.
                rollBackServer(new LiquibaseMigrations(options.database(), settings.changelog()));
            }
            DatabaseState state = new MigrationRecords(options.database()).state();
            fields.put("ok", true);
            fields.put("state", state);
            output.result(fields, "Rolled back. Now at " + (state.lastChangeSet() == null ? "no changeset"
                    : "changeset " + state.lastChangeSet()) + (state.tag() == null ? "" : " (tag " + state.tag() + ")")
                    + System.lineSeparator() + "Tables (rows): " + state.tables()
                    + System.lineSeparator() + "Users per role: " + state.roles());
            return ExitCodes.OK;
        } catch (BootException e) {
            return output.failure("rollback", e.getMessage(), fields, e.failure().exitCode());
        } catch (ChangelogException e) {
            return output.failure("rollback", e.getMessage(), fields, BootFailure.BAD_CHANGELOG.exitCode());
        } catch (MigrationException | SQLException e) {
            return output.failure("rollback", "Rollback failed on " + options.database().description() + ": "
                    + e.getMessage(), fields);
        }
    }

    private void rollBackFile(DatabaseRollback rollback) throws BootException {
        if (target.tag != null) {
            rollback.toTag(target.tag);
        } else {
            rollback.count(target.count);
        }
    }

    private void rollBackServer(LiquibaseMigrations migrations) throws MigrationException {
        if (target.tag != null) {
            migrations.rollbackToTag(target.tag);
        } else {
            migrations.rollbackCount(target.count);
        }
    }
}
