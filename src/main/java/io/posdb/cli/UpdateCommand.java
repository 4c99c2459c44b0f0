package io.posdb.cli;

import io.posdb.api.PosDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.failure.MigrationException;
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
    int run(CommandOutput output, Map<String, Object> fields) throws PosDatabaseException, MigrationException {
        List<AppliedChangeSet> applied = PosDatabase.upgrade(upgrade.settings(spec, options.database()).build());
        fields.put("ok", true);
        fields.putAll(AppliedChangeSets.fields(applied));
        output.result(fields, AppliedChangeSets.text(applied));
        return ExitCodes.OK;
    }
}
