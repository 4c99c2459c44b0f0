package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.TillDatabase;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status",
        description = "List the pending changesets (id, file, why) without writing anything. Exit 0 up to date, "
                + "3 pending, 4 newer database, 5 edited changeset (named on stderr).")
class StatusCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    /**
     * The plan as status reports it. The unknown and edited changesets are the plan's own rows, given
     * whole by --json; they stay {@code List<?>} here because the command line reads only the plan's
     * read models (PackageLayoutTest), and their words are on stderr, from the refusal.
     */
    record Result(String database, boolean ok, boolean upToDate, List<PendingChangeSet> pending,
                  List<?> unknownToThisRelease, List<?> editedAfterApplied) implements CommandResult {
        @Override
        public String text() {
            return pending.isEmpty() ? "Database " + database + " is up to date."
                    : Tables.indented(pending.size() + " pending changeset(s) on " + database + ":", pending.stream()
                            .map(changeSet -> changeSet.id() + "  " + changeSet.file() + "  " + changeSet.reason()));
        }

        @Override
        public int exitCode() {
            return pending.isEmpty() ? ExitCodes.OK : ExitCodes.PENDING;
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        PosDatabaseSettings settings = changelog.settings(database).build();
        MigrationPlan plan = PosDatabaseChecks.plan(settings);
        boolean upToDate = plan.pending().isEmpty() && plan.unknown().isEmpty() && plan.modified().isEmpty();
        known(new Result(database.description(), false, upToDate, plan.pending(), plan.unknown(), plan.modified()));
        // A newer or edited database is refused in the boot's words, with the boot's exit code.
        PosDatabaseChecks.refuseNewerOrEdited(plan, settings);
        return new Result(database.description(), true, upToDate, plan.pending(), plan.unknown(), plan.modified());
    }
}
