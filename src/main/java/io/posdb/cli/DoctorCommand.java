package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.TillDatabase;
import io.posdb.report.DoctorReport;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code posdb doctor}: the whole database checked, each check with its verdict, evidence and next
 * command. Not a {@link DatabaseCommand}: those refuse a file SQLite cannot read before they run,
 * and saying what is wrong with such a file is the doctor's work. It writes nothing, except the
 * support bundle where it is told to.
 */
@Command(name = "doctor",
        description = "Check the database as a whole (file, locks, history, last upgrade, drift, data, snapshots) "
                + "and print each check as OK, WARN or FAIL with its evidence and the command to run next. Writes "
                + "nothing. Exit 0 when nothing fails (warnings included), else the exit code of the first failure.")
class DoctorCommand extends Subcommand {

    @Mixin
    DatabaseOptions options;

    @Mixin
    ChangelogOption changelog;

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "Also write a support bundle (one zip: this report, versions, Liquibase history, upgrade "
                    + "records, audit counts, the schema, the log's last lines; no personal data) to FILE.")
    Path bundle;

    @Option(names = "--replace", description = "With --bundle: replace FILE if it exists (else it is refused).")
    boolean replace;

    /** The report as --json prints it: the report's own fields, its verdict and exit code, and the bundle written. */
    record Result(String database, String engine, boolean ok, DoctorReport.Verdict verdict, int exitCode,
                  List<DoctorReport.Check> checks, String bundle) implements CommandResult {
        @Override
        public String text() {
            String text = new DoctorReport(database, engine, checks).text();
            return bundle == null ? text : text + System.lineSeparator() + "Support bundle written to " + bundle;
        }
    }

    @Override
    CommandResult run() throws Exception {
        TillDatabase database = options.choice().database();
        known(new DatabaseCommand.Started(database.description()));
        if (bundle != null && !replace && java.nio.file.Files.exists(bundle)) {
            throw new ParameterException(spec.commandLine(), "--bundle: " + bundle
                    + " exists already (add --replace to replace it)");
        }
        PosDatabaseSettings settings = changelog.settings(database).build();
        DoctorReport report = PosDatabaseChecks.doctor(settings);
        if (bundle != null) {
            PosDatabaseChecks.writeSupportBundle(settings, report, bundle, replace,
                    value -> JsonOutput.tree(value).toPrettyString());
        }
        return new Result(report.database(), report.engine(), report.exitCode() == ExitCodes.OK, report.verdict(),
                report.exitCode(), report.checks(),
                bundle == null ? null : bundle.toAbsolutePath().normalize().toString());
    }
}
