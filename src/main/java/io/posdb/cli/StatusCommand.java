package io.posdb.cli;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.changelog.Release;
import io.posdb.database.TillDatabase;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status",
        description = "List the pending changesets (id, file, why), and those a newer release applied that are "
                + "compatible with this one, without writing anything. Exit 0 up to date (or newer and compatible), "
                + "3 pending, 4 newer database, 5 edited changeset (named on stderr); other codes as in posdb --help.")
class StatusCommand extends DatabaseCommand {

    @Mixin
    ChangelogOption changelog;

    /**
     * A changeset a newer release applied that this release does not know, recorded compatible with it: this
     * release runs on the database all the same (exit 0), and status names it rather than calling the database
     * up to date.
     */
    record NewerChangeSet(String id, String file, String labels, String compatibility) {
        static NewerChangeSet of(HistoryEntry row) {
            return new NewerChangeSet(row.id(), row.file(), row.labels(), row.compatibilityText());
        }

        String text() {
            return id + "  " + file + "  " + (labels == null || labels.isBlank() ? "an unknown release" : labels) + "  "
                    + compatibility;
        }
    }

    /**
     * The plan as status reports it. The unknown and edited changesets are the plan's own rows, given
     * whole by --json; they stay {@code List<?>} here because the command line reads only the plan's
     * read models (PackageLayoutTest), and their words are on stderr, from the refusal.
     * {@code newerCompatible}: the unknown ones recorded compatible, which this release runs on.
     * {@code unknownAllOfNewerReleases} ({@code --json}: {@code unknown_all_of_newer_releases}, the plan's own
     * name; posdb 2.0.0 printed {@code unknown_are_of_anewer_release}, Jackson's snake case of a name it split
     * wrongly): whether every unknown changeset is a newer release's ({@link MigrationPlan#unknownAllOfNewerReleases}),
     * else this changelog lost some.
     */
    record Result(String database, boolean ok, boolean exists, boolean upToDate, List<PendingChangeSet> pending,
                  List<?> unknownToThisRelease, List<?> editedAfterApplied, List<NewerChangeSet> newerCompatible,
                  boolean unknownAllOfNewerReleases) implements CommandResult {
        @Override
        public String text() {
            // Not all of a newer release: the changelog lost them (MigrationPlan.unknownAllOfNewerReleases).
            String whose = unknownAllOfNewerReleases ? "from a newer release that posdb " + Release.current()
                    + " does not know" : "that this changelog does not have (of this release or an older one: removed "
                    + "from the changelog)";
            String newer = newerCompatible.isEmpty() ? "" : Tables.indented("Database " + database + " has "
                    + newerCompatible.size() + " changeset(s) " + whose + ", all recorded compatible with it: this "
                    + "release runs on it as they left it.", newerCompatible.stream().map(NewerChangeSet::text));
            if (pending.isEmpty()) {
                return newer.isEmpty() ? "Database " + database + " is up to date."
                        : newer + System.lineSeparator() + "Nothing is pending for posdb " + Release.current() + ".";
            }
            // A mistyped path must not read as a till that was never upgraded.
            String pendingText = (exists ? pending.size() + " pending changeset(s) on " + database
                    : "No database at " + database + " yet: a boot there creates it and applies " + pending.size()
                    + " changeset(s)") + ":" + System.lineSeparator() + pendingByReason();
            return newer.isEmpty() ? pendingText : newer + System.lineSeparator() + pendingText;
        }

        /**
         * The pending changesets in the changelog's order, their ids and files in columns, each run of changesets
         * with the same reason under that reason once: a legacy shop's eleven would otherwise repeat one long
         * reason eleven times. {@code --json} keeps the reason on every changeset.
         */
        private String pendingByReason() {
            List<List<String>> rows = pending.stream().map(changeSet -> List.of(changeSet.id(), changeSet.file()))
                    .toList();
            List<String> aligned = Tables.aligned(rows);
            StringBuilder text = new StringBuilder();
            String reason = null;
            for (int i = 0; i < pending.size(); i++) {
                if (!pending.get(i).reason().equals(reason)) {
                    reason = pending.get(i).reason();
                    text.append(i == 0 ? "" : System.lineSeparator()).append("  ").append(reason).append(':');
                }
                text.append(System.lineSeparator()).append("    ").append(aligned.get(i));
            }
            return text.toString();
        }

        @Override
        public int exitCode() {
            return pending.isEmpty() ? ExitCodes.OK : ExitCodes.PENDING;
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        PosDatabaseSettings settings = changelog.settings(database).build();
        MigrationPlan plan = PosDatabaseChecks.plan(settings);
        boolean upToDate = plan.pending().isEmpty() && plan.unknown().isEmpty() && plan.modified().isEmpty();
        List<NewerChangeSet> newer = plan.newerCompatible().stream().map(NewerChangeSet::of).toList();
        boolean exists = PosDatabaseChecks.exists(settings);
        boolean newerRelease = plan.unknownAllOfNewerReleases();
        known(new Result(database.description(), false, exists, upToDate, plan.pending(), plan.unknown(),
                plan.modified(), newer, newerRelease));
        // A newer or edited database is refused in the boot's words, with the boot's exit code.
        PosDatabaseChecks.refuseNewerOrEdited(plan, settings);
        return new Result(database.description(), true, exists, upToDate, plan.pending(), plan.unknown(),
                plan.modified(), newer, newerRelease);
    }
}
