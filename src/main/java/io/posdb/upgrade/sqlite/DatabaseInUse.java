package io.posdb.upgrade.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether another process has the database open, through SQLite's own file locks:
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

    static void refuse(Path file) throws IOException {
        if (openElsewhere(file)) {
            throw new InUse(file, "an interrupted upgrade cannot be undone while it is open");
        }
    }

    /**
     * Before an upgrade, rollback or downgrade writes: waits up to {@code wait} for every other process to
     * close the database, then refuses. Its all-or-nothing rests on the snapshot, and a restore under another
     * process's connection is refused ({@link #refuse}): a failed upgrade would be left half done while that
     * process (a till still running) kept writing sales, which the next boot's restore would then take back.
     * A process that reads for a moment (posdb doctor, status, a report) is waited for.
     */
    public static void awaitClosedElsewhere(Path file, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean said = false;
        while (openElsewhere(file)) {
            if (System.nanoTime() >= deadline) {
                throw new InUse(file, "stop it before the upgrade, which could not be undone under it; "
                        + "nothing was changed");
            }
            if (!said) {
                log.info("Database {} is open in another process; waiting up to {} s for it to close (stop the till "
                        + "application before upgrading)", file, wait.toSeconds());
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock(SHARED_FIRST, SHARED_SIZE, false);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        }
    }

    /**
     * The other processes holding a lock on {@code file}, as {@code pid 1234: java -jar till.jar}, so that the
     * person on the phone knows which program to stop. Linux lists every lock in {@code /proc/locks}, with the
     * holder's pid and the file's device and inode; read there, nothing is opened on the file itself. Empty
     * where there is no such list, or the file's device and inode cannot be read.
     */
    static List<String> holders(Path file) {
        Path locks = Path.of("/proc/locks");
        try {
            if (!Files.isReadable(locks)) {
                return List.of();
            }
            long device = (Long) Files.getAttribute(file, "unix:dev");
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            // Linux's st_dev encoding (new_encode_dev), as /proc/locks prints it: "major:minor:inode", hex major/minor.
            long major = (device & 0xfff00) >> 8;
            long minor = (device & 0xff) | ((device >> 12) & 0xfff00);
            String id = String.format(Locale.ROOT, "%02x:%02x:%d", major, minor, inode);
            long self = ProcessHandle.current().pid();
            Set<Long> pids = new TreeSet<>();
            for (String line : Files.readAllLines(locks, StandardCharsets.UTF_8)) {
                String[] fields = line.replace("->", " ").trim().split("\\s+");
                if (fields.length >= 6 && fields[5].equals(id) && fields[4].matches("\\d+")) {
                    pids.add(Long.parseLong(fields[4]));
                }
            }
            pids.remove(self);
            return pids.stream().map(pid -> "pid " + pid + commandOf(pid)).toList();
        } catch (IOException | RuntimeException unknown) {
            return List.of(); // naming the holder is a help, not a condition
        }
    }

    /** The process's command line on one line, cut at 100 characters; empty when the system does not say. */
    private static String commandOf(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine()
                .or(() -> process.info().command())).map(command -> command.replaceAll("\\s+", " ").strip())
                .map(command -> ": " + (command.length() > 100 ? command.substring(0, 100) + "…" : command)).orElse("");
    }

    /** Another process has the database open. */
    public static final class InUse extends IOException {
        InUse(Path file, String consequence) {
            super("Database " + file + " is open in another process (" + named(holders(file)) + "); close it: "
                    + consequence);
        }

        private static String named(List<String> holders) {
            return holders.isEmpty() ? "the till application, sqlite3, a report" : String.join("; ", holders);
        }
    }
}
