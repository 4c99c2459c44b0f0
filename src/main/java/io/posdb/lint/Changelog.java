package io.posdb.lint;

import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The changelog on disk as lint reads it: the master, the files it includes (in order),
 * every changeset with its file and line, and the files lying under {@code changes/}
 * (included or not). Findings name files as {@code changelog/<path under the master's folder>},
 * the form {@code logicalFilePath} uses, wherever the copy lint read lies; {@link #location} gives the file itself.
 */
record Changelog(Path folder, ChangelogFile master, List<Include> includes, List<ChangelogFile> files,
                 List<LintChangeSet> changeSets) {

    record Include(String target, Path resolved, int line) {
    }

    /** What {@link #name} puts before a file's path under the master's folder. */
    private static final String NAME_PREFIX = "changelog/";

    static Changelog read(Path masterFile) throws ChangelogException {
        if (!Files.isRegularFile(masterFile)) {
            throw new ChangelogException("Changelog file " + masterFile.toAbsolutePath() + " does not exist");
        }
        Path folder = masterFile.toAbsolutePath().normalize().getParent();
        Changelog changelog = new Changelog(folder, ChangelogFile.read(masterFile, name(folder, masterFile)),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        changelog.load();
        return changelog;
    }

    private void load() throws ChangelogException {
        addChangeSets(master);
        for (YamlNode entry : master.entries()) {
            YamlNode include = entry.get("include");
            if (!include.exists() || include.text("file") == null) {
                continue;
            }
            String target = include.text("file");
            Path resolved = "false".equalsIgnoreCase(include.text("relativeToChangelogFile"))
                    ? folder.getParent().resolve(target).normalize() : folder.resolve(target).normalize();
            includes.add(new Include(target, resolved, include.line()));
            if (!Files.isRegularFile(resolved)) {
                throw new ChangelogException("Changelog " + master.name() + " line " + include.line()
                        + " includes " + target + ", which does not exist");
            }
            if (files.stream().noneMatch(f -> f.path().equals(resolved))) {
                ChangelogFile file = ChangelogFile.read(resolved, name(resolved));
                files.add(file);
                addChangeSets(file);
            }
        }
    }

    /** Reads each changeset; the comment block right above a changeset belongs to it. */
    private void addChangeSets(ChangelogFile file) {
        List<YamlNode> items = file.entries().stream().filter(e -> e.get("changeSet").exists()).toList();
        int from = 1;
        for (int i = 0; i < items.size(); i++) {
            int start = items.get(i).line();
            int nextStart = i + 1 < items.size() ? commentBlockStart(file, items.get(i + 1).line())
                    : file.lines().size() + 1;
            changeSets.add(new LintChangeSet(file, start, items.get(i).get("changeSet"), from, nextStart - 1));
            from = nextStart;
        }
    }

    /** The first line of the comment lines directly above {@code line} (1-based). */
    private static int commentBlockStart(ChangelogFile file, int line) {
        int start = line;
        while (start > 1 && file.lines().get(start - 2).trim().startsWith("#")) {
            start--;
        }
        return start;
    }

    /** {@code changelog/<path under the master's folder>}. */
    String name(Path file) {
        return name(folder, file);
    }

    private static String name(Path folder, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(folder)
                ? NAME_PREFIX + folder.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
    }

    /**
     * Where the file a finding names ({@link #name}) lies, as a person's editor opens it: the file lint read under
     * {@code master}'s folder, wherever that copy of the changelog is. Relative to the working directory when it
     * lies under it (so the repository's changelog, linted from the project, reads {@code changelog/changes/...} as
     * its names do), absolute otherwise. A name that is no path (none today) is given back as it is.
     */
    static String location(Path master, String name) {
        Path folder = master.toAbsolutePath().normalize().getParent();
        Path file;
        if (name.startsWith(NAME_PREFIX)) {
            file = folder.resolve(name.substring(NAME_PREFIX.length())).normalize();
        } else if (Path.of(name).isAbsolute()) {
            file = Path.of(name);
        } else {
            return name;
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        return (file.startsWith(workingDirectory) ? workingDirectory.relativize(file) : file).toString()
                .replace('\\', '/');
    }

    /** Every .yaml file under {@code changes/}, sorted by name, whether included or not. */
    List<Path> filesUnderChanges() throws ChangelogException {
        Path changes = folder.resolve("changes");
        if (!Files.isDirectory(changes)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(changes)) {
            return paths.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ChangelogException("Cannot list " + changes + ": " + FailureReason.of(e), e);
        }
    }
}
