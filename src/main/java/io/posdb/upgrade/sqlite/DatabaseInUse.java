package io.posdb.upgrade.sqlite;

import io.posdb.database.LockHolders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether another process has the database open: on Linux from {@code /proc/<pid>/fd}
 * ({@link LockHolders#withFileOpen}), which also shows an idle connection to a rollback-journal
 * file, and everywhere through SQLite's own file locks:
 * a connection holds a read lock on the "shared" byte range of the main file while it
 * reads, and for its whole life in WAL mode. A restore must not run under such a
 * connection: it would keep the replaced file's {@code -wal} open, and its last close
 * would checkpoint that log into the restored file. So an upgrade does not start under one
 * either ({@link #awaitClosedElsewhere}): it could not be restored if it failed.
 * <p>Only other processes are seen (POSIX locks belong to a process), and closing the probe
 * drops this process's own locks on the file: call it only while this process has no
 * connection to the database, as the upgrade does before and after Liquibase runs.
 */
public final class DatabaseInUse {

    /** SQLite's lock bytes (os_unix.c): PENDING_BYTE = 2^30, the shared range starts 2 bytes later. */
    private static final long SHARED_FIRST = 0x40000000L + 2;
    private static final int SHARED_SIZE = 510;

    private static final Logger log = LoggerFactory.getLogger(DatabaseInUse.class);
    private static final long POLL_MILLIS = 100;

    private DatabaseInUse() {
    }

    /**
     * Before a restore: refuses while another process has the file open. {@code undone} is what the restore undoes, in
     * the words of the operation it names ("the interrupted rollback", "the failed upgrade"): the operator is told
     * which work waits on the other process, as {@link #awaitClosedElsewhere} tells it.
     */
    static void refuse(Path file, String undone) throws IOException {
        if (openElsewhere(file)) {
            throw new InUse(file, undone + " cannot be undone while it is open");
        }
    }

    /**
     * Before an upgrade, rollback or downgrade writes: waits up to {@code wait} for every other process to
     * close the database, then refuses. Its all-or-nothing rests on the snapshot, and a restore under another
     * process's connection is refused ({@link #refuse}): a failed upgrade would be left half done while that
     * process (a till still running) kept writing sales, which the next boot's restore would then take back.
     * A process that reads for a moment (posdb doctor, status, a report) is waited for. {@code operation} is the
     * operation's noun ("upgrade", "rollback", "downgrade"): the operator is told to stop the other process before
     * the operation that is waiting, in its name. The wait ends without a refusal as soon as {@code giveWay} holds:
     * before the upgrade lock, when another process has taken it meanwhile, whose work is then waited for as the
     * lock's holder, not as a process that has the file open.
     */
    public static void awaitClosedElsewhere(Path file, Duration wait, String operation, BooleanSupplier giveWay)
            throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean said = false;
        while (!giveWay.getAsBoolean() && openElsewhere(file)) {
            if (System.nanoTime() >= deadline) {
                throw new InUse(file, "stop it before the " + operation + ", which could not be undone under it; "
                        + "nothing was changed");
            }
            if (!said) {
                log.info("Database {} is open in another process; waiting up to {} s for it to close (stop the till "
                        + "application before the {})", file, wait.toSeconds(), operation);
                said = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InUse(file, "interrupted while waiting for it to close; nothing was changed");
            }
        }
    }

    private static boolean openElsewhere(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        if (!LockHolders.withFileOpen(file).isEmpty()) {
            return true; // on Linux: also an idle connection to a rollback-journal file, which holds no lock
        }
        // Closing the probe releases it; a null probe (the range is locked elsewhere) is not closed.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock probe = channel.tryLock(SHARED_FIRST, SHARED_SIZE, false)) {
            return probe == null;
        }
    }

    /** Another process has the database open. */
    public static final class InUse extends IOException {
        InUse(Path file, String consequence) {
            super("Database " + file + " is open in another process (" + LockHolders.describe(file,
                    "the till application, sqlite3, a report") + "); close it: " + consequence);
        }
    }
}
