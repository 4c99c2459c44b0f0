package io.posdb.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private ({@code 0700}) folder in the system's temporary folder that lives as long as the work that
 * made it (a rehearsal's copy of the shop, the doctor's, the drift check's scratch database), and no longer,
 * however that work ends:
 * <ul>
 * <li>closed: the folder is deleted;
 * <li>the process stopped (SIGTERM from {@code systemctl stop}, Ctrl-C): a shutdown hook deletes it, where
 *     the code that made it never reaches its {@code finally};
 * <li>the process killed (kill -9, a power cut on a disk-backed {@code /tmp}): the next posdb process that
 *     makes a folder for a copy of a shop (or lint, in its cache) removes it ({@link #abandoned}); the doctor names it.
 * </ul>
 * A copy of a shop is as large as the shop: left behind by every stopped rehearsal, they would fill a till's
 * disk, and each is a copy of the PIN hashes and sales.
 * <p>How a folder is known to be abandoned: it holds {@value #IN_USE} (naming the database a copy in it was
 * made from, so that the doctor of that database can point at it), which its process keeps locked
 * ({@link FileChannel#lock}, an OS lock the kernel drops when the process dies, however it dies). A folder
 * whose lock file can be locked has no live owner. The file is locked under another name first and renamed into
 * place, so a folder never shows an unlocked {@value #IN_USE} while its owner lives. Folders without one
 * (made by an older posdb, or by something else) are never touched, nor removed unless they are this account's
 * alone ({@link #ours}). Folders this process owns are skipped
 * without opening their lock file: closing any channel on a file drops every lock the process holds on it.
 */
public final class TemporaryFolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TemporaryFolder.class);
    static final String IN_USE = ".posdb-in-use";
    private static final String PREFIX = "posdb-";
    /** The folders this process uses, with the channel that holds each one's lock. */
    private static final Map<Path, FileChannel> OWNED = new ConcurrentHashMap<>();

    private final Path path;

    private TemporaryFolder(Path path) {
        this.path = path;
    }

    /** A folder that was left by a process that died: its size, and the database a copy in it was made from. */
    public record Abandoned(Path folder, long bytes, Optional<Path> copyOf) {
    }

    /**
     * Removes the folders dead posdb processes left in the system's temporary folder, then makes a new one
     * there named {@code prefix...} ({@code prefix} starts with {@code posdb-}) for a copy of {@code copyOf}
     * (null for a scratch database built from the changelog alone).
     */
    public static TemporaryFolder create(String prefix, Path copyOf) throws IOException {
        return create(Path.of(System.getProperty("java.io.tmpdir")), prefix, copyOf);
    }

    /** The setting that gives Java (and so posdb) another temporary folder, in an operator's two ways to write it. */
    public static final String SETTING = "-Djava.io.tmpdir=<folder>; for posdb: JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>";

    /** Java's temporary folder as every message names it: "the temporary folder /tmp (java.io.tmpdir)". */
    public static String named() {
        return "the temporary folder " + System.getProperty("java.io.tmpdir") + " (java.io.tmpdir)";
    }

    /** What an operator does when a copy cannot be made in the system's temporary folder: the setting to change. */
    public static final String ANOTHER_FOLDER = "Give Java a temporary folder it can write, with room for a copy of "
            + "the file (" + SETTING + "); the database was not touched";

    /**
     * {@link #create(String, Path)} for a copy of a shop's file; a folder that cannot be made (a missing or
     * unwritable {@code java.io.tmpdir}) is said naming the file, the folder and the setting to change.
     */
    public static TemporaryFolder createForCopyOf(String prefix, Path original) throws IOException {
        return createNamingTheSetting(prefix, original, "a copy of " + original, ANOTHER_FOLDER, true);
    }

    /**
     * {@link #create(String, Path)} for a scratch database built from the changelog alone ({@code scratch} names
     * it: the drift check's); a folder that cannot be made is said as for a copy ({@link #createForCopyOf}), naming
     * the folder and the setting to change. Not "the database was not touched": a boot's drift check runs after
     * its upgrade. It removes no folder dead processes left: the doctor, which names them (with the command that
     * removes them), builds its scratch database this way and changes nothing; the next command that copies a shop
     * (rehearse, update-sql) removes them.
     */
    public static TemporaryFolder createForScratch(String prefix, String scratch) throws IOException {
        return createNamingTheSetting(prefix, null, scratch, "Give Java a temporary folder it can write (" + SETTING
                + ")", false);
    }

    private static TemporaryFolder createNamingTheSetting(String prefix, Path copyOf, String forWhat, String advice,
                                                          boolean removeAbandoned) throws IOException {
        try {
            return make(Path.of(System.getProperty("java.io.tmpdir")), prefix, copyOf, removeAbandoned);
        } catch (IOException e) {
            throw new IOException("Cannot make a private folder for " + forWhat + " in " + named() + ": " + e + ". "
                    + advice, e);
        }
    }

    /**
     * Why no folder can be made in {@code parent} (Java's temporary folder) now, judged without writing there:
     * it does not exist, is not a folder, is on a read-only file system, or this user cannot write it. Empty when
     * one can (its free space aside).
     */
    public static Optional<String> whyNoFolderIn(Path parent) {
        if (!Files.exists(parent)) {
            return Optional.of("does not exist");
        }
        if (!Files.isDirectory(parent)) {
            return Optional.of("is not a folder");
        }
        if (Files.isWritable(parent)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getFileStore(parent).isReadOnly() ? "is on a read-only file system"
                    : "cannot be written by this user");
        } catch (IOException unknown) {
            return Optional.of("cannot be written by this user");
        }
    }

    /** The same in {@code parent} (a cache folder, where a finished scratch file is moved atomically). */
    public static TemporaryFolder create(Path parent, String prefix, Path copyOf) throws IOException {
        return make(parent, prefix, copyOf, true);
    }

    private static TemporaryFolder make(Path parent, String prefix, Path copyOf, boolean removeAbandoned)
            throws IOException {
        if (!prefix.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a temporary folder's prefix starts with " + PREFIX + ": " + prefix);
        }
        if (removeAbandoned) {
            removeAbandoned(parent);
        }
        Path folder = PrivateFiles.createTempFolder(parent, prefix);
        Path lockFile = folder.resolve(IN_USE);
        Path unlocked = folder.resolve(IN_USE + ".new");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(PrivateFiles.createOwnerOnly(unlocked), StandardOpenOption.WRITE);
            channel.lock(); // never waits: no other process knows the file yet
            channel.write(StandardCharsets.UTF_8.encode(copyOf == null ? "" : copyOf.toAbsolutePath().toString()));
            try {
                Files.move(unlocked, lockFile, StandardCopyOption.ATOMIC_MOVE); // the lock stays with the file
            } catch (FileSystemException cannotRenameAnOpenFile) {
                // Windows: the folder is still removed when closed and when the process stops, but one a
                // killed process left is not recognised by the next (it has no IN_USE file).
            }
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            deleteTree(folder);
            throw e;
        }
        OWNED.put(folder, channel);
        AtExit.once("posdb-temporary-folders", TemporaryFolder::deleteOwned);
        return new TemporaryFolder(folder);
    }

    public Path path() {
        return path;
    }

    /**
     * Deletes the folder and everything in it: all but its {@value #IN_USE} file while that is still locked, so that
     * another process making a folder meanwhile judges this one in use and takes none of it (it took the files from
     * under this close when the lock went first); then, the lock released, that file (closed first: a file system
     * that cannot delete an open file, Windows, deletes it then) and the folder.
     */
    @Override
    public void close() throws IOException {
        FileChannel channel = OWNED.remove(path);
        try {
            deleteTree(path, true);
        } finally {
            if (channel != null) {
                channel.close(); // whatever the deletion did: the lock is not held past the folder's use
            }
        }
        deleteTree(path);
    }

    /** {@link #close}, for a scratch folder whose leftover files are harmless: a failure to delete is ignored. */
    public void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // A leftover scratch file in the temporary folder is harmless; the caller's result stands.
        }
    }

    /** {@link #close} after {@code failure}, the one to report: a failure to delete is suppressed in it. */
    public void closeAfter(Throwable failure) {
        try {
            close();
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /**
     * Folders of {@code parent} that posdb processes made and left when they died ({@value #IN_USE} unlocked);
     * not this process's, not another live process's.
     */
    public static List<Abandoned> abandoned(Path parent) throws IOException {
        List<Abandoned> found = new ArrayList<>();
        for (Path folder : candidates(parent)) {
            try (FileChannel channel = FileChannel.open(folder.resolve(IN_USE), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    // Read through this channel: closing another one on the file would drop this lock.
                    String copyOf = new String(Channels.newInputStream(channel).readNBytes(64 * 1024),
                            StandardCharsets.UTF_8);
                    lock.release();
                    found.add(new Abandoned(folder, size(folder),
                            copyOf.isEmpty() ? Optional.empty() : Optional.of(Path.of(copyOf))));
                }
            } catch (NoSuchFileException | AccessDeniedException | OverlappingFileLockException gone) {
                // Removed meanwhile, another account's, or locked by this process.
            }
        }
        return found;
    }

    /**
     * Deletes {@code folder} and everything under it, deepest first (a link, not what it names). Nothing when it is
     * null or gone; what another process deletes meanwhile (the folder's owner, or another that judged it abandoned)
     * is gone as it should be, not a failure.
     */
    public static void deleteTree(Path folder) throws IOException {
        deleteTree(folder, false);
    }

    /**
     * {@link #deleteTree(Path)}; with {@code keepLockFile}, all but the folder itself and its {@value #IN_USE} file
     * (under either of its names: on Windows it keeps its first one, {@link #make}).
     */
    private static void deleteTree(Path folder, boolean keepLockFile) throws IOException {
        if (folder == null) {
            return;
        }
        Files.walkFileTree(folder, new VanishedIsGone() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!(keepLockFile && file.getParent().equals(folder)
                        && file.getFileName().toString().startsWith(IN_USE))) {
                    Files.deleteIfExists(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                super.postVisitDirectory(directory, failure);
                if (!(keepLockFile && directory.equals(folder))) {
                    Files.deleteIfExists(directory);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A walk of a folder that another process may be deleting: an entry gone between its folder's listing and its
     * visit is skipped (Files.walk throws then); any other failure to read one is thrown.
     */
    private abstract static class VanishedIsGone extends SimpleFileVisitor<Path> {

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
            if (failure instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw failure;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
            if (failure != null && !(failure instanceof NoSuchFileException)) {
                throw failure;
            }
            return FileVisitResult.CONTINUE;
        }
    }

    private static void removeAbandoned(Path parent) {
        try {
            for (Path folder : candidates(parent).stream().filter(TemporaryFolder::ours).toList()) {
                // Locked while it is deleted, so that no other process judges it abandoned half way.
                try (FileChannel channel = FileChannel.open(folder.resolve(IN_USE), StandardOpenOption.WRITE)) {
                    if (channel.tryLock() != null) {
                        long bytes = size(folder);
                        deleteTree(folder);
                        log.info("Removed {} ({} bytes), left by a posdb process that was killed", folder, bytes);
                    }
                } catch (NoSuchFileException | AccessDeniedException | OverlappingFileLockException gone) {
                    // Removed meanwhile, another account's, or locked by this process.
                }
            }
        } catch (IOException e) {
            // What a dead process left takes space, not correctness: the new folder is made all the same.
            log.warn("Could not remove the temporary folders killed posdb processes left in {}: {}", parent, e.toString());
        }
    }

    private static List<Path> candidates(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(PREFIX) && !OWNED.containsKey(entry)
                    && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(entry.resolve(IN_USE), LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (AccessDeniedException e) {
            return List.of(); // another user's folder, or a temporary folder we may not list
        }
    }

    /**
     * Whether {@code folder} is this account's alone, as the folders posdb makes are ({@code 0700}). Only those
     * are removed: the owner of another account's folder, or anyone for one others may write in, controls what
     * is inside while it is deleted (a link swapped in could make root delete elsewhere). They are still
     * listed ({@link #abandoned}): the doctor run as root names the till account's copies.
     */
    private static boolean ours(Path folder) {
        try {
            return PrivateFiles.whyNotPrivate(folder).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path folder) throws IOException {
        long[] bytes = {0};
        Files.walkFileTree(folder, new VanishedIsGone() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                bytes[0] += attributes.isRegularFile() ? attributes.size() : 0;
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }

    /** The process's hook: deletes the folders still in use when it stops (the next process removes the rest). */
    private static void deleteOwned() {
        for (Map.Entry<Path, FileChannel> owned : OWNED.entrySet()) {
            Path folder = owned.getKey();
            try {
                // The work goes on while the hook runs, and may be creating files in the folder (a rehearsal's
                // snapshot of its copy). Moved away first, the folder takes no new file (they are created by
                // their old path), and it can then be deleted whole.
                Path stopping = folder.resolveSibling(folder.getFileName() + "-stopping");
                try {
                    Files.move(folder, stopping, StandardCopyOption.ATOMIC_MOVE);
                    folder = stopping;
                } catch (IOException cannotMove) {
                    // Deleted in place, with the retries below.
                }
                owned.getValue().close();
                for (int attempt = 1; ; attempt++) {
                    try {
                        deleteTree(folder);
                        break;
                    } catch (IOException notYet) {
                        if (attempt == 5) {
                            throw notYet;
                        }
                    }
                }
            } catch (IOException e) {
                // Left behind: a folder whose IN_USE file nobody locks, which the next posdb process removes.
            }
        }
    }
}
