package io.posdb.cli;

import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.failure.BootFailure;
import io.posdb.failure.MigrationException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "drift", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Compare the live schema with the schema exactly the applied changesets produce (built in a "
                + "scratch database). Exit 0 no drift, 12 drift.")
class DriftCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws MigrationException {
        // A failure (unusable database, bad changelog) goes to the one exit-code mapping, as for every command.
        DriftReport report = new DriftCheck(options.database(), changelog.source()).check();
        fields.put("ok", !report.drift());
        fields.put("drift", report.drift());
        fields.put("differences", report.differences());
        output.result(fields, text(report));
        return report.drift() ? BootFailure.SCHEMA_DRIFT.exitCode() : ExitCodes.OK;
    }

    private static String text(DriftReport report) {
        if (!report.drift()) {
            return "No schema drift on " + report.database() + ": it is what its applied changesets produce.";
        }
        StringBuilder text = new StringBuilder("Schema drift on " + report.database() + " ("
                + report.differences().size() + " difference(s) from what its applied changesets produce):");
        report.differences().forEach(d -> text.append(System.lineSeparator()).append("  ").append(d));
        return text.toString();
    }
}
