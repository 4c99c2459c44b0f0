package io.posdb.upgrade.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells whether another process has the database open, through SQLite's own file locks:
 * a connection holds a read lock on the "shared" byte range of the main file while it
 * reads, and for its whole life in WAL mode. A restore must not run under such a
 * connection: it would keep the replaced file's {@code -wal} open, and its last close
 * would checkpoint that log into the restored file.
 * <p>Only other processes are seen (POSIX locks belong to a process), and closing the probe
 * drops this process's own locks on the file: call it only while this process has no
 * connection to the database, as the upgrade does before and after Liquibase runs.
 */
public final class DatabaseInUse {

    /** SQLite's lock bytes (os_unix.c): PENDING_BYTE = 2^30, the shared range starts 2 bytes later. */
    private static final long SHARED_FIRST = 0x40000000L + 2;
    private static final int SHARED_SIZE = 510;

    private DatabaseInUse() {
    }

    static void refuse(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock(SHARED_FIRST, SHARED_SIZE, false);
            if (probe == null) {
                throw new InUse(file);
            }
            probe.release();
        }
    }

    /** Another process has the database open. */
    public static final class InUse extends IOException {
        InUse(Path file) {
            super("Database " + file + " is open in another process (the till application, sqlite3, a "
                    + "report); close it: an interrupted upgrade cannot be undone while it is open");
        }
    }
}
