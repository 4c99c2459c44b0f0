package io.posdb.lint;

import io.posdb.failure.ChangelogException;
import io.posdb.failure.MigrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Lints a changelog on disk: the per-changeset rules in changelog order (with the tables
 * earlier changesets create), then the whole-changelog rules. Suppressions apply to the
 * changeset that owns the comment; review markers and released-changeset edits cannot be
 * suppressed.
 */
public final class ChangelogLinter {

    private static final List<ChangeSetRules> CHANGE_SET_RULES = List.of(new DestructiveRules(),
            new DataDependentRules(), new SqliteHazardRules(), new RollbackRules(), new IdempotenceRules(),
            new TransactionRules(), new ChangeSetHygieneRules());

    private final String release;

    /** @param release the release being built (X.Y or X.Y.Z): labels may not be newer */
    public ChangelogLinter(String release) {
        this.release = release;
    }

    public LintReport lint(Path master) throws MigrationException {
        Changelog changelog = Changelog.read(master);
        LintContext context = new LintContext(changelog, release, new KnownTables());
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
            context.tables().record(changeSet);
        }
        new FileHygieneRules().check(changelog, findings);
        comments.reviewMarkers(changelog, findings);
        new ReleasedSumRules().check(changelog, master, findings);
        return new LintReport(List.copyOf(findings), List.copyOf(suppressions));
    }

    /**
     * Appends to released.sum every changeset labelled {@code release-X.Y} at or below
     * {@code release} that it does not list yet; entries already there are never rewritten.
     * Returns the ids added. The caller lints first: a changed released changeset is refused there.
     */
    public static List<String> updateReleasedSum(Path master, String release) throws MigrationException, IOException {
        Changelog changelog = Changelog.read(master);
        Path sum = ReleasedSum.location(changelog);
        List<ReleasedSum.Entry> entries = new ArrayList<>(Files.isRegularFile(sum) ? ReleasedSum.read(sum) : List.of());
        Set<String> listed = new HashSet<>();
        entries.forEach(e -> listed.add(e.key()));
        Map<String, String> checksums = ReleasedSum.currentChecksums(master);
        List<String> added = new ArrayList<>();
        for (LintChangeSet changeSet : changelog.changeSets()) {
            Matcher label = ChangeSetHygieneRules.RELEASE_LABEL.matcher(String.valueOf(changeSet.labels()));
            String key = changeSet.id() + "\t" + changeSet.file().logicalFilePath();
            if (!label.find() || ChangeSetHygieneRules.compare(label.group(1) + "." + label.group(2), release) > 0
                    || listed.contains(key)) {
                continue;
            }
            String checksum = checksums.get(key);
            if (checksum == null) {
                throw new ChangelogException("Liquibase does not see changeset " + changeSet.id() + " of "
                        + changeSet.file().name() + ": is its logicalFilePath right?");
            }
            entries.add(new ReleasedSum.Entry(label.group(), changeSet.id(), changeSet.file().logicalFilePath(), checksum));
            listed.add(key);
            added.add(changeSet.id());
        }
        ReleasedSum.write(sum, entries);
        return added;
    }
}
