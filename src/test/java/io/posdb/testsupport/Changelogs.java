package io.posdb.testsupport;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes changelogs for failure tests: the real master changelog copied into a folder,
 * optionally followed by one extra changeset file.
 */
public final class Changelogs {

    private Changelogs() {
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

    /** The project's changelog plus {@code changeSetYaml} as a last included file. */
    public static Path withExtraChangeSet(Path dir, String fileName, String changeSetYaml) throws IOException {
        Path master = copyOfProjectChangelog(dir);
        Files.writeString(dir.resolve("changes").resolve(fileName), changeSetYaml);
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/" + fileName + ", relativeToChangelogFile: true }\n");
        return master;
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
