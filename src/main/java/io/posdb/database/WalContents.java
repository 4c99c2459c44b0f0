package io.posdb.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * What a database's {@code -wal} holds, read from the WAL's own format (SQLite's file format, "the write-ahead log")
 * without opening the database: opening it would let SQLite recover or checkpoint the log. The frames SQLite would
 * replay are those after a valid header whose salts they carry and whose running checksums they continue, up to the
 * last commit frame (one with a nonzero "database size after commit"); frames after it belong to a transaction a crash
 * cut short, and SQLite ignores them.
 *
 * <p>Whether the committed frames were already copied into the main file (checkpointed) is read from the main file
 * itself: the transactions already copied are those up to the last commit after which every page the log wrote,
 * within the database's size at that commit, reads in the main file as the log has it. The {@code -shm}'s own count
 * of copied frames is not used: the first connection that opens the file after a crash rebuilds that index and
 * counts every frame as not copied, so a second look would contradict the first.
 *
 * @param committedTransactions the committed transactions SQLite would read from the log (0: it ignores the log)
 * @param notCopied             how many of them the main file does not hold yet (the newest ones)
 * @param databaseBytes         the database's size as SQLite reads it after the log's last commit; the main file's
 *                              size when the log holds no committed transaction
 */
public record WalContents(int committedTransactions, int notCopied, long databaseBytes) {

    private static final int HEADER_BYTES = 32;
    private static final int FRAME_HEADER_BYTES = 24;
    private static final int MAGIC_LITTLE_ENDIAN_CHECKSUMS = 0x377f0682;
    private static final int MAGIC_BIG_ENDIAN_CHECKSUMS = 0x377f0683;
    private static final int FORMAT_VERSION = 3007000;

    /** Whether every committed transaction in the log is already in the main file (true too when there is none). */
    public boolean allCopied() {
        return notCopied == 0;
    }

    /** The {@code -wal} beside {@code file} (an absent one holds nothing), compared with {@code file}. */
    public static WalContents of(Path file) throws IOException {
        Path wal = SideFiles.sibling(file, SideFiles.WAL);
        long mainFileBytes = Files.size(file);
        if (!Files.isRegularFile(wal)) {
            return new WalContents(0, 0, mainFileBytes);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(wal), 1 << 16);
             FileChannel main = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(HEADER_BYTES)); // big-endian, as the format stores it
            if (header.capacity() < HEADER_BYTES) {
                return new WalContents(0, 0, mainFileBytes);
            }
            int magic = header.getInt(0);
            int pageSize = header.getInt(8);
            boolean validPageSize = pageSize >= 512 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1;
            if ((magic != MAGIC_LITTLE_ENDIAN_CHECKSUMS && magic != MAGIC_BIG_ENDIAN_CHECKSUMS)
                    || header.getInt(4) != FORMAT_VERSION || !validPageSize) {
                return new WalContents(0, 0, mainFileBytes); // SQLite reads such a log as empty
            }
            ByteOrder checksumOrder = magic == MAGIC_BIG_ENDIAN_CHECKSUMS ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN;
            int[] checksum = checksum(new int[] {0, 0}, header.array(), 0, 24, checksumOrder);
            if (checksum[0] != header.getInt(24) || checksum[1] != header.getInt(28)) {
                return new WalContents(0, 0, mainFileBytes);
            }
            int salt1 = header.getInt(16);
            int salt2 = header.getInt(20);
            // The pages written since the last commit that reads in the main file as the log has it, and whether
            // they do: a transaction is copied when, at its commit, no page within the database differs.
            Set<Integer> differing = new HashSet<>();
            int committed = 0;
            int copiedUpTo = 0;
            long pagesAfterLastCommit = 0;
            ByteBuffer mainPage = ByteBuffer.allocate(pageSize);
            while (true) {
                byte[] frameHeader = in.readNBytes(FRAME_HEADER_BYTES);
                byte[] page = in.readNBytes(pageSize);
                if (frameHeader.length < FRAME_HEADER_BYTES || page.length < pageSize) {
                    break; // a frame cut short: the end of what SQLite reads
                }
                ByteBuffer frame = ByteBuffer.wrap(frameHeader);
                if (frame.getInt(8) != salt1 || frame.getInt(12) != salt2) {
                    break; // a frame from before SQLite restarted the log
                }
                checksum = checksum(checksum(checksum, frameHeader, 0, 8, checksumOrder), page, 0, pageSize,
                        checksumOrder);
                if (checksum[0] != frame.getInt(16) || checksum[1] != frame.getInt(20)) {
                    break; // a frame not wholly written
                }
                long pageNumber = Integer.toUnsignedLong(frame.getInt(0));
                mainPage.clear();
                int read = main.read(mainPage, (pageNumber - 1) * pageSize);
                if (read == pageSize && java.util.Arrays.equals(mainPage.array(), page)) {
                    differing.remove((int) pageNumber);
                } else {
                    differing.add((int) pageNumber);
                }
                long pagesAfterCommit = Integer.toUnsignedLong(frame.getInt(4));
                if (pagesAfterCommit != 0) {
                    committed++;
                    pagesAfterLastCommit = pagesAfterCommit;
                    // A checkpoint copies no page beyond the database's size (one a VACUUM shrank away).
                    if (differing.stream().allMatch(p -> p > pagesAfterCommit)) {
                        copiedUpTo = committed;
                    }
                }
            }
            return new WalContents(committed, committed - copiedUpTo, committed == 0 ? mainFileBytes
                    : pagesAfterLastCommit * pageSize);
        }
    }

    /** SQLite's WAL checksum over {@code length} bytes (a multiple of 8), continuing from {@code start}. */
    private static int[] checksum(int[] start, byte[] bytes, int offset, int length, ByteOrder order) {
        ByteBuffer words = ByteBuffer.wrap(bytes, offset, length).order(order);
        int s1 = start[0];
        int s2 = start[1];
        for (int i = offset; i < offset + length; i += 8) {
            s1 += words.getInt(i) + s2;
            s2 += words.getInt(i + 4) + s1;
        }
        return new int[] {s1, s2};
    }
}
