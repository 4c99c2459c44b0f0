package io.posdb.lint;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.database.SideFiles;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import io.posdb.upgrade.sqlite.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import liquibase.changelog.DatabaseChangeLog;

/**
 * {@code changelog/released.sum}: each released changeset's Liquibase checksum, by release,
 * one tab-separated line each ({@code release id file checksum guards}). Written at release time by
 * {@code posdb lint --update-released-sum --release X.Y}; every branch appends to it, so two
 * branches adding changesets conflict in git, as Atlas's {@code atlas.sum} makes them do.
 * <p>
 * Liquibase's checksum leaves out a changeset's preconditions and its rollback, so the fifth field,
 * {@code guards}, is posdb's digest of those: a verify changeset is nothing but
 * its precondition, and an edit to it (an allowed value added, HALT made MARK_RAN) or to a released
 * rollback changes what a till does as surely as an edited change
 * ({@link ChangelogManifest#guardsDigests}). Lines written before the field existed have four fields;
 * {@code --update-released-sum} gives them theirs.
 */
final class ReleasedSum {

    static final String FILE_NAME = "released.sum";
    private static final String HEADER = """
            # posdb: the checksum of every released changeset, by release. Lint fails when a released
            # changeset changes. Written by `posdb lint --update-released-sum --release X.Y`; do not edit.
            # release\tid\tfile\tchecksum\tguards (preconditions and rollback: Liquibase's checksum leaves them out)""";

    /** {@code guards} is null on a line written before the field existed. */
    record Entry(String release, String id, String file, String checksum, String guards) {

        String key() {
            return id + "\t" + file;
        }
    }

    private ReleasedSum() {
    }

    static Path location(Changelog changelog) {
        return changelog.folder().resolve(FILE_NAME);
    }

    /** Beside the master changelog, as {@link #location(Changelog)}, without reading the changelog. */
    static Path location(Path master) {
        return master.toAbsolutePath().normalize().resolveSibling(FILE_NAME);
    }

    static List<Entry> read(Path file) throws ChangelogException {
        return entries(file, lines(file));
    }

