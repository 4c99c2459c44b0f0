package io.posdb.cli;

import io.posdb.failure.PosDatabaseException;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.DatabaseState;
import io.posdb.changelog.MigrationRecords;
import io.posdb.failure.MigrationException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Roll back to a release tag or by a number of changesets (on SQLite: under the upgrade lock, "
                + "after the file checks, all or nothing with a snapshot), then report what the schema and data "
                + "are now (roles in the values the target release accepts). Exit 0 done; see the exit codes of "
                + "posdb --help.")
class RollbackCommand extends DatabaseCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    @Mixin
    UpgradeOptions upgrade;

    static class Target {
        @Option(names = "--tag", paramLabel = "TAG", required = true,
                description = "Roll back every changeset applied after this tag (e.g. v1.0), and the tagDatabase "
                        + "changeset that set it, as Liquibase does: the database is then at the release's "
                        + "schema and data, without the tag.")
        String tag;

        @Option(names = "--count", paramLabel = "N", required = true,
                description = "Roll back the last N applied changesets.")
        Integer count;
    }

    @Override
    Needs needs() {
        return Needs.EXISTING;
    }

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int run(CommandOutput output, Map<String, Object> fields)
            throws MigrationException, SQLException, PosDatabaseException {
        if (target.count != null && target.count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + target.count);
        }
        PosDatabaseSettings settings = upgrade.settings(spec, options.database()).build();
        List<AppliedChangeSet> rolledBack = target.tag != null
                ? PosDatabaseMaintenance.rollbackToTag(settings, target.tag)
                : PosDatabaseMaintenance.rollbackCount(settings, target.count);
        DatabaseState state = new MigrationRecords(options.database()).state();
        fields.put("ok", true);
        fields.put("state", state);
        fields.putAll(AppliedChangeSets.fields(rolledBack));
        fields.put("rolled_back", fields.remove("applied"));
        output.result(fields, "Rolled back " + rolledBack.size() + " changeset(s)." + reports(rolledBack)
                + System.lineSeparator() + "Now at " + where(state)
                + System.lineSeparator() + "Tables (rows): " + state.tables()
                + (state.values().isEmpty() ? "" : System.lineSeparator() + "Values of audited columns (rows): "
                        + state.values()));
        return ExitCodes.OK;
    }

    /** What each rolled-back data migration did (e.g. how many roles came from the audit, how many were mapped back). */
    private static String reports(List<AppliedChangeSet> rolledBack) {
        StringBuilder text = new StringBuilder();
        rolledBack.stream().filter(c -> c.report() != null).forEach(c -> text.append(System.lineSeparator())
                .append("  ").append(c.id()).append(": ").append(JsonOutput.toJson(c.report())));
        return text.toString();
    }

    /** The database is at a tag only when its last applied changeset carries it. */
    private static String where(DatabaseState state) {
        if (state.lastChangeSet() == null) {
            return "no changeset";
        }
        return "changeset " + state.lastChangeSet() + (state.tag() != null ? " (tag " + state.tag() + ")"
                : state.previousTag() != null ? " (no tag; the last tag before it is " + state.previousTag() + ")"
                : " (no tag)");
    }
}
