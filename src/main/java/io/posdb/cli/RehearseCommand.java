package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.TillDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.RehearsalReport;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rehearse",
        description = "Run the whole upgrade, the drift check and Hibernate validation on a copy of the database and "
                + "report; the original is not modified. Exit 0 the upgrade would succeed, 1 it would fail, 7 this "
                + "account cannot write the database, as boot and update would refuse it (said in boot's words; no copy "
                + "is made or upgraded), or the temporary folder cannot hold the copy's upgrade, 12 the upgraded copy "
                + "drifts with --strict-schema; other codes as in posdb --help.")
@Needs(Needs.Database.EXISTING_SQLITE_FILE)
class RehearseCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    @Option(names = "--strict-schema",
            description = "Fail (exit 12) when the upgraded copy's schema drifted from what the applied changesets "
                    + "produce, as boot --strict-schema would refuse to start; without it drift is reported.")
    boolean strictSchema;

    /**
     * What the rehearsal saw. The drift check and Hibernate's validation run only on an upgraded copy: when the
     * upgrade failed, {@code drift} and {@code valid} are null, a check that did not run, never "no drift" or
     * "invalid".
     */
    record Result(String database, boolean ok, List<PendingChangeSet> pending, List<AppliedChangeSet> applied,
                  Map<String, Object> reports, boolean upgraded, List<String> drift, Boolean valid)
            implements CommandResult {

        /** What {@code report} says, its checks null when they did not run. */
        static Result of(String database, RehearsalReport report) {
            boolean checked = report.upgraded();
            return new Result(database, report.passed(), report.pending(), report.applied(),
                    AppliedChangeSets.reports(report.applied()), report.upgraded(), checked ? report.drift() : null,
                    checked ? report.valid() : null);
        }

        /** The counts of each data change on one line: the rows themselves (every user, on a large shop) are in --json. */
        @Override
        public String text() {
            return "Rehearsal of " + database + " (on a copy; original untouched)" + System.lineSeparator()
                    + "Pending: " + pending.size() + " changeset(s)" + System.lineSeparator()
                    + AppliedChangeSets.text(applied) + AppliedChangeSets.summaries(reports) + System.lineSeparator()
                    + driftText() + System.lineSeparator()
                    + "Schema validation: " + (valid == null ? NOT_RUN : valid ? "passed" : "failed");
        }

        /** Boot's drift check on the upgraded copy: without --strict-schema a boot logs it at WARN and starts. */
        private String driftText() {
            if (drift == null) {
                return "Schema drift: " + NOT_RUN;
            }
            return drift.isEmpty() ? "Schema drift: none" : Tables.indented("Schema drift: " + drift.size()
                    + " difference(s) (a WARN at boot; boot --strict-schema would refuse, exit 12):", drift.stream());
        }
    }

    /** What a check's line says when the upgrade failed before it: it runs on the upgraded copy only. */
    private static final String NOT_RUN = "not checked (the upgrade did not finish)";

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        // A newer or edited database is refused as the boot refuses it, with the boot's message and exit code.
        RehearsalReport report = PosDatabaseMaintenance.rehearse(upgrade.settings(spec, database)
                .strictSchema(strictSchema).build());
        Result result = Result.of(database.description(), report);
        if (report.error() != null) {
            // A failed rehearsal is a failure, of the kind boot's would be (boot's 12 for strict drift; 7 for a
            // full disk, here the temporary folder's, which the copy's upgrade met; else 1); --json still gives
            // what the copy went through. What failed on the copy is the cause, Liquibase's error whole as under a
            // failed boot, so a failed changeset's block reads the same cause as boot's (and --verbose shows its
            // stack trace); the message adds, once, that the shop's database was not touched: nothing of it was
            // restored.
            known(result);
            BootFailure kind = report.driftRefused() ? BootFailure.SCHEMA_DRIFT
                    : report.failure() == null ? BootFailure.MIGRATION_FAILED
                    : DatabaseFailures.of(database, report.failure()).kind();
            Exception cause = report.failure() != null ? report.failure()
                    : new PosDatabaseException(kind, report.error());
            throw new PosDatabaseException(kind, report.error() + CommandOutput.untouched(database.description()),
                    AfterFailure.NOT_TOUCHED, cause);
        }
        return result;
    }
}
