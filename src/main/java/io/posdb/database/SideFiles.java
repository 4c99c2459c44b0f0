package io.posdb.database;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The files SQLite keeps beside a database ({@code -wal}, {@code -shm}, {@code -journal}) and the
 * one way posdb names a file beside another ({@link #sibling}). A reader that must write nothing (the
 * doctor, the plan status reads) uses it to leave the folder as it found it: a read-only connection
 * ({@link SqliteDatabase#readOnlyAt}) to a file with a {@code -wal} but no {@code -shm} creates the
 * {@code -shm} and cannot remove it; a restore deletes all three before it puts a snapshot back.
 */
public final class SideFiles {

    /** The write-ahead log (WAL mode): committed transactions not yet in the main file. */
    public static final String WAL = "-wal";
    /** The WAL's shared-memory index: every open connection keeps it. */
    public static final String SHM = "-shm";
    /** The rollback journal (DELETE mode): a transaction cut short, rolled back by the next writer. */
    public static final String JOURNAL = "-journal";
    private static final List<String> SUFFIXES = List.of(WAL, SHM, JOURNAL);
    /** The first bytes of a rollback journal's header (SQLite's file format, "the rollback journal"). */
    private static final byte[] JOURNAL_MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1, 0x63,
            (byte) 0xd7};

    private SideFiles() {
    }

    /** The file named {@code file}'s name followed by {@code suffix}, in the same folder. */
    public static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** The three side files SQLite may make beside {@code file}, whether they exist or not. */
    public static List<Path> of(Path file) {
        return SUFFIXES.stream().map(suffix -> sibling(file, suffix)).toList();
    }

    /**
     * Whether {@code file}'s {@code -journal} holds a transaction not committed: SQLite writes the header's
     * magic number when a transaction starts, and at the commit deletes the journal (DELETE, its default),
     * truncates it (TRUNCATE) or zeroes its header (PERSIST). A journal without the magic number is left over
     * from a finished transaction, and SQLite ignores it.
     */
    public static boolean journalHoldsATransaction(Path file) throws IOException {
        Path journal = sibling(file, JOURNAL);
        if (!Files.isRegularFile(journal)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(journal)) {
            return Arrays.equals(in.readNBytes(JOURNAL_MAGIC.length), JOURNAL_MAGIC);
        }
    }

    public static List<Path> present(Path file) {
        return of(file).stream().filter(Files::exists).toList();
    }

    /**
     * Removes the side files that appeared while the reader read the file (all its connections are
     * closed by then). Only an {@code -shm} can appear that way, and only on a file that had a
     * {@code -wal} and no {@code -shm}: no connection was open on it (each keeps its {@code -shm}).
     */
    public static void removeNew(Path file, List<Path> before) throws IOException {
        for (Path now : present(file)) {
            if (!before.contains(now) && now.getFileName().toString().endsWith(SHM)) {
                Files.deleteIfExists(now);
            }
        }
    }
}
