package io.posdb.lint;

import io.posdb.effect.ChangeSetEffect;
import io.posdb.effect.ChangeSetEffects;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.MigrationException;
import io.posdb.schema.Compatibility;
import io.posdb.schema.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import liquibase.changelog.DatabaseChangeLog;

/**
 * Lints a changelog on disk: the per-changeset rules in changelog order (with each changeset's
 * observed effect on a scratch database, {@link ChangeSetEffects}), then the whole-changelog rules. Suppressions apply to the
 * changeset that owns the comment; review markers and released-changeset edits cannot be
 * suppressed.
 */
public final class ChangelogLinter {

    private static final List<ChangeSetRules> CHANGE_SET_RULES = List.of(new DestructiveRules(),
            new DataDependentRules(), new ForeignKeyRules(), new SqliteHazardRules(), new RollbackRules(),
            new DowngradeRules(),
            new IdempotenceRules(),
            new TransactionRules(), new ChangeSetHygieneRules(), new CompatibilityRules(),
            // Last: it leaves a refusal to SqliteHazardRules' finding.
            new FailureRules());

    private final String release;

    /**
     * @param release the release being built (X.Y or X.Y.Z): labels may not be newer
     * @throws IllegalArgumentException when it is not MAJOR.MINOR[...]: no label could be compared with it
     */
    public ChangelogLinter(String release) {
        ReleaseLabels.labelOf(release);
        this.release = release;
    }

    public LintReport lint(Path master) throws MigrationException {
        return lint(master, ChangeSetEffects.defaultCache());
    }

    /**
     * Lints with the observed effects cached in {@code effectsCache} (see {@link ChangeSetEffects#observe}). One
     * Liquibase parse of the changelog serves the checksums, the changes' accounts and the observation; a changelog
     * Liquibase refuses (an unknown change type or precondition, a file it cannot read) is malformed, a
     * {@link ChangelogException} saying Liquibase's reason, as boot says it: no rule can vouch for what no till runs.
     * The changelog is read as the jar packages it ({@link ChangelogSource#packagedFrom}): an {@code sqlFile} only
     * this disk holds ({@link SqlFileRules}) is the report's only finding, since Liquibase cannot read it there.
     */
    public LintReport lint(Path master, Path effectsCache) throws MigrationException {
        Changelog changelog = Changelog.read(master);
        // Read as the jar packages it, so that lint passes no file a till's boot cannot find there.
        ChangelogSource source = ChangelogSource.packagedFrom(master);
        List<Finding> notPackaged = SqlFileRules.onlyOnDisk(changelog, source);
        if (!notPackaged.isEmpty()) {
            // Liquibase cannot read the changesets naming them, as a till's boot could not: nothing more to observe.
            return new LintReport(notPackaged, List.of(), List.of());
        }
        List<Finding> released = new ArrayList<>();
        LintContext context = LiquibaseScope.run(source, () -> {
            DatabaseChangeLog parsed = source.parse();
            // Read before the observation runs the changesets, which act on what Liquibase parsed (a guard is lifted).
            ReleasedSum.check(changelog, parsed, released);
            LiquibaseChanges changes = LiquibaseChanges.of(parsed);
            return context(changelog, ChangeSetEffects.observe(source, parsed, effectsCache), changes);
        });
        List<Finding> findings = new ArrayList<>();
        List<Suppression> suppressions = new ArrayList<>();
        CommentRules comments = new CommentRules();
        for (LintChangeSet changeSet : changelog.changeSets()) {
            List<Finding> own = new ArrayList<>();
            CHANGE_SET_RULES.forEach(rules -> rules.check(changeSet, context, own));
            List<Suppression> allowed = new ArrayList<>();
            comments.suppressions(changeSet, allowed, findings);
            suppressions.addAll(allowed);
            own.stream().filter(f -> allowed.stream().noneMatch(s -> s.rule().equals(f.rule().name())))
                    .forEach(findings::add);
        }
        unavailable(changelog, context, findings);
        new FileHygieneRules().check(changelog, findings);
        comments.reviewMarkers(changelog, findings);
        findings.addAll(released);
        return new LintReport(List.copyOf(findings), List.copyOf(suppressions), classes(changelog, context));
    }

