package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.RehearsalReport;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rehearse",
        description = "Run the whole upgrade and Hibernate validation on a copy of the database and report; "
                + "the original is not modified. Exit 0 the upgrade would succeed, 1 it would fail.")
class RehearseCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    record Result(String database, boolean ok, List<PendingChangeSet> pending, List<AppliedChangeSets.Entry> applied,
                  Map<String, Object> reports, boolean upgraded, boolean valid) implements CommandResult {

        static Result of(String database, RehearsalReport report) {
            return new Result(database, report.passed(), report.pending(),
                    AppliedChangeSets.entries(report.applied()), AppliedChangeSets.reports(report.applied()),
                    report.upgraded(), report.valid());
        }

        /** The counts of each data change on one line: the rows themselves (every user, on a large shop) are in --json. */
        @Override
        public String text() {
            return "Rehearsal of " + database + " (on a copy; original untouched)" + System.lineSeparator()
                    + "Pending: " + pending.size() + " changeset(s)" + System.lineSeparator()
                    + AppliedChangeSets.text(applied) + AppliedChangeSets.summaries(reports) + System.lineSeparator()
                    + "Schema validation: passed";
        }
    }

    @Override
    Needs needs() {
        return Needs.EXISTING_SQLITE_FILE;
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        // A newer or edited database is refused as the boot refuses it, with the boot's message and exit code.
        RehearsalReport report = PosDatabaseMaintenance.rehearse(upgrade.settings(spec, database).build());
        Result result = Result.of(database.description(), report);
        if (report.error() != null) {
            // A failed rehearsal is a failure (exit 1); --json still gives what the copy went through.
            known(result);
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, report.error());
        }
        return result;
    }
}
