package io.posdb.changelog;

import io.posdb.failure.PosDatabaseException;
import io.posdb.database.ShellWords;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refusals a plan can call for before anything is written: a newer database, an edited changeset, a
 * rollback to a tag the history lacks or by more changesets than it holds, a downgrade of a changeset whose
 * recorded undo cannot run.
 */
public final class PlanGuards {

    private static final Logger log = LoggerFactory.getLogger(PlanGuards.class);

    /** The same downgrade for an application that embeds posdb, which has no command line to run. */
    private static final String DOWNGRADE_IN_AN_APPLICATION = " (in an application: PosDatabaseMaintenance.downgrade)";

    private PlanGuards() {
    }

    /**
     * Before a start or an upgrade: an edited changeset is refused; a database a newer release
     * wrote starts when every changeset this release does not know was recorded compatible (one
     * WARN names them), and is refused otherwise, naming the breaking ones and {@code posdb downgrade}.
     */
    public static void refuseNewerOrEdited(MigrationPlan plan, TillDatabase database, boolean allowNewerDatabase)
            throws PosDatabaseException {
        refuse(plan, database, allowNewerDatabase, true, true);
    }


    /**
     * Before a rollback: Liquibase cannot roll back past changesets this release does not know,
     * compatible or not, so any is refused (undo them first with {@code posdb downgrade}).
     */
    public static void refuseAnyNewerOrEdited(MigrationPlan plan, TillDatabase database, boolean allowNewerDatabase)
            throws PosDatabaseException {
        refuse(plan, database, allowNewerDatabase, false, true);
    }

    /** Before a downgrade: only an edited changeset is refused (the newer ones are what it undoes). */
    public static void refuseEdited(MigrationPlan plan) throws PosDatabaseException {
        if (!plan.modified().isEmpty()) {
            throw new PosDatabaseException(BootFailure.CHECKSUM_MISMATCH, "Applied changeset(s) were edited after they ran "
                    + "(checksum mismatch): " + plan.modified().stream().map(e -> e.id() + " in " + e.file())
                    .collect(Collectors.joining(", ")) + ". Restore the original changeset and add a new one instead.");
        }
    }

