package io.posdb.upgrade.sqlite;

import io.posdb.database.ShellWords;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an upgrade all-or-nothing. Before changesets run, a consistent copy of the database
 * is taken next to it ({@code pos.db.20261124-083000-000.before-2.0.0.snapshot}) with SQLite's
 * online backup API ({@link SqliteBackup}: committed transactions still in a {@code -wal}
 * are in it, and it keeps the journal mode), and a marker ({@code pos.db.upgrading}) names
 * it (its first line; the lines after it are {@code key=value} facts the caller adds, the run's record:
 * see {@code io.posdb.runs}). Snapshot and marker have the database's permissions or stricter ({@link PrivateFiles}).
 * The marker is removed only after the upgrade succeeded: a marker found at the next
 * boot means the upgrade was interrupted (power cut, kill -9), and the snapshot is put back
 * before upgrading again. Callers hold the {@link UpgradeLock}, so no other posdb process
 * touches the files.
 */
public record UpgradeSnapshots(SqliteDatabase database, LocalDateTime keptCopyStamp) {

    private static final Logger log = LoggerFactory.getLogger(UpgradeSnapshots.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final int STAMP_LENGTH = "yyyyMMdd-HHmmss-SSS".length();
    /** The marker's content when the database did not exist before the upgrade. */
    private static final String NO_DATABASE = "(no database)";

    /**
     * The snapshots of {@code database}; the copy an operator is told to keep by hand ({@link #keepACopyByHand}) is
     * named for now, this view's making, so that every message of one run (a refusal and its next step, a doctor's
     * report) names the same folder.
     */
    public UpgradeSnapshots(SqliteDatabase database) {
        this(database, LocalDateTime.now(ZoneOffset.UTC));
    }

    public Path marker() {
        return SideFiles.sibling(database.file(), ".upgrading");
    }

    /** Whether an upgrade or rollback left its marker: it was interrupted, and the next one restores its snapshot first. */
    public boolean marked() {
        return Files.exists(marker());
    }

    /**
     * The file the checks before an upgrade must judge (issue #19). Without a marker, the database
     * itself. With an interrupted upgrade's marker, the restore comes first and replaces the main file
     * and its logs, whatever state the kill left them in (a checkpoint cut short, a half-written page):
     * the snapshot the marker names is what the database will be; empty when the interrupted upgrade
     * had created the database (the restore removes it).
     */
    public Optional<Path> fileAfterRestore() throws IOException {
        return interrupted().map(this::snapshotOf).orElse(Optional.of(database.file()));
    }

    /**
     * What the marker of an upgrade a dead process left unfinished says, read before its restore:
     * the snapshot it names (null: the upgrade had created the database), the facts written with it,
     * and when the marker was written.
     */
    public record Interrupted(String snapshot, Map<String, String> facts, Instant markedAt) {
    }

    /** The marker's content, if there is a marker. */
    public Optional<Interrupted> interrupted() throws IOException {
        if (!Files.exists(marker())) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(marker(), StandardCharsets.UTF_8);
        Map<String, String> facts = lines.stream().skip(1).filter(line -> line.indexOf('=') > 0)
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')).strip(),
                        line -> line.substring(line.indexOf('=') + 1).strip(), (first, last) -> last, LinkedHashMap::new));
        // The first line: the snapshot's file name, or NO_DATABASE.
        String snapshot = lines.isEmpty() ? "" : lines.get(0).trim();
        return Optional.of(new Interrupted(snapshot.equals(NO_DATABASE) ? null : snapshot, facts,
                Files.getLastModifiedTime(marker()).toInstant()));
    }

    private Optional<Path> snapshotOf(Interrupted interrupted) {
        return Optional.ofNullable(interrupted.snapshot()).map(database.file()::resolveSibling);
    }

    /**
     * Restores the snapshot of an {@code operation} (upgrade, rollback, downgrade: what the marker's facts
     * record) that a dead process left unfinished, as its marker ({@link #interrupted}) says; the log names it.
     */
    public void restoreInterrupted(Interrupted interrupted, String operation) throws IOException {
        log.warn("The previous {} of {} was interrupted; restoring {}", operation, database.file(),
                interrupted.snapshot() == null ? NO_DATABASE : interrupted.snapshot());
        putBack(snapshotOf(interrupted).orElse(null), "the interrupted " + operation);
        logRestored(operation);
    }

    /**
     * Copies the database (if it exists), then writes the marker, which keeps {@code facts} after the
     * snapshot's name (one {@code key=value} a line); returns the snapshot, empty for a new file. Both are
     * durable before this returns, in this order: a marker never names a snapshot that is not complete on disk.
     */
    public Optional<Path> take(String release, Map<String, String> facts) throws IOException {
        removeCutShort();
        Path snapshot = null;
        if (Files.exists(database.file())) {
            snapshot = SideFiles.sibling(database.file(),
                    "." + stampAfterEverySnapshot(LocalDateTime.now(ZoneOffset.UTC)) + ".before-" + release + ".snapshot");
            SqliteBackup.copy(database, snapshot);
            log.info("Snapshot of {} taken: {}", database.file(), snapshot);
        }
        StringBuilder content = new StringBuilder(snapshot == null ? NO_DATABASE : snapshot.getFileName().toString());
        facts.forEach((key, value) -> content.append('\n').append(key).append('=')
                .append(value.replaceAll("[\\r\\n]+", " ")));
        DurableFiles.write(marker(), content.toString(), database.file());
        return Optional.ofNullable(snapshot);
    }

    /**
     * The new snapshot's time, UTC, from the till's clock. Names sort in the order the snapshots were
     * taken, and {@link #finish} and the newest-snapshot advice rely on it. A till has no network, and its
     * clock can be behind (a dead clock battery starts it at the factory date; someone sets it back): named
     * from that clock, the new snapshot would sort before the older ones and {@link #finish} would delete it,
     * the one copy of the shop before this release. So when the clock is not past the newest snapshot's time,
     * the new one is named a millisecond after it, with a WARN to check the clock.
     */
    private String stampAfterEverySnapshot(LocalDateTime clock) throws IOException {
        int stampStart = database.file().getFileName().toString().length() + 1;
        Optional<LocalDateTime> newest = snapshots().stream().flatMap(snapshot -> {
            try {
                return Stream.of(LocalDateTime.parse(snapshot.getFileName().toString()
                        .substring(stampStart, stampStart + STAMP_LENGTH), STAMP));
            } catch (DateTimeParseException | IndexOutOfBoundsException notOurs) {
                return Stream.empty();
            }
        }).max(Comparator.naturalOrder());
        if (newest.isEmpty() || clock.isAfter(newest.get())) {
            return clock.format(STAMP);
        }
        String after = newest.get().plus(1, ChronoUnit.MILLIS).format(STAMP);
        log.warn("The clock says {} UTC, not later than the newest snapshot of {} ({}): the new snapshot is named {} "
                + "so that it sorts as the newest and is kept. Check the till's clock", clock.format(STAMP),
                database.file(), newest.get().format(STAMP), after);
        return after;
    }

    /**
     * The upgrade succeeded: drop the marker and keep only the newest {@code keep} snapshots. The marker's
     * removal is synced: a marker that came back after a power cut would restore the snapshot
     * over sales made since.
     */
    public void finish(int keep) throws IOException {
        DurableFiles.delete(marker());
        prune(keep);
    }

    /**
     * Keeps only the newest {@code keep} snapshots: after a success ({@link #finish}), and after a failed upgrade
     * once its snapshot was put back ({@link #restore}), or each failed attempt would leave a whole copy of the shop
     * (a till that fails at every boot would fill its disk). The snapshot a marker still names is never removed: it
     * is the only copy of the shop before an upgrade that is not undone yet. The one a restore just put back is the
     * newest ({@link #take} names it after every other), so it is kept.
     */
    public void prune(int keep) throws IOException {
        Optional<Path> named = interrupted().flatMap(this::snapshotOf);
        List<Path> all = snapshots();
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            if (named.isPresent() && named.get().getFileName().equals(old.getFileName())) {
                continue;
            }
            Files.deleteIfExists(old);
            log.info("Removed old snapshot {}", old);
        }
    }

    /**
     * Puts the snapshot back (or removes a database that did not exist), then drops the marker.
     * The steps are ordered so that a crash at any point leaves the marker, and the next boot
     * simply does the whole restore again:
     * <ol>
     * <li>Refuse while another process has the database open ({@link DatabaseInUse}).
     * <li>The snapshot is complete and synced: {@link #take} made it so before writing the marker.
     * <li>Delete the failed upgrade's {@code -wal}, {@code -shm} and {@code -journal}, and sync the
     * folder. They describe the file being replaced: left in place, SQLite would replay the
     * upgrade's committed WAL frames (or roll a journal back) into the restored pages, mixing
     * two versions of the file. From here on the main file alone is the state, and it is
     * about to be overwritten entirely, so losing its logs loses nothing.
     * <li>Write the snapshot's bytes over the main file, truncate it to the snapshot's size,
     * sync it. In place rather than copy-and-rename: it needs no free space beyond the file
     * itself, which matters after a disk-full failure. Cut short, it leaves a mix that only
     * the next restore reads.
     * <li>Delete the marker and sync the folder: only now is the restore done.
     * </ol>
     * The restored file has no side files, and its header keeps the journal mode it had. {@code operation}
     * ("upgrade", "rollback", "downgrade") names what is undone in the log line that says it is done; a rehearsal's
     * copy is restored without that line ({@code logged} false): the operator's database was only read, and
     * "Restored /tmp/posdb-rehearsal-…/pos.db" would read as if the shop had been.
     */
    public void restore(Path snapshot, String operation, boolean logged) throws IOException {
        putBack(snapshot, "the failed " + operation);
        if (logged) {
            logRestored(operation);
        }
    }

    private void logRestored(String operation) {
        // In the operation's words ("before the rollback"): operators and tests search an upgrade's for "before the upgrade".
        log.warn("Restored {} to its state before the {}", database.file(), operation);
    }

    /**
     * The restore's steps ({@link #restore(Path, String, boolean)}); {@code undone} names what it undoes in a
     * refusal ("the interrupted rollback"): the operation a failure or the marker names, never an upgrade by default.
     */
    private void putBack(Path snapshot, String undone) throws IOException {
        DatabaseInUse.refuse(database.file(), undone);
        if (snapshot != null && !Files.isRegularFile(snapshot)) {
            throw new IOException("Snapshot " + snapshot + " named by " + marker() + " is missing");
        }
        DurableFiles.delete(SideFiles.of(database.file()).toArray(Path[]::new));
        if (snapshot == null) {
            DurableFiles.delete(database.file());
        } else {
            overwriteInPlace(snapshot);
        }
        DurableFiles.delete(marker());
    }

    /**
     * Why this database must not be created afresh, when it is missing or empty (0 bytes) while snapshots
     * of it lie beside it: it held a shop, and was deleted or emptied (a failed copy), or the disk that holds
     * it is not mounted (the path then names a folder on another disk). A new, empty shop there would let the
     * till sell into it while the shop's data is elsewhere. A disk /etc/fstab mounts on an ancestor of the folder
     * but that is not mounted ({@link UnmountedDisk}) says the same without snapshots, which are on that disk too.
     * A {@code -wal} holding something beside the missing or empty file says the same.
     * Empty for a whole file, and for a new till's first boot (no snapshots: an upgrade that creates a database
     * takes none).
     */
    public Optional<String> vanishedShop() throws IOException {
        boolean exists = Files.exists(database.file());
        if (exists && Files.size(database.file()) > 0) {
            return Optional.empty();
        }
        // The disk that holds the shop and its snapshots not mounted: the folder shows neither.
        Optional<UnmountedDisk> unmounted = UnmountedDisk.under(database.file());
        if (unmounted.isPresent()) {
            return Optional.of(unmounted.get().refusal(database.file(), exists));
        }
        // A -wal holding something beside no shop is the shop's committed sales since its last checkpoint: the file
        // it belongs to was deleted or emptied (SQLite writes a WAL file's first page before its -wal, so a -wal is
        // never beside an empty file otherwise). SQLite, opening the missing or empty file, would delete the -wal. A
        // -journal holds no committed data (only an unfinished transaction's old pages: a new till's first boot cut
        // short leaves one beside its empty file), so SQLite may have it.
        Path wal = SideFiles.sibling(database.file(), SideFiles.WAL);
        long walBytes = Files.isRegularFile(wal, LinkOption.NOFOLLOW_LINKS) ? Files.size(wal) : 0;
        String missing = "Database " + database.file() + (exists ? " is empty (0 bytes)" : " does not exist");
        // Said only beside a -wal: the copy's command looks at the folder, which a new till's first boot need not.
        // "May": with the main file gone nothing tells committed frames the last checkpoint copied from those it did not.
        String keepTheWal = walBytes == 0 ? "" : "Copy " + wal + " somewhere safe first and never delete it: it may "
                + "hold sales committed since the file's last checkpoint (" + keepACopyByHand() + "). ";
        List<Path> kept = snapshots();
        if (kept.isEmpty()) {
            return walBytes == 0 ? Optional.empty() : Optional.of(missing + ", but its -wal is beside it, " + wal
                    + " (" + walBytes + " bytes): the shop's file was deleted or emptied. posdb does not open it "
                    + "(SQLite would delete the -wal) nor make a new shop over it. " + keepTheWal
                    + "Then put the shop's file back from its backup (stop the till first)");
        }
        Path newest = kept.get(kept.size() - 1);
        return Optional.of(missing + ", but " + kept.size() + " snapshot(s) of it are beside it, the newest "
                + newest.getFileName() + (walBytes == 0 ? "" : ", and its -wal (" + walBytes + " bytes)") + ": it held a "
                + "shop, and was deleted or emptied, or the disk that holds it is not mounted. A new, empty shop is not "
                + "made over it. " + keepTheWal + "Mount the disk, or restore the newest "
                + "snapshot (stop the till first): " + restoreByHand(newest) + "; to start a new shop here, move the "
                + "snapshots away first" + (walBytes == 0 ? "" : ", and the -wal"));
    }

    /**
     * What an operator types to put {@code snapshot} back by hand, the till stopped: the side files go first,
     * as in {@link #restore}, since a {@code -wal} left beside the copied file would be replayed into it and
     * mix two versions of the shop; then the copy.
     */
    public String restoreByHand(Path snapshot) {
        return setAsideByHand() + " && cp " + ShellWords.quote(snapshot) + " " + ShellWords.quote(database.file());
    }

    /**
     * What an operator types, the till stopped, before putting anything back over the file: a copy of the file and
     * its side files kept first ({@link #keepACopyByHand}), then the side files go. Read out over the phone, a bare
     * {@code rm} of the {@code -wal} would lose the sales committed since the last checkpoint.
     */
    public String setAsideByHand() {
        String copy = keepACopyByHand();
        return (copy.isEmpty() ? "" : copy + " && ") + removeSideFilesByHand();
    }

    /**
     * The file and the side files beside it now, copied into a new owner-only folder beside it named for the
     * moment this view was made ({@code pos.db.<stamp>.kept}, {@link #keptCopyStamp}: the same in every message it
     * gives; mkdir fails rather than mix with an earlier copy); empty when there is nothing to copy.
     */
    public String keepACopyByHand() {
        List<Path> present = Stream.concat(Stream.of(database.file()).filter(Files::exists),
                SideFiles.present(database.file()).stream()).toList();
        if (present.isEmpty()) {
            return "";
        }
        Path kept = database.file().resolveSibling(database.file().getFileName() + "."
                + STAMP.format(keptCopyStamp) + ".kept");
        return "mkdir -m 700 " + ShellWords.quote(kept) + " && cp -p " + String.join(" ",
                present.stream().map(ShellWords::quote).toList()) + " " + ShellWords.quote(kept) + "/";
    }

    /** What an operator types, the till stopped, before putting anything back over the file: its side files go. */
    public String removeSideFilesByHand() {
        return "rm -f " + String.join(" ", SideFiles.of(database.file()).stream().map(ShellWords::quote).toList());
    }

    /**
     * Copies a killed upgrade left cut short beside the file, oldest first: a snapshot's ({@code
     * ....snapshot.partial} and its {@code -journal}) and the marker's ({@code pos.db.upgrading.partial}).
     * {@link SqliteBackup} and {@link DurableFiles} write under these names and rename once complete, so a
     * file still so named is never a whole copy; a snapshot cut short is as large as the part of the shop
     * copied when the process died, and each killed boot would leave another.
     */
    public List<Path> cutShort() throws IOException {
        String prefix = database.file().getFileName() + ".";
        String marker = marker().getFileName() + ".partial";
        return filesBeside(name -> name.equals(marker) || name.startsWith(prefix)
                && (name.endsWith(".snapshot.partial") || name.endsWith(".snapshot.partial-journal")));
    }

    /** Before a snapshot is taken, under the upgrade lock: no other posdb process is writing one. */
    private void removeCutShort() throws IOException {
        for (Path file : cutShort()) {
            long bytes = Files.size(file);
            Files.deleteIfExists(file);
            log.info("Removed {} ({} bytes): a copy a killed upgrade left cut short", file, bytes);
        }
    }

    /** Snapshot files of this database, oldest first (what a restore can use). */
    public List<Path> snapshots() throws IOException {
        String prefix = database.file().getFileName() + ".";
        return filesBeside(name -> name.startsWith(prefix) && name.endsWith(".snapshot"));
    }

    private List<Path> filesBeside(Predicate<String> named) throws IOException {
        if (!Files.isDirectory(database.file().getParent())) {
            return List.of(); // a new till's folder, not made yet
        }
        try (Stream<Path> files = Files.list(database.file().getParent())) {
            return files.filter(f -> named.test(f.getFileName().toString())).sorted().toList();
        }
    }

    private void overwriteInPlace(Path snapshot) throws IOException {
        if (!Files.exists(database.file())) {
            // Gone since the snapshot was taken: made again as private as the snapshot, which is
            // as private as the database was, before the shop's bytes go into it.
            PrivateFiles.createLike(snapshot, database.file());
        }
        DurableFiles.uninterruptibly(() -> {
            try (FileChannel source = FileChannel.open(snapshot, StandardOpenOption.READ);
                 FileChannel target = FileChannel.open(database.file(), StandardOpenOption.WRITE)) {
                long size = source.size();
                long copied = 0;
                while (copied < size) {
                    copied += source.transferTo(copied, size - copied, target.position(copied));
                }
                target.truncate(size);
                target.force(true);
            }
        });
        DurableFiles.forceFolder(database.file()); // the file may have been created
    }
}
