package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.database.TillDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "update-sql",
        description = "Print the SQL that update would run, without running it (computed on a copy; the database "
                + "is not touched). A changeset update would mark as ran is a comment saying why; Java data migrations "
                + "appear as comments. Exit 0 done; other codes as in posdb --help.")
@Needs(Needs.Database.EXISTING_SQLITE_FILE)
class UpdateSqlCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    record Result(String database, boolean ok, String sql) implements CommandResult {
        @Override
        public String text() {
            return sql;
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        return new Result(database.description(), true,
                PosDatabaseMaintenance.updateSql(changelog.settings(database).build()));
    }
}