    /** The entries of {@code lines}, already read from {@code file} (named in the error of a malformed line). */
    private static List<Entry> entries(Path file, List<String> lines) throws ChangelogException {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4 && f.length != 5) {
                throw new ChangelogException(file + " has a malformed line (release id file checksum guards): " + line);
            }
            entries.add(new Entry(f[0], f[1], f[2], f[3], f.length == 5 ? f[4] : null));
        }
        return entries;
    }

    /** The releases {@code file} records, as labels ({@code release-X.Y}), each once. */
    static List<String> releases(Path file) throws ChangelogException {
        return read(file).stream().map(Entry::release).distinct().toList();
    }

    private static List<String> lines(Path file) throws ChangelogException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChangelogException("Cannot read " + file + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * Released changesets never change: each one listed in released.sum still has its checksum. Of {@code parsed},
     * Liquibase's reading of the changelog, inside {@link io.posdb.changelog.LiquibaseScope#run}. The checksums are
     * read first, with or without released.sum: a file a changeset names that Liquibase cannot read is refused as a
     * boot refuses it ({@link ChangelogManifest}, exit 9).
     */
    static void check(Changelog changelog, DatabaseChangeLog parsed, List<Finding> findings) throws ChangelogException {
        Map<String, String> current = currentChecksums(parsed);
        Path sum = location(changelog);
        if (!Files.isRegularFile(sum)) {
            findings.add(new Finding(changelog.master().name(), 1, Rule.RELEASED_SUM_MISSING,
                    changelog.name(sum) + " does not exist: released changesets are not protected"));
            return;
        }
        Map<String, String> guards = ChangelogManifest.guardsDigests(parsed);
        List<Entry> entries = read(sum);
        for (Entry entry : entries) {
            String now = current.get(entry.key());
            if (now == null) {
                findings.add(new Finding(changelog.name(sum), 1, Rule.RELEASED_CHANGESET_CHANGED, "released changeset "
                        + entry.id() + " (" + entry.release() + ", " + entry.file() + ") is no longer in the changelog"));
            } else if (!now.equals(entry.checksum())) {
                findings.add(changed(changelog, entry, "checksum " + now + ", released as " + entry.checksum()));
            } else if (entry.guards() != null && !entry.guards().equals(guards.get(entry.key()))) {
                findings.add(changed(changelog, entry, "its preconditions or its rollback (which Liquibase's checksum "
                        + "leaves out): " + guards.get(entry.key()) + ", released as " + entry.guards()));
            }
        }
        findings.addAll(untagged(changelog));
        findings.addAll(labelledWithAReleasedRelease(changelog, sum, entries));
    }

    /**
     * A changeset released.sum does not list, labelled with a release it records: that release's jar shipped
     * without it, so a till that applies it records it under a release that never had it, and the downgrade guard
     * and {@code posdb rollback --tag} would name that release for it. {@code --update-released-sum} would record
     * it there too, under the release that shipped without it. On its {@code labels:} line; the next release is the
     * one after the newest that released.sum records.
     */
    private static List<Finding> labelledWithAReleasedRelease(Changelog changelog, Path sum, List<Entry> entries) {
        Set<String> listed = entries.stream().map(Entry::key).collect(Collectors.toSet());
        List<String> released = entries.stream().map(Entry::release).distinct().toList();
        String next = ReleaseLabels.newest(released).map(ReleaseLabels::next).orElse(null);
        List<Finding> findings = new ArrayList<>();
        for (LintChangeSet changeSet : changelog.changeSets()) {
            String label = ReleaseLabels.labelIn(changeSet.labels()).orElse(null);
            if (label != null && released.contains(label) && !listed.contains(key(changeSet))) {
                findings.add(changeSet.finding(changeSet.lineOf("labels"), Rule.LABEL_OF_A_RELEASED_RELEASE,
                        "changeset " + changeSet.id() + " is labelled " + label + ", a release " + changelog.name(sum)
                                + " records as released, but is not one of its changesets: release "
                                + ReleaseLabels.releaseOfLabel(label) + " shipped without it; label it " + next
                                + ", the next release"));
            }
        }
        return findings;
    }

    /** The changeset's key in released.sum ({@link Entry#key}): its id and the file Liquibase records. */
    static String key(LintChangeSet changeSet) {
        return changeSet.id() + "\t" + changeSet.file().logicalFilePath();
    }

    /**
     * Each release released.sum lists has its tag changeset, as docs/writing-migrations.md says a release adds: a
     * changeset labelled {@code release-X.Y} running {@code tagDatabase} of {@code vX.Y}, which {@code posdb rollback
     * --tag vX.Y} goes back to. Tags come only from such changesets (tagging by hand moves another release's), so a
     * release without one cannot be rolled back to by name. A warning on the release's first line of released.sum.
     */
    static List<Finding> untagged(Changelog changelog) throws ChangelogException {
        Path sum = location(changelog);
        if (!Files.isRegularFile(sum)) {
            return List.of();
        }
        // Read once: the entries and the line numbers the findings point at come from the same text.
        List<String> lines = lines(sum);
        List<Finding> findings = new ArrayList<>();
        for (String label : entries(sum, lines).stream().map(Entry::release).distinct().toList()) {
            String tag = "v" + ReleaseLabels.releaseOfLabel(label);
            boolean tagged = changelog.changeSets().stream()
                    .filter(changeSet -> ReleaseLabels.labelIn(changeSet.labels()).filter(label::equals).isPresent())
                    .flatMap(changeSet -> changeSet.changes().stream())
                    .anyMatch(change -> change.type().equals("tagDatabase") && tag.equals(change.body().text("tag")));
            if (!tagged) {
                int line = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith(label + "\t"))
                        .findFirst().orElse(0) + 1;
                findings.add(new Finding(changelog.name(sum), line, Rule.RELEASE_WITHOUT_TAG,
                        "release " + ReleaseLabels.releaseOfLabel(label) + " is recorded in " + changelog.name(sum)
                                + " but has no tag changeset: no changeset labelled " + label + " runs tagDatabase "
                                + tag + ", so posdb rollback --tag " + tag + " cannot go back to it"));
            }
        }
        return findings;
    }

    private static Finding changed(Changelog changelog, Entry entry, String how) {
        LintChangeSet changeSet = changelog.changeSets().stream()
                .filter(c -> entry.id().equals(c.id()) && entry.file().equals(c.file().logicalFilePath()))
                .findFirst().orElse(null);
        return new Finding(changeSet == null ? entry.file() : changeSet.file().name(),
                changeSet == null ? 1 : changeSet.line(), Rule.RELEASED_CHANGESET_CHANGED,
                "released changeset " + entry.id() + " (" + entry.release() + ") has changed: " + how);
    }

    /** Every changeset's current checksum (Liquibase's own ChangeSet.generateCheckSum), by id and file. */
    static Map<String, String> currentChecksums(DatabaseChangeLog parsed) throws ChangelogException {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (Engine engine : Engine.values()) {
            for (ManifestEntry entry : ChangelogManifest.withDuplicates(parsed, engine).entries()) {
                checksums.put(entry.id() + "\t" + entry.file(), entry.checksum());
            }
        }
        return checksums;
    }

    /** Writes the file atomically: a half-written sum must never be committed. */
    static void write(Path file, List<Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>(HEADER.lines().toList());
        entries.forEach(e -> lines.add(e.guards() == null ? String.join("\t", e.release(), e.id(), e.file(), e.checksum())
                : String.join("\t", e.release(), e.id(), e.file(), e.checksum(), e.guards())));
        String text = String.join(System.lineSeparator(), lines) + System.lineSeparator();
        DurableFiles.write(file, SideFiles.sibling(file, ".tmp"), Files::createFile,
                out -> out.write(text.getBytes(StandardCharsets.UTF_8)), true);
    }
}
