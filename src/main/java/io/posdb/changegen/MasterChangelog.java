package io.posdb.changegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
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

    /** Writes the changeset file (refusing to overwrite) and appends its include to the master. */
    Path add(String id, String yaml) throws IOException {
        Path file = changes().resolve(id + ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        String master = Files.readString(master());
        String include = "  - include: { file: changes/" + id + ".yaml, relativeToChangelogFile: true }\n";
        Files.writeString(master(), (master.endsWith("\n") ? master : master + "\n") + include);
        return file;
    }
}
