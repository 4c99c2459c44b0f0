package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.TillDatabase;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "downgrade",
        description = "Run by an older release on a database a newer release upgraded: undo the changesets this "
                + "release does not know, newest first, from what the database recorded of each (on SQLite under "
                + "the upgrade lock, all or nothing with a snapshot; values only the newer release knew are "
                + "archived, never dropped). Exit 0 done or nothing to undo; see the exit codes of posdb --help.")
@Needs(Needs.Database.EXISTING_TO_CHANGE)
class DowngradeCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    record Result(String database, boolean ok, List<AppliedChangeSet> undone) implements CommandResult {
        @Override
        public String text() {
            return undone.isEmpty() ? "Nothing to downgrade: " + database + " has no changeset this release does not know."
                    : "Undid " + undone.size() + " changeset(s), newest first: " + String.join(", ",
                    undone.stream().map(AppliedChangeSet::id).toList()) + ".";
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        return new Result(database.description(), true,
                PosDatabaseMaintenance.downgrade(upgrade.settings(spec, database).build()));
    }
}
