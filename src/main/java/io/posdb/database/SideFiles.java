package io.posdb.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files SQLite keeps beside a database ({@code -wal}, {@code -shm}, {@code -journal}), so a reader
 * that must write nothing (the doctor, the plan status reads) can leave the folder as it found it: a
 * read-only connection ({@link SqliteDatabase#readOnlyAt}) to a file with a {@code -wal} but no
 * {@code -shm} creates the {@code -shm} and cannot remove it.
 */
public final class SideFiles {

    private static final List<String> SUFFIXES = List.of("-wal", "-shm", "-journal");

    private SideFiles() {
    }

    public static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    public static List<Path> present(Path file) {
        return SUFFIXES.stream().map(suffix -> sibling(file, suffix)).filter(Files::exists).toList();
    }

    /**
     * Removes the side files that appeared while the reader read the file (all its connections are
     * closed by then). Only an {@code -shm} can appear that way, and only on a file that had a
     * {@code -wal} and no {@code -shm}: no connection was open on it (each keeps its {@code -shm}).
     */
    public static void removeNew(Path file, List<Path> before) throws IOException {
        for (Path now : present(file)) {
            if (!before.contains(now) && now.getFileName().toString().endsWith("-shm")) {
                Files.deleteIfExists(now);
            }
        }
    }
}