    /**
     * The machine's failure that stopped the observation ({@link ChangeSetEffects#unavailable()}), on the first
     * changeset it left unobserved (the master when it stopped before any): lint could not run them, so it cannot
     * vouch for them, and fails. Not suppressible: no changeset's comment can answer for the machine.
     */
    private static void unavailable(Changelog changelog, LintContext context, List<Finding> findings) {
        String why = context.effects().unavailable();
        if (why == null) {
            return;
        }
        Optional<LintChangeSet> first = changelog.changeSets().stream().filter(changeSet -> {
            ChangeSetEffect effect = context.effect(changeSet);
            return effect != null && effect.outcome() == ChangeSetEffect.Outcome.NOT_REACHED;
        }).findFirst();
        String what = first.map(changeSet -> "changeset " + changeSet.id() + " and those after it").orElse("the changesets");
        findings.add(new Finding(first.map(changeSet -> changeSet.file().name()).orElse(changelog.master().name()),
                first.map(LintChangeSet::line).orElse(1), Rule.SCRATCH_DATABASE_UNAVAILABLE, "lint could not apply "
                + what + " on its scratch database, so it cannot vouch for them: " + why));
    }

    /**
     * The tables (their columns' declared types) before each changeset: its observed catalog, else the one after the
     * SQLite changesets before it.
     */
    private LintContext context(Changelog changelog, ChangeSetEffects effects, LiquibaseChanges liquibase) {
        Map<LintChangeSet, Map<String, List<SchemaCatalog.Column>>> tablesBefore = new HashMap<>();
        Map<String, List<SchemaCatalog.Column>> current = Map.of();
        LintContext lookup = new LintContext(changelog, release, effects, tablesBefore, liquibase);
        for (LintChangeSet changeSet : changelog.changeSets()) {
            ChangeSetEffect effect = lookup.effect(changeSet);
            boolean seen = effect != null && effect.outcome() != ChangeSetEffect.Outcome.NOT_REACHED;
            tablesBefore.put(changeSet, seen ? effect.tablesBefore() : current);
            if (seen && effect.outcome() != ChangeSetEffect.Outcome.FAILED) {
                current = effect.tablesAfter();
            }
        }
        return lookup;
    }

    /**
     * Each changeset's class for older releases: what a till will record when it applies it. Only what lint observed,
     * or what the changeset's text decides as a till decides it, is classed; a changeset lint could not run is
     * {@code unknown}, saying why.
     */
    private static List<LintReport.Classified> classes(Changelog changelog, LintContext context) {
        return changelog.changeSets().stream().map(changeSet -> {
            ChangeSetEffect effect = context.effect(changeSet);
            if (effect == null) {
                return unknown(changeSet, "not observed: not an SQLite changeset");
            }
            String comment = changeSet.node().text("comment");
            if (effect.ran()) {
                Compatibility declared = effect.compatibility().declaredIn(comment);
                // A changeset observed past its halting guard says so (effect.reason()) after the till's own reasons.
                return classified(changeSet, declared, effect.reason());
            }
            if (effect.outcome() == ChangeSetEffect.Outcome.SKIPPED
                    && changeSet.dataChange(context.readByLiquibase(changeSet)).isPresent()) {
                // Marked as ran on the scratch (an audited data change finds nothing to do on its seeded rows):
                // its text makes it a data change, which a till classes by that alone (breaking unless declared).
                return classified(changeSet, Compatibility.unobserved().declaredIn(comment),
                        notRun(changeSet, effect) + "; classed by its text: a data change");
            }
            return unknown(changeSet, notRun(changeSet, effect));
        }).toList();
    }

    private static LintReport.Classified unknown(LintChangeSet changeSet, String why) {
        return new LintReport.Classified(changeSet.id(), changeSet.file().name(), "unknown", List.of(why));
    }

    private static LintReport.Classified classified(LintChangeSet changeSet, Compatibility compatibility, String note) {
        return new LintReport.Classified(changeSet.id(), changeSet.file().name(), compatibility.level().word(),
                note == null ? compatibility.reasons()
                        : Stream.concat(compatibility.reasons().stream(), Stream.of(note)).toList());
    }

