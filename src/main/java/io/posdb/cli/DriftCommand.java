package io.posdb.cli;

import io.posdb.bootstrap.BootFailure;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.migration.ChangelogException;
import io.posdb.migration.MigrationException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drift", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Compare the live schema with the schema exactly the applied changesets produce (built in a "
                + "scratch database). Exit 0 no drift, 12 drift.")
class DriftCommand extends DatabaseCommand {

    @Option(names = "--changelog", paramLabel = "FILE", description = "Use this master changelog instead of the packaged one.")
    Path changelog;

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields) {
        try {
            DriftReport report = new DriftCheck(options.database(), UpgradeOptions.changelogSource(changelog)).check();
            fields.put("ok", !report.drift());
            fields.put("drift", report.drift());
            fields.put("differences", report.differences());
            output.result(fields, text(report));
            return report.drift() ? BootFailure.SCHEMA_DRIFT.exitCode() : ExitCodes.OK;
        } catch (ChangelogException e) {
            return output.failure("drift", e.getMessage(), fields, BootFailure.BAD_CHANGELOG.exitCode());
        } catch (MigrationException e) {
            return output.failure("drift", e.getMessage(), fields);
        }
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
