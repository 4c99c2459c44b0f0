package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.report.RehearsalReport;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.failure.BootFailure;
import io.posdb.failure.MigrationException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rehearse", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Run the whole upgrade and Hibernate validation on a copy of the database and report; "
                + "the original is not modified. Exit 0 the upgrade would succeed, 1 it would fail.")
class RehearseCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    @Override
    Needs needs() {
        return Needs.EXISTING_SQLITE_FILE;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields)
            throws MigrationException, PosDatabaseException, PosDatabaseException {
        // A newer or edited database is refused as the boot refuses it, with the boot's message and exit code.
        RehearsalReport report = PosDatabaseMaintenance.rehearse(upgrade.settings(spec, options.database()).build());
        fields.put("ok", report.passed());
        fields.put("pending", report.pending());
        fields.putAll(AppliedChangeSets.fields(report.applied()));
        fields.put("upgraded", report.upgraded());
        fields.put("valid", report.valid());
        if (report.error() != null) {
            throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, report.error());
        }
        output.result(fields, text(report));
        return ExitCodes.OK;
    }

    private static String text(RehearsalReport report) {
        StringBuilder text = new StringBuilder("Rehearsal of " + report.database() + " (on a copy; original untouched)")
                .append(System.lineSeparator()).append("Pending: ").append(report.pending().size())
                .append(" changeset(s)").append(System.lineSeparator())
                .append(AppliedChangeSets.text(report.applied()));
        for (AppliedChangeSet changeSet : report.applied()) {
            if (changeSet.report() != null) {
                text.append(System.lineSeparator()).append(AppliedChangeSets.summary(changeSet));
            }
        }
        return text.append(System.lineSeparator()).append("Schema validation: passed").toString();
    }
}
