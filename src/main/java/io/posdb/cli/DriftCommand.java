package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.database.TillDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.failure.BootFailure;
import io.posdb.report.DriftDifference;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "drift",
        description = "Compare the live schema with what the applied changesets produce (in a scratch database). "
                + "Exit 0 no drift, 12 drift or an unowned object, 4 not compared; other codes as in posdb --help.")
@Needs(Needs.Database.EXISTING)
class DriftCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    /**
     * {@code compared} false with {@code notCompared} the reason (the doctor's words): a database with no
     * changeset applied has nothing of the changelog's to compare yet, which is no drift.
     * {@code notComparedChangesets}: the applied changesets this release does not know but runs on (recorded
     * compatible), whose changes were not compared; the rest of the schema was. A database with ones it does not
     * run on is refused (exit 4).
     */
    record Result(String database, boolean ok, boolean compared, String notCompared, boolean drift,
                  List<DriftDifference> differences, List<String> notComparedChangesets) implements CommandResult {
        @Override
        public String text() {
            if (!compared && !drift) {
                return "Schema of " + database + " " + DriftReport.notComparedText(notCompared) + ". Nothing is wrong: "
                        + "the next boot adopts it and applies the changelog; posdb drift compares it after that.";
            }
            if (!compared) { // not compared but for the objects the changelog does not own, which boot adopts with it
                return Tables.indented("Schema of " + database + " " + DriftReport.notComparedText(notCompared)
                        + ". The next boot adopts it as it is, with " + differences.size() + " object(s) the changelog "
                        + "does not own; " + DriftReport.UNOWNED_AT_BOOT + ":",
                        differences.stream().map(DriftDifference::text));
            }
            String compared = !drift ? "No schema drift on " + database + ": it is what its applied changesets produce."
                    : Tables.indented("Schema drift on " + database + " (" + differences.size()
                            + " difference(s) from what its applied changesets produce):",
                            differences.stream().map(DriftDifference::text));
            return notComparedChangesets.isEmpty() ? compared
                    : compared + System.lineSeparator() + "Also "
                            + DriftReport.notComparedChangesetsText(notComparedChangesets) + ".";
        }

        @Override
        public int exitCode() {
            return drift ? BootFailure.SCHEMA_DRIFT.exitCode() : ExitCodes.OK;
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        // After an interrupted upgrade, the schema the next boot starts from: the snapshot's, which it restores first.
        DriftReport report = new DriftCheck(PosDatabaseChecks.existingAsTheNextBootFindsIt(changelog.settings(database)
                .build()), changelog.source()).check();
        return new Result(database.description(), !report.drift(), report.compared(), report.notCompared(),
                report.drift(), report.found(), report.notComparedChangesets());
    }
}
