package io.posdb.cli;

import io.posdb.bootstrap.BootException;
import io.posdb.bootstrap.DatabaseBootstrap;
import io.posdb.migration.AppliedChangeSet;
import io.posdb.migration.MigrationException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "update", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Apply the pending changesets only (all or nothing; no Hibernate validation). "
                + "Exit 0 done; see the exit codes of posdb --help.")
class UpdateCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    @Override
    int run(CommandOutput output, Map<String, Object> fields) throws MigrationException {
        try {
            List<AppliedChangeSet> applied = DatabaseBootstrap.upgrade(options.database(), upgrade.settings(spec));
            fields.put("ok", true);
            fields.putAll(AppliedChangeSets.fields(applied));
            output.result(fields, AppliedChangeSets.text(applied));
            return ExitCodes.OK;
        } catch (BootException e) {
            return output.failure("update", e, fields);
        }
    }
}
