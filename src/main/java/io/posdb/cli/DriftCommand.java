package io.posdb.cli;

import io.posdb.database.TillDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.failure.BootFailure;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "drift",
        description = "Compare the live schema with the schema exactly the applied changesets produce (built in a "
                + "scratch database). Exit 0 no drift, 12 drift.")
class DriftCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    record Result(String database, boolean ok, boolean drift, List<String> differences) implements CommandResult {
        @Override
        public String text() {
            return !drift ? "No schema drift on " + database + ": it is what its applied changesets produce."
                    : Tables.indented("Schema drift on " + database + " (" + differences.size()
                            + " difference(s) from what its applied changesets produce):", differences.stream());
        }

        @Override
        public int exitCode() {
            return drift ? BootFailure.SCHEMA_DRIFT.exitCode() : ExitCodes.OK;
        }
    }

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        DriftReport report = new DriftCheck(database, changelog.source()).check();
        return new Result(database.description(), !report.drift(), report.drift(), report.differences());
    }
}
