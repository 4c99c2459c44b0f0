package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.DatabaseState;
import io.posdb.changelog.MigrationRecords;
import io.posdb.database.TillDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "rollback",
        description = "Roll back to a release tag or by a number of changesets (on SQLite: under the upgrade lock, "
                + "after the file checks, all or nothing with a snapshot), then report what the schema and data "
                + "are now (roles in the values the target release accepts). Exit 0 done; see the exit codes of "
                + "posdb --help.")
@Needs(Needs.Database.EXISTING_TO_CHANGE)
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

    record Result(String database, boolean ok, DatabaseState state, List<AppliedChangeSet> rolledBack,
                  Map<String, Object> reports) implements CommandResult {
        @Override
        public String text() {
            // Each data change's counts in words, as update and rehearse give them: --json has the report whole.
            String text = "Rolled back " + rolledBack.size() + " changeset(s)." + AppliedChangeSets.summaries(reports)
                    + System.lineSeparator() + "Now at " + where(state)
                    + System.lineSeparator() + "Tables (rows): " + counts(state.tables());
            return state.values().isEmpty() ? text : text + System.lineSeparator() + "Values of audited columns (rows): "
                    + state.values().entrySet().stream().map(column -> column.getKey() + ": " + counts(column.getValue()))
                            .collect(Collectors.joining("; "));
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        if (target.count != null && target.count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + target.count);
        }
        PosDatabaseSettings settings = upgrade.settings(spec, database).build();
        List<AppliedChangeSet> rolledBack = target.tag != null
                ? PosDatabaseMaintenance.rollbackToTag(settings, target.tag)
                : PosDatabaseMaintenance.rollbackCount(settings, target.count);
        return new Result(database.description(), true, new MigrationRecords(database).state(),
                rolledBack, AppliedChangeSets.reports(rolledBack));
    }

    /** "user 3, product 12": how many rows each name has. */
    private static String counts(Map<String, Long> rows) {
        return rows.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
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
