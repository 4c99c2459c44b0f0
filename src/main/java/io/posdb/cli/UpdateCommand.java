package io.posdb.cli;

import io.posdb.api.PosDatabase;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.TillDatabase;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "update",
        description = "Apply the pending changesets only (all or nothing; no Hibernate validation). "
                + "Exit 0 done; see the exit codes of posdb --help.")
class UpdateCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    record Result(String database, boolean ok, List<AppliedChangeSet> applied, Map<String, Object> reports)
            implements CommandResult {
        @Override
        public String text() {
            return AppliedChangeSets.text(applied);
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        List<AppliedChangeSet> applied = PosDatabase.upgrade(upgrade.settings(spec, database).build());
        return new Result(database.description(), true, applied, AppliedChangeSets.reports(applied));
    }
}