    /**
     * Before a downgrade: the changesets it would undo whose recorded undo cannot run ({@code cannotRun}, newest
     * first, each with why, as the runner judges the record: none recorded, since it was applied by Liquibase
     * directly or by a posdb older than the record; a step of a kind this release does not know; a table rebuild
     * without the table's previous definition; rows changed without an audit of their old values) are refused before
     * anything is written (no snapshot, no record of an attempt), with the kind a failed downgrade has, naming each and
     * the ways out (its own release's rollback, a backup); the undo would otherwise stop at it only after undoing the
     * newer ones.
     */
    public static void refuseUndoThatCannotRun(Map<HistoryEntry, String> cannotRun, String database)
            throws PosDatabaseException {
        if (cannotRun.isEmpty()) {
            return;
        }
        String it = cannotRun.size() == 1 ? "it" : "them";
        Reasons changeSets = onePerReason(cannotRun.keySet(), cannotRun::get, row -> row.id() + " (" + row.file() + ")",
                (row, reason) -> "changeset " + row + " " + reason, (count, reason) -> count + " changesets each "
                        + reason);
        throw new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Cannot downgrade " + database + ": "
                + changeSets.then(LINE + "Run", "; run")
                + " the release (or the checkout) whose changelog has " + it + " and roll " + it
                + " back there (posdb rollback), or restore a backup taken before " + (cannotRun.size() == 1 ? "it was" : "they were")
                + " applied; nothing was changed");
    }

    /**
     * Before a rollback to {@code tag}: a tag no applied changeset carries is refused before anything is
     * written (no snapshot, no record of an attempt), as {@link BootFailure#NOT_IN_HISTORY} (a usage error's exit
     * code: the operator named what the database lacks), naming the tag, the database and the tags it does carry. Liquibase would find it missing only once the rollback
     * had started writing.
     */
    public static void refuseMissingTag(List<HistoryEntry> applied, String tag, String database)
            throws PosDatabaseException {
        if (applied.stream().anyMatch(row -> tag.equals(row.tag()))) {
            return;
        }
        List<String> tags = applied.stream().map(HistoryEntry::tag).filter(t -> t != null && !t.isBlank()).toList();
        throw new PosDatabaseException(BootFailure.NOT_IN_HISTORY, "Cannot roll back " + database + " to tag " + tag
                + ": no applied changeset carries it (" + (tags.isEmpty() ? "its history has no tag"
                : "its history's tags: " + String.join(", ", tags)) + "); nothing was changed");
    }

    /**
     * What a rollback's target asks of the applied history ({@link #refuseMissingTag},
     * {@link #refuseCountBeyondHistory}), checked before anything is written: on a file before the upgrade lock and
     * again under it, on a server under its advisory lock before the run is recorded.
     */
    @FunctionalInterface
    public interface RollbackTarget {
        void refuseUnless(List<HistoryEntry> applied) throws PosDatabaseException;
    }

    /**
     * Before a rollback of the last {@code count} changesets: a count beyond the applied history is refused before
     * anything is written, as a missing tag is, naming both numbers. A database with no history (a legacy shop, an
     * empty file) has nothing to roll back, yet Liquibase would create its tables to find that out and report
     * success; a count beyond the history is a typo's worth of damage (the whole shop rolled back to nothing), and
     * {@code --count} with exactly the number applied still rolls back all of them.
     */
    public static void refuseCountBeyondHistory(List<HistoryEntry> applied, int count, String database)
            throws PosDatabaseException {
        if (count <= applied.size()) {
            return;
        }
        throw new PosDatabaseException(BootFailure.NOT_IN_HISTORY, "Cannot roll back the last " + count
                + " changeset(s) of " + database + ": its history has " + (applied.isEmpty() ? "no applied changeset"
                : "only " + applied.size() + " applied changeset(s)") + "; nothing was changed");
    }

    /**
     * {@link #refuseNewerOrEdited} ({@code compatibleMayRun}) or {@link #refuseAnyNewerOrEdited}; a newer database it
     * lets start is warned of only with {@code warn}: a check made twice (before a lock and under it) says it once.
     * A changeset this release does not know is a newer release's when its label is newer than this release's (or
     * it has none: its release is unknown), and otherwise one this changelog lost: removed or renamed after it was
     * applied, as on a developer's database; the messages say which, with the same kind and way out.
     */
    public static void refuse(MigrationPlan plan, TillDatabase named, boolean allowNewerDatabase, boolean compatibleMayRun,
                              boolean warn) throws PosDatabaseException {
        String database = named.description();
        refuseEdited(plan);
        if (!plan.unknown().isEmpty()) {
            String unknown = plan.unknown().stream().map(PlanGuards::describe).collect(Collectors.joining(", "));
            if (allowNewerDatabase) {
                if (warn) {
                    log.warn("Starting on a database with changeset(s) posdb {} does not know ({}): {}",
                            Release.current(), BootFailure.ALLOW_NEWER_DATABASE_SETTING, unknown);
                }
                return;
            }
            boolean newerOnly = plan.unknownAllOfNewerReleases();
            String hasChangeSets = newerOnly ? " was upgraded by a newer release with changeset(s)"
                    : " has changeset(s) " + NOT_IN_CHANGELOG;
            List<HistoryEntry> unrecorded = plan.unknown().stream().filter(r -> r.compatibility() == null).toList();
            List<HistoryEntry> breaking = plan.unknown().stream()
                    .filter(r -> r.compatibility() != null && r.compatibility().breaking()).toList();
            if (!compatibleMayRun && unrecorded.isEmpty()) {
                throw new PosDatabaseException(BootFailure.NEWER_DATABASE, "Database " + database + hasChangeSets
                        + " that posdb " + Release.current() + " cannot roll back: "
                        + plan.unknown().stream().map(HistoryEntry::id).collect(Collectors.joining(", "))
                        + ". Undo them first with this release: " + ShellWords.posdb(named, "downgrade")
                        + DOWNGRADE_IN_AN_APPLICATION + ".");
            }
            if (unrecorded.isEmpty() && breaking.isEmpty()) {
                // Every newer changeset keeps this release working (issue 21 §3): start, and say so once.
                if (warn) {
                    log.warn("Database {} {}; its changeset(s) unknown to posdb {} are all "
                        + "compatible with it, so it starts: {}", database,
                        newerOnly ? "was upgraded by a newer release" : "has changeset(s) " + NOT_IN_CHANGELOG,
                        Release.current(),
                        plan.unknown().stream().map(r -> r.id() + " (" + r.compatibility().text() + ")")
                                .collect(Collectors.joining(", ")));
                }
                return;
            }
            if (!breaking.isEmpty()) {
                throw new PosDatabaseException(BootFailure.NEWER_DATABASE, "Database " + database + hasChangeSets
                        + " that posdb " + Release.current() + " ("
                        + Release.label() + ") cannot run on: " + breaking.stream().map(r -> describe(r) + ": "
                        + r.compatibility().text()).collect(Collectors.joining("; "))
                        + (newerOnly ? ". Run that release (" + releasesOf(breaking) + ")"
                        : ". Put them back in the changelog")
                        + ", or undo them with this one: " + ShellWords.posdb(named, "downgrade")
                        + DOWNGRADE_IN_AN_APPLICATION + ".");
            }
            if (newerOnly) {
                // Every one of them, applied alike: named once, in the list above, not listed again.
                Reasons withoutRecord = unrecorded.size() > 1 && unrecorded.size() == plan.unknown().size()
                        && unrecorded.stream().map(HistoryEntry::appliedWithoutRecordBy).distinct().count() == 1
                        ? new Reasons("any of them (" + unrecorded.get(0).appliedWithoutRecordBy() + ")", false)
                        : onePerReason(unrecorded, HistoryEntry::appliedWithoutRecordBy, HistoryEntry::id,
                        (row, by) -> row + " (" + by + ")", (count, by) -> count + " changesets (" + by + ")");
                // One list, whatever their record.
                Reasons listed = onePerReason(plan.unknown(), row -> "", PlanGuards::describe, (row, none) -> row,
                        (count, none) -> count + " changesets");
                throw new PosDatabaseException(BootFailure.NEWER_DATABASE, "Database " + database
                        + " was upgraded by a newer release: it has changeset(s) that posdb " + Release.current()
                        + " (" + Release.label() + ") does not know: " + listed.then(LINE, ". ")
                        + "The database recorded no compatibility for " + withoutRecord.then(LINE, ". ")
                        + "Run that release, or pass " + BootFailure.ALLOW_NEWER_DATABASE_SETTING + ".");
            }
            throw notInChangelog(plan.unknown(), database);
        }
    }

    private static final String LINE = System.lineSeparator();
    /** How many changesets a refusal lists under one reason; the rest are counted. */
    static final int LISTED = 10;

    /**
     * What {@link #onePerReason} wrote, and whether it listed names one a line: then what follows starts a line of its
     * own. Told, not searched for in the text: a reason the database recorded may hold a line break of its own.
     */
    record Reasons(String text, boolean listed) {

        /** The text, then {@code afterAList} when it made a list, else {@code inline}. */
        String then(String afterAList, String inline) {
            return text + (listed ? afterAList : inline);
        }
    }

    /**
     * Changesets ({@code changeSets}, in order) with why each is refused ({@code reason}), each reason said once: a
     * changeset alone with its reason reads {@code alone(name, reason)} inline, as before; several with the same
     * reason read {@code several(count, reason)}, a colon, then one name a line ({@value #LISTED} at most, the rest
     * counted).
     * Before, a developer's database with a dozen changesets applied by Maven repeated the same long reason once per
     * changeset on one line. Groups are joined by "; ".
     */
    static Reasons onePerReason(Collection<HistoryEntry> changeSets, Function<HistoryEntry, String> reason,
                               Function<HistoryEntry, String> name, BiFunction<String, String, String> alone,
                               BiFunction<Integer, String, String> several) {
        Map<String, List<HistoryEntry>> byReason = changeSets.stream()
                .collect(Collectors.groupingBy(reason, LinkedHashMap::new, Collectors.toList()));
        String text = byReason.entrySet().stream().map(group -> {
            List<HistoryEntry> rows = group.getValue();
            if (rows.size() == 1) {
                return alone.apply(name.apply(rows.get(0)), group.getKey());
            }
            String listed = rows.stream().limit(LISTED).map(row -> LINE + "  " + name.apply(row))
                    .collect(Collectors.joining());
            return several.apply(rows.size(), group.getKey()) + ":" + listed
                    + (rows.size() > LISTED ? LINE + "  … and " + (rows.size() - LISTED) + " more" : "");
        }).collect(Collectors.joining("; "));
        return new Reasons(text, byReason.values().stream().anyMatch(rows -> rows.size() > 1));
    }

    /** What the messages say of changesets of this release or an older one that the changelog does not have. */
    private static final String NOT_IN_CHANGELOG = "that this changelog does not have, of this release or an older "
            + "one (removed from the changelog or renamed after they were applied)";

    /**
     * A database with changesets of this release or an older one that this changelog does not have, some with no
     * record of what they do: typical of a developer's database, updated by Maven's {@code liquibase:update} (which
     * keeps no posdb record) with a changeset since removed. Names each, who applied it, and the ways out.
     */
    private static PosDatabaseException notInChangelog(List<HistoryEntry> unknown, String database) {
        List<HistoryEntry> newer = unknown.stream().filter(HistoryEntry::ofANewerRelease).toList();
        Reasons lost = onePerReason(unknown.stream().filter(r -> !r.ofANewerRelease()).toList(),
                r -> r.compatibility() == null ? r.appliedWithoutRecordBy() : "recorded " + r.compatibility().text(),
                PlanGuards::describe, (row, why) -> row + ": " + why, (count, why) -> count + " changesets: " + why);
        return new PosDatabaseException(BootFailure.NEWER_DATABASE, "Database " + database + " has changeset(s) of "
                + "this release (posdb " + Release.current() + ", " + Release.label() + ") or an older one that this "
                + "changelog does not have: " + lost.then(LINE, ". ") + "They were removed from "
                + "the changelog or renamed after they were applied, as on a developer's database" + (newer.isEmpty() ? ""
                : "; it also has changeset(s) of a newer release: " + newer.stream().map(PlanGuards::describe)
                .collect(Collectors.joining(", "))) + ". Put them back in the changelog, roll them back with a "
                + "checkout whose changelog has them (mvn compile liquibase:rollback -Dliquibase.rollbackCount=N, or "
                + "posdb rollback there), or pass " + BootFailure.ALLOW_NEWER_DATABASE_SETTING + ".");
    }

    /** The release labels that wrote {@code rows}, each once, in the order they were applied. */
    public static String releasesOf(List<HistoryEntry> rows) {
        return rows.stream().map(PlanGuards::releaseOf).distinct().collect(Collectors.joining(", "));
    }

    private static String releaseOf(HistoryEntry row) {
        return row.labels() == null || row.labels().isBlank() ? "an unknown release" : row.labels();
    }

    /** A changeset as the refusals name it: its id, its file, when it was applied and by which release (its label). */
    public static String describe(HistoryEntry row) {
        return row.id() + " (" + row.file() + ", applied " + row.dateExecuted() + " by " + releaseOf(row) + ")";
    }
}
