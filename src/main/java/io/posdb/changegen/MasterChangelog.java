package io.posdb.changegen;

import io.posdb.failure.PosDatabaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's changelog folder: the next changeset number and the master's include list. */
record MasterChangelog(Path root) {

    private static final Pattern NUMBERED = Pattern.compile("^(\\d{4})-.*\\.yaml$");

    Path master() {
        return root.resolve("changelog/db.changelog-master.yaml");
    }

    Path changes() {
        return root.resolve("changelog/changes");
    }

    /** {@code NNNN-name}: one more than the highest number in changelog/changes. */
    String nextId(String name) throws IOException {
        try (Stream<Path> files = Files.list(changes())) {
            int highest = files.map(file -> NUMBERED.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
            return String.format(Locale.ROOT, "%04d-%s", highest + 1, name);
        }
    }

    /** The changeset file of {@code id}: a changeset's id is its file's name. */
    Path file(String id) {
        return changes().resolve(id + ".yaml");
    }

    /** The master's text with the includes of {@code ids}' files appended, in order. */
    String withIncludes(List<String> ids) throws IOException {
        String master = Files.readString(master());
        StringBuilder text = new StringBuilder(master.endsWith("\n") || master.isEmpty() ? master : master + "\n");
        ids.forEach(id -> text.append("  - include: { file: changes/").append(id)
                .append(".yaml, relativeToChangelogFile: true }\n"));
        return text.toString();
    }

    /**
     * Writes the changeset files of {@code yamlById} (ids in order) and appends their includes to the master, all or
     * nothing ({@link FileWrites}); the result's files are the changeset files, or nothing was written.
     */
    FileWrites.Written add(Map<String, String> yamlById) throws IOException, PosDatabaseException {
        FileWrites writes = new FileWrites(root);
        yamlById.forEach((id, yaml) -> writes.create(file(id), yaml));
        writes.change(master(), withIncludes(List.copyOf(yamlById.keySet())));
        FileWrites.Written written = writes.write();
        return written.refused() ? written
                : new FileWrites.Written(yamlById.keySet().stream().map(this::file).toList(), List.of());
    }
}
