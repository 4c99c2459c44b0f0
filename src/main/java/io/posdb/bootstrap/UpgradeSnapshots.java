package io.posdb.bootstrap;

import io.posdb.database.SqliteDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an upgrade all-or-nothing. Before changesets run, the database file is copied
 * byte for byte next to itself ({@code pos.db.20261124-083000.before-2.0.0.snapshot})
 * under an SQLite read transaction, so no writer can change it meanwhile, and a marker
 * ({@code pos.db.upgrading}) names the snapshot. The marker is removed only after the
 * upgrade succeeded: a marker found at the next boot means the upgrade was interrupted
 * (power cut, kill -9), and the snapshot is put back before upgrading again.
 * Callers hold the {@link UpgradeLock}, so no other posdb process touches the files.
 */
final class UpgradeSnapshots {

    private static final Logger log = LoggerFactory.getLogger(UpgradeSnapshots.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    /** The marker's content when the database did not exist before the upgrade. */
    private static final String NO_DATABASE = "(no database)";

    private final SqliteDatabase database;
    private final int keep;

    UpgradeSnapshots(SqliteDatabase database, int keep) {
        this.database = database;
        this.keep = keep;
    }

    Path marker() {
        return sibling(".upgrading");
    }

    /** Restores the snapshot of an upgrade that a dead process left unfinished, if any. */
    boolean restoreInterrupted() throws IOException {
        if (!Files.exists(marker())) {
            return false;
        }
        String snapshot = Files.readString(marker(), StandardCharsets.UTF_8).trim();
        log.warn("The previous upgrade of {} was interrupted; restoring {}", database.file(), snapshot);
        restore(snapshot.equals(NO_DATABASE) ? null : database.file().resolveSibling(snapshot));
        return true;
    }

    /** Copies the database (if it exists) and writes the marker; returns the snapshot, empty for a new file. */
    Optional<Path> take(String release) throws IOException {
        Path snapshot = null;
        if (Files.exists(database.file())) {
            snapshot = sibling("." + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + ".before-" + release + ".snapshot");
            copyConsistently(snapshot);
            log.info("Snapshot of {} taken: {}", database.file(), snapshot);
        }
        writeDurably(marker(), snapshot == null ? NO_DATABASE : snapshot.getFileName().toString());
        return Optional.ofNullable(snapshot);
    }

    /** The upgrade succeeded: drop the marker and keep only the newest snapshots. */
    void finish() throws IOException {
        Files.deleteIfExists(marker());
        List<Path> all = snapshots();
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            Files.deleteIfExists(old);
            log.info("Removed old snapshot {}", old);
        }
    }

    /** Puts the snapshot back (or removes a database that did not exist), then drops the marker. */
    void restore(Path snapshot) throws IOException {
        // A journal left by the failed upgrade belongs to the file being replaced; if it
        // stayed, SQLite would "roll it back" into the restored file.
        Files.deleteIfExists(sibling("-journal"));
        if (snapshot == null) {
            Files.deleteIfExists(database.file());
        } else {
            overwriteInPlace(snapshot);
        }
        Files.deleteIfExists(marker());
        log.warn("Restored {} to its state before the upgrade", database.file());
    }

    /** Snapshot files of this database, oldest first. */
    List<Path> snapshots() throws IOException {
        String prefix = database.file().getFileName() + ".";
        try (Stream<Path> files = Files.list(database.file().getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".snapshot"))
                    .sorted().toList();
        }
    }

    private void copyConsistently(Path snapshot) throws IOException {
        Path partial = snapshot.resolveSibling(snapshot.getFileName() + ".partial");
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeQuery("SELECT COUNT(*) FROM sqlite_master").close(); // holds SQLite's SHARED lock
            Files.copy(database.file(), partial, StandardCopyOption.REPLACE_EXISTING);
            force(partial);
            Files.move(partial, snapshot, StandardCopyOption.ATOMIC_MOVE);
            connection.rollback();
        } catch (SQLException e) {
            Files.deleteIfExists(partial);
            throw new IOException("Cannot read " + database.file() + " for its snapshot: " + e.getMessage(), e);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /**
     * Writes the snapshot's bytes over the database file in place: unlike copy-and-rename
     * it needs no free space beyond the file itself, which matters after a disk-full
     * failure. If it is cut short, the marker is still there and the next boot redoes it.
     */
    private void overwriteInPlace(Path snapshot) throws IOException {
        try (FileChannel source = FileChannel.open(snapshot, StandardOpenOption.READ);
             FileChannel target = FileChannel.open(database.file(), StandardOpenOption.WRITE,
                     StandardOpenOption.CREATE)) {
            long size = source.size();
            long copied = 0;
            while (copied < size) {
                copied += source.transferTo(copied, size - copied, target.position(copied));
            }
            target.truncate(size);
            target.force(true);
        }
    }

    private static void writeDurably(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        force(partial);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private Path sibling(String suffix) {
        return database.file().resolveSibling(database.file().getFileName() + suffix);
    }
}
