package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.TillDatabase;
import java.util.List;
import java.util.Map;
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

    /** {@code reports}: under each changeset's id, what its undo put back (values of a column it had dropped). */
    record Result(String database, boolean ok, List<AppliedChangeSet> undone, Map<String, Object> reports)
            implements CommandResult {
        @Override
        public String text() {
            // What each undo restored, in words, as a rollback's data changes are given: --json has it whole.
            return undone.isEmpty()
                    ? "Nothing to downgrade: " + database + " has no changeset this release does not know."
                    : "Undid " + undone.size() + " changeset(s), newest first: " + String.join(", ",
                    undone.stream().map(AppliedChangeSet::id).toList()) + "." + AppliedChangeSets.summaries(reports);
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(upgrade.settings(spec, database).build());
        return new Result(database.description(), true, undone, AppliedChangeSets.reports(undone));
    }
}
