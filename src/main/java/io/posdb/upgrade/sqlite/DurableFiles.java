package io.posdb.upgrade.sqlite;

import java.io.IOException;
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
 * this order: what a later step assumes must be on disk before that step starts.
 */
final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Writes {@code content} to a temporary file, syncs it and renames it over {@code file}.
     * The file has {@code like}'s permissions or stricter ({@link PrivateFiles}).
     */
    static void write(Path file, String content, Path like) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        PrivateFiles.createLike(like, partial);
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        force(partial);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(file);
    }

    /** Renames {@code from} to {@code to} atomically, durably. */
    static void rename(Path from, Path to) throws IOException {
        force(from);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(to);
    }

    /** Deletes the files that exist, then syncs their folder once. */
    static void delete(Path... files) throws IOException {
        boolean deleted = false;
        for (Path file : files) {
            deleted |= Files.deleteIfExists(file);
        }
        if (deleted) {
            forceFolder(files[0]);
        }
    }

    static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Syncs the folder holding {@code file}: its entries (created, renamed, deleted files). */
    static void forceFolder(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or sync a directory; the file's own sync was done.
            if (!isUnsupported(e)) {
                throw e;
            }
        }
    }

    private static boolean isUnsupported(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Is a directory") || message.contains("Invalid argument");
    }
}
