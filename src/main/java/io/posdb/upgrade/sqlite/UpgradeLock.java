package io.posdb.upgrade.sqlite;

import io.posdb.database.HostName;
import io.posdb.database.SideFiles;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OS file lock on {@code <database>.lock}, held by one process for its whole upgrade.
 * The operating system releases it when the process dies (even by kill -9), so a holder
 * is always a live process: whoever holds this lock knows that any Liquibase lock row it
 * finds, or any interrupted-upgrade marker, was left by a dead process.
 * The file itself stays (deleting lock files races); it names the current holder.
 *
 * <p>Within one JVM a semaphore per file is taken first: POSIX releases all of a
 * process's locks on a file when any of its channels on that file closes, so two threads
 * must never hold channels on the lock file at the same time.
 */
public final class UpgradeLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpgradeLock.class);
    private static final long POLL_MILLIS = 100;

    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Semaphore jvmPermit;
    private final FileChannel channel;
    private final FileLock lock;

    private UpgradeLock(Semaphore jvmPermit, FileChannel channel, FileLock lock) {
        this.jvmPermit = jvmPermit;
        this.channel = channel;
        this.lock = lock;
    }

    private static Semaphore jvmPermit(Path file) {
        return IN_THIS_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Semaphore(1));
    }

    public static Path lockFile(Path database) {
        return SideFiles.sibling(database, ".lock");
    }

    /** Waits up to {@code maxWait} for the lock; a live holder past that is named in the failure. */
    public static UpgradeLock acquire(Path database, Duration maxWait) throws PosDatabaseException {
        Path file = lockFile(database);
        Instant deadline = Instant.now().plus(maxWait);
        Semaphore permit = jvmPermit(file);
        boolean permitted = false;
        FileChannel channel = null;
        UpgradeLock held = null;
        try {
            permitted = permit.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            if (!permitted) {
                throw new PosDatabaseException(BootFailure.LOCKED, "Database " + database
                        + " is being upgraded by another thread of this process; gave up after "
                        + maxWait.toSeconds() + " s" + BootFailure.LOCK_WAIT_SETTING + ".");
            }
            channel = open(database, file);
            boolean announced = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    writeHolder(channel);
                    held = new UpgradeLock(permit, channel, lock);
                    return held;
                }
                if (!announced) {
                    log.info("Waiting for {} to finish with {} (up to {} s)", holder(channel), database,
                            maxWait.toSeconds());
                    announced = true;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new PosDatabaseException(BootFailure.LOCKED, "Database " + database + " is being upgraded by "
                            + holder(channel) + ", which is still running; gave up after waiting "
                            + maxWait.toSeconds() + " s" + BootFailure.LOCK_WAIT_SETTING + ". Let it finish, then start again.");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PosDatabaseException(BootFailure.LOCKED, "Interrupted while waiting for the lock of " + database, e);
        } catch (IOException e) {
            // Writing the holder is the first write of an upgrade: on a full disk it is said as every later one is.
            String why = DatabaseFailures.diskFull(e).map(full -> DatabaseFailures.diskFullReason(database, full))
                    .orElseGet(() -> FailureReason.of(e));
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot lock " + file + ": " + why, e);
        } finally {
            if (held == null) { // failed or interrupted: nothing of the attempt stays held
                if (channel != null) {
                    closeQuietly(channel);
                }
                if (permitted) {
                    permit.release();
                }
            }
        }
    }

    /** The live holder of the lock, if any, without waiting or taking it for long. */
    public static Optional<String> liveHolder(Path database) throws PosDatabaseException {
        Semaphore permit = jvmPermit(lockFile(database));
        if (!permit.tryAcquire()) {
            return Optional.of("this process (pid " + ProcessHandle.current().pid() + ")");
        }
        try (FileChannel channel = open(database, lockFile(database)); FileLock lock = tryLock(channel)) {
            return lock == null ? Optional.of(holder(channel)) : Optional.empty();
        } catch (IOException e) {
            throw new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot check the lock of " + database + ": "
                    + FailureReason.of(e), e);
        } finally {
            permit.release();
        }
    }

    /** Opens the lock file, creating it first, when missing, with the database's permissions or stricter. */
    private static FileChannel open(Path database, Path file) throws PosDatabaseException {
        try {
            // Lock files stay: every boot after the first opens the one there, without the file-system
            // look-ups that creating a private file takes.
            if (Files.notExists(file)) {
                try {
                    PrivateFiles.createLike(database, file);
                } catch (FileAlreadyExistsException e) {
                    // Another process created it in between (theirs to have made private): it is used.
                }
            }
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // A read-only database or folder (a read-only mount) is said as every other command says it, naming
            // the database or its folder, not the lock file, which may not even exist.
            if (Files.exists(database)) {
                DatabaseFileCheck.checkWritable(database);
            }
            throw lockFileRefused(file, e);
        }
    }

    /** The lock file itself refused, its database and folder writable (or the database not made yet). */
    private static PosDatabaseException lockFileRefused(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot open lock file " + file + " for writing "
                    + "as " + System.getProperty("user.name") + ownerOf(file) + "; give it to the account the "
                    + "till runs as (chown), or run posdb as that account: " + FailureReason.of(e), e);
        }
        return new PosDatabaseException(BootFailure.NOT_WRITABLE, "Cannot create or open lock file " + file
                + " (is the folder writable?): " + FailureReason.of(e), e);
    }

    /** Whose the file is, for a refusal (left out when the file system cannot say). */
    private static String ownerOf(Path file) {
        try {
            return " (it belongs to " + Files.getOwner(file).getName() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another thread of this JVM: wait for it like any holder
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String holder = "pid " + ProcessHandle.current().pid() + " on " + HostName.value() + " since " + Instant.now();
        channel.truncate(0);
        // Not forced to disk: only a live process reads it, through the same page cache, and the OS
        // releases the lock itself when the machine goes down.
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "another process" : "another process (" + text + ")";
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The lock file is only a lock; failing to close it changes nothing for the caller.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            log.warn("Releasing the upgrade lock failed (the OS releases it when the process ends): {}", e.toString());
        } finally {
            closeQuietly(channel);
            jvmPermit.release();
        }
    }
}