    /**
     * Why lint could not run it: it failed there (where, and the error without Liquibase's quote of the SQL, which
     * the line named holds), an earlier changeset failed, or its precondition skipped it.
     */
    private static String notRun(LintChangeSet changeSet, ChangeSetEffect effect) {
        String why = effect.reason() == null ? effect.outcome().name().toLowerCase(Locale.ROOT) : effect.reason();
        if (effect.outcome() == ChangeSetEffect.Outcome.SKIPPED) {
            why = "its precondition skipped it there (" + why + ")";
        } else if (effect.outcome() == ChangeSetEffect.Outcome.FAILED && effect.reason() != null) {
            why = "changeset " + changeSet.id() + " fails there at " + changeSet.file().name() + ":"
                    + changeSet.lineOfChange(effect.failedChange()) + ": " + FailedChangeSet.error(effect.reason());
        }
        return "not run on the scratch database: " + why;
    }

    /**
     * The releases released.sum records without their tag changeset (a warning each, {@link ReleasedSum#untagged}):
     * lint reports them, and {@code --update-released-sum} once it has recorded a release lint had not seen there.
     */
    public static List<Finding> releasesWithoutTag(Path master) throws MigrationException {
        return ReleasedSum.untagged(Changelog.read(master));
    }

    /**
     * The releases released.sum (beside {@code master}) records, as labels; none when it does not exist. A changeset
     * released.sum does not list, labelled with one of them, is {@link Rule#LABEL_OF_A_RELEASED_RELEASE}'s:
     * {@code bin/new-changeset} asks before it labels one with the pom's release.
     */
    public static List<String> releasedReleases(Path master) throws ChangelogException {
        Path sum = ReleasedSum.location(master);
        return Files.isRegularFile(sum) ? ReleasedSum.releases(sum) : List.of();
    }

    /**
     * Appends to released.sum every changeset labelled {@code release-X.Y} at or below
     * {@code release} that it does not list yet; entries already there are never rewritten, except that
     * a line written before the {@code guards} field existed is given its digest (its checksum still
     * matches: the caller lints first, and a changed released changeset is refused there).
     * Returns the ids added.
     */
    public static List<String> updateReleasedSum(Path master, String release) throws MigrationException, IOException {
        Changelog changelog = Changelog.read(master);
        Path sum = ReleasedSum.location(changelog);
        List<ReleasedSum.Entry> entries = new ArrayList<>(Files.isRegularFile(sum) ? ReleasedSum.read(sum) : List.of());
        Set<String> listed = entries.stream().map(ReleasedSum.Entry::key).collect(Collectors.toCollection(HashSet::new));
        ChangelogSource source = ChangelogSource.packagedFrom(master);
        List<String> added = LiquibaseScope.run(source, () -> {
            DatabaseChangeLog parsed = source.parse();
            Map<String, String> checksums = ReleasedSum.currentChecksums(parsed);
            Map<String, String> guards = ChangelogManifest.guardsDigests(parsed);
            entries.replaceAll(e -> e.guards() != null || !e.checksum().equals(checksums.get(e.key())) ? e
                    : new ReleasedSum.Entry(e.release(), e.id(), e.file(), e.checksum(), guards.get(e.key())));
            List<String> ids = new ArrayList<>();
            for (LintChangeSet changeSet : changelog.changeSets()) {
                Optional<String> label = ReleaseLabels.labelIn(changeSet.labels());
                String key = ReleasedSum.key(changeSet);
                if (label.isEmpty() || ReleaseLabels.olderThan(release, label.get()) || !listed.add(key)) {
                    continue;
                }
                String checksum = checksums.get(key);
                if (checksum == null) {
                    throw new ChangelogException("Liquibase does not see changeset " + changeSet.id() + " of "
                            + changeSet.file().name() + ": is its logicalFilePath right?");
                }
                entries.add(new ReleasedSum.Entry(label.get(), changeSet.id(), changeSet.file().logicalFilePath(),
                        checksum, guards.get(key)));
                ids.add(changeSet.id());
            }
            return ids;
        });
        ReleasedSum.write(sum, entries);
        return added;
    }
}
