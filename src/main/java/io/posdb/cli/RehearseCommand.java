package io.posdb.cli;

import io.posdb.failure.BootException;
import io.posdb.failure.BootFailure;
import io.posdb.failure.MigrationException;
import io.posdb.runner.AppliedChangeSet;
import io.posdb.upgrade.DatabaseChecks;
import io.posdb.upgrade.UpgradeRehearsal;
import io.posdb.upgrade.UpgradeSettings;
import java.io.IOException;
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
    int run(CommandOutput output, Map<String, Object> fields) throws IOException, MigrationException, BootException {
        UpgradeSettings settings = upgrade.settings(spec);
        // Refused as the boot refuses it, with the boot's message and exit code.
        DatabaseChecks.refuseNewerOrEdited(options.database(), settings.changelog(), settings.allowNewerDatabase());
        UpgradeRehearsal.Report report = new UpgradeRehearsal(options.sqliteFile(), settings).run();
        fields.put("ok", report.upgraded() && report.valid());
        fields.put("pending", report.pending());
        fields.putAll(AppliedChangeSets.fields(report.applied()));
        fields.put("upgraded", report.upgraded());
        fields.put("valid", report.valid());
        if (report.error() != null) {
            throw new BootException(BootFailure.MIGRATION_FAILED, report.error());
        }
        output.result(fields, text(report));
        return ExitCodes.OK;
    }

    private static String text(UpgradeRehearsal.Report report) {
        StringBuilder text = new StringBuilder("Rehearsal of " + report.database() + " (on a copy; original untouched)")
                .append(System.lineSeparator()).append("Pending: ").append(report.pending().size())
                .append(" changeset(s)").append(System.lineSeparator())
                .append(AppliedChangeSets.text(report.applied()));
        for (AppliedChangeSet changeSet : report.applied()) {
            if (changeSet.report() != null) {
                text.append(System.lineSeparator()).append(changeSet.id()).append(": ").append(changeSet.report());
            }
        }
        return text.append(System.lineSeparator()).append("Schema validation: passed").toString();
    }
}
