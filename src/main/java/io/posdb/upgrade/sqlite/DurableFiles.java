package io.posdb.upgrade.sqlite;

import io.posdb.database.SideFiles;
import io.posdb.files.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * File steps that survive a power cut once they return: the content is fsynced, and so is
 * the folder after a file was created, renamed or deleted (on Linux a rename or unlink is
 * only durable once its directory is synced). The upgrade's marker and snapshot rely on
 * this order: what a later step assumes must be on disk before that step starts. The doctor's
 * support bundle is written the same way, so that a bundle is whole or absent.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** Writes a file's content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Creates the empty file the content goes into, with the permissions the finished file must have. */
    @FunctionalInterface
    public interface Creation {
        void create(Path file) throws IOException;
    }

    /**
     * Writes {@code content} to a temporary file, syncs it and renames it over {@code file}.
     * The file has {@code like}'s permissions or stricter ({@link PrivateFiles}).
     */
    static void write(Path file, String content, Path like) throws IOException {
        write(file, SideFiles.sibling(file, ".partial"), partial -> PrivateFiles.createLike(like, partial),
                out -> out.write(content.getBytes(StandardCharsets.UTF_8)), true);
    }

    /**
     * Writes {@code content} to {@code temporary} (made by {@code creation}; a leftover of an earlier
     * run is deleted first), syncs it and renames it to {@code file}: there is a whole file or none,
     * and a failed write leaves no temporary file. An existing {@code file} is replaced only when
     * {@code replace}; otherwise the rename fails with {@link java.nio.file.FileAlreadyExistsException}.
     */
    public static void write(Path file, Path temporary, Creation creation, Content content, boolean replace)
            throws IOException {
        uninterruptibly(() -> {
            try {
                Files.deleteIfExists(temporary);
                creation.create(temporary);
                try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                    content.writeTo(out);
                }
                force(temporary);
                if (replace) {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(temporary, file);
                }
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup); // the write's own failure is the one to report
                }
                throw e;
            }
            forceFolder(file);
        });
    }

    /** Renames {@code from} to {@code to} atomically, durably. */
    static void rename(Path from, Path to) throws IOException {
        uninterruptibly(() -> {
            force(from);
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            forceFolder(to);
        });
    }

    /** Deletes the files that exist, then syncs their folder once. */
    static void delete(Path... files) throws IOException {
        uninterruptibly(() -> {
            boolean deleted = false;
            for (Path file : files) {
                deleted |= Files.deleteIfExists(file);
            }
            if (deleted) {
                forceFolder(files[0]);
            }
        });
    }

    static void force(Path file) throws IOException {
        uninterruptibly(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        });
    }

    /** Syncs the folder holding {@code file}: its entries (created, renamed, deleted files). */
    static void forceFolder(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        uninterruptibly(() -> {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                // Some file systems refuse to open or sync a directory; the file's own sync was done.
                String message = String.valueOf(e.getMessage());
                if (!message.contains("Is a directory") && !message.contains("Invalid argument")) {
                    throw e;
                }
            }
        });
    }

    /** A file step, run by {@link #uninterruptibly}. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /**
     * Runs {@code step} with the thread's interrupt held back, and sets it again after: a {@link FileChannel} (and
     * the streams on one) closes itself when its thread is interrupted, and a step of the upgrade's envelope cut that
     * way (the marker's removal once the upgrade stands, a restore) would leave an upgrade that stands reported as
     * failed, or a restore half done. These steps are short; the interrupt is the caller's to act on once they end.
     */
    static void uninterruptibly(Step step) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            step.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
