package io.posdb.lint;

import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import liquibase.resource.Resource;

/**
 * Each {@code sqlFile} (a change's or a rollback's) is looked up where a till's boot looks it up, in the jar:
 * through {@code source}, the changelog as the jar packages it ({@link ChangelogSource#packagedFrom}), the one lint
 * parses, checksums and runs. A path that the jar lacks but that names a file on this disk (relative to the working
 * folder or to the changelog's folder without {@code relativeToChangelogFile}, absolute, or leaving the changelog
 * folder) is an error on the change's line, naming the path, where boot looks for it and where it lies on disk: a
 * folder-based reading would pass it, and the jar's boot (the build's steps, {@code mvn liquibase:update} for the
 * first two) fail with Liquibase's "not found in the configured search path". A path that names no file anywhere is
 * left to Liquibase, which refuses the changelog in boot's words (exit 9).
 */
final class SqlFileRules {

    private SqlFileRules() {
    }

    static List<Finding> onlyOnDisk(Changelog changelog, ChangelogSource source) throws ChangelogException {
        List<Finding> findings = new ArrayList<>();
        for (LintChangeSet changeSet : changelog.changeSets()) {
            List<LintChange> sqlFiles = Stream.concat(changeSet.changes().stream(),
                    LintChange.of(changeSet.rollback()).stream()).filter(change -> change.type().equals("sqlFile"))
                    .toList();
            for (LintChange sqlFile : sqlFiles) {
                String path = sqlFile.body().text("path");
                if (path == null) {
                    continue; // Liquibase refuses it ("No path specified"), in boot's words
                }
                boolean relative = "true".equalsIgnoreCase(sqlFile.body().text("relativeToChangelogFile"));
                Resource inTheJar;
                try {
                    // The changeset's file as the jar names it: its name, changelog/<path under the master's folder>.
                    inTheJar = source.lookUp(changeSet.file().name(), path, relative);
                } catch (IOException e) {
                    throw new ChangelogException("Cannot look up sqlFile " + path + " of " + changeSet.file().name()
                            + ": " + FailureReason.of(e), e);
                }
                if (inTheJar.exists()) {
                    continue;
                }
                onDisk(changelog, changeSet.file(), path).ifPresent(disk -> findings.add(changeSet.finding(
                        sqlFile.line(), Rule.SQL_FILE_NOT_PACKAGED, "sqlFile " + path + " (relativeToChangelogFile: "
                                + relative + ") of changeset " + changeSet.id() + " is not in the jar: boot looks it "
                                + "up on the class path at " + inTheJar.getPath() + (relative ? " (beside "
                                + changeSet.file().name() + ")" : " (from the class path's root)") + ", where there is "
                                + "no such file; it lies only on this disk, at " + disk)));
            }
        }
        return findings;
    }

    /**
     * Where a folder-based reading finds the file, and how it reached it: as an absolute path, beside the
     * changeset's file, under the changelog's folder, or under the working folder. Only said to the developer: the
     * verdict is the jar's.
     */
    private static Optional<String> onDisk(Changelog changelog, ChangelogFile file, String path) {
        Path named;
        try {
            named = Path.of(path);
        } catch (InvalidPathException notAPath) {
            return Optional.empty();
        }
        if (named.isAbsolute()) {
            return Files.isRegularFile(named) ? Optional.of(named + " (an absolute path)") : Optional.empty();
        }
        record Reading(Path folder, String how) {
        }
        return Stream.of(new Reading(file.path().toAbsolutePath().getParent(), "beside " + file.name()),
                        new Reading(changelog.folder(), "under the changelog's folder"),
                        new Reading(Path.of("").toAbsolutePath(), "relative to the working folder"))
                .filter(reading -> Files.isRegularFile(reading.folder().resolve(named)))
                .findFirst().map(reading -> reading.folder().resolve(named).normalize() + " (" + reading.how() + ")");
    }
}
