package io.posdb.testsupport;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.Release;
import io.posdb.database.Engine;
import io.posdb.failure.MigrationException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes changelogs for failure tests: the real master changelog copied into a folder,
 * optionally followed by one extra changeset file.
 */
public final class Changelogs {

    /** The file name of {@link #FAILING_CHANGE_SET}, in {@code changes/}. */
    public static final String FAILING_FILE = "0099-add-loyalty.yaml";

    /**
     * A changeset that fails on every database: it inserts into a table nothing creates, so
     * Liquibase fails it with "no such table: loyalty_points" after the earlier changesets ran.
     */
    public static final String FAILING_CHANGE_SET = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/0099-add-loyalty.yaml
              - changeSet:
                  id: 0099-add-loyalty
                  author: posdb
                  changes:
                    - sql:
                        sql: INSERT INTO loyalty_points (user_id) VALUES (1)
            """;

    /** The file name of {@link #DISK_FILLING_CHANGE_SET}, in {@code changes/}. */
    public static final String DISK_FILLING_FILE = "0099-fill-the-disk.yaml";

    /**
     * A changeset that meets a full disk on every SQLite file: SQLite's own "disk full" (SQLITE_FULL) stands for
     * it, as the file may not grow past the pages it has ({@code max_page_count}) and a ~1 MB blob needs more.
     */
    public static final String DISK_FILLING_CHANGE_SET = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/0099-fill-the-disk.yaml
              - changeSet:
                  id: 0099-fill-the-disk
                  author: posdb
                  changes:
                    - sql:
                        sql: PRAGMA max_page_count = 1
                    - sql:
                        sql: CREATE TABLE ballast (bytes BLOB)
                    - sql:
                        sql: INSERT INTO ballast VALUES (zeroblob(1000000))
            """;

    private Changelogs() {
    }

    /** The project's changelog followed by {@link #FAILING_CHANGE_SET}; returns the master file. */
    public static Path withFailingChangeSet(Path dir) throws IOException {
        return withExtraChangeSet(dir, FAILING_FILE, FAILING_CHANGE_SET);
    }

    /** The project's changelog followed by {@link #DISK_FILLING_CHANGE_SET}; returns the master file. */
    public static Path withDiskFillingChangeSet(Path dir) throws IOException {
        return withExtraChangeSet(dir, DISK_FILLING_FILE, DISK_FILLING_CHANGE_SET);
    }

    /**
     * The project's newest changeset (its manifest's last entry, SQLite's plan): tests that
     * name "the last changeset" compute it, so that the next release's changesets do not
     * turn them red.
     */
    public static ManifestEntry newestChangeSet() {
        try {
            List<ManifestEntry> entries = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries();
            return entries.get(entries.size() - 1);
        } catch (MigrationException e) {
            throw new IllegalStateException("the packaged changelog's manifest cannot be read", e);
        }
    }

    /**
     * The four-digit number after the newest changeset's ({@code 0012} after {@code 0011-…}):
     * a test's extra changeset file takes it, so it never shares a number with a real one.
     */
    public static String nextNumber() {
        return String.format("%04d", Integer.parseInt(newestChangeSet().id().substring(0, 4)) + 1);
    }

    /**
     * How many changesets of the project's changelog (SQLite's plan) run up to and including
     * {@code changeSetId}: tests about a past release's schema apply exactly that many.
     */
    public static int countThrough(String changeSetId) {
        try {
            List<String> ids = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                    .map(ManifestEntry::id).toList();
            if (!ids.contains(changeSetId)) {
                throw new IllegalArgumentException(changeSetId + " is not in the project's changelog: " + ids);
            }
            return ids.indexOf(changeSetId) + 1;
        } catch (MigrationException e) {
            throw new IllegalStateException("the packaged changelog's manifest cannot be read", e);
        }
    }

    /** {@code release-2.1} while the build is 2.0.x: a label newer than the release being built. */
    public static String nextReleaseLabel() {
        String[] parts = Release.current().split("\\.");
        return "release-" + parts[0] + "." + (Integer.parseInt(parts[1]) + 1);
    }

    /** Copies the project's changelog/ folder into {@code dir}; returns the master file. */
    public static Path copyOfProjectChangelog(Path dir) throws IOException {
        Path source = projectChangelogFolder();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return dir.resolve("db.changelog-master.yaml");
    }

    /**
     * The project's changelog plus {@code changeSetYaml} as a last included file: a changeset of the release being
     * built, as the project is while it is built ({@link #whileItsReleaseIsBuilt}).
     */
    public static Path withExtraChangeSet(Path dir, String fileName, String changeSetYaml) throws IOException {
        Path master = copyOfProjectChangelog(dir);
        whileItsReleaseIsBuilt(dir);
        Files.writeString(dir.resolve("changes").resolve(fileName), changeSetYaml);
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/" + fileName + ", relativeToChangelogFile: true }\n");
        return master;
    }

    /**
     * Leaves out of the copy's released.sum (in {@code changelogFolder}) the lines of the release this build is
     * (the pom's, {@link Release#label()}): the repository as it is while that release is built, before its release
     * step records it. A changeset a test adds is one of that release, labelled as the generator labels it; once the
     * release is recorded, it is one that release shipped without (lint's LABEL_OF_A_RELEASED_RELEASE), the state
     * right after a release step and before the pom's version is raised. Nothing changes while the pom's release is
     * not recorded yet.
     */
    public static void whileItsReleaseIsBuilt(Path changelogFolder) throws IOException {
        Path sum = changelogFolder.resolve("released.sum");
        if (Files.isRegularFile(sum)) {
            Files.write(sum, Files.readAllLines(sum).stream()
                    .filter(line -> !line.startsWith(Release.label() + "\t")).toList());
        }
    }

    private static Path projectChangelogFolder() throws IOException {
        try {
            return Path.of(Changelogs.class.getClassLoader().getResource("changelog/db.changelog-master.yaml").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
