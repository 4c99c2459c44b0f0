package io.posdb.testsupport;

import io.posdb.database.SqliteDatabase;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQLite files in both journal modes, as the tills have them: the legacy backend's ORM
 * (Tortoise) opens its file in WAL mode, and a power cut leaves committed sales in the
 * {@code -wal} beside it (issue #10).
 */
public final class WalFiles {

    /** Receipt numbers of the sales {@link #shopWithHotWal} commits only to the WAL. */
    public static final String HOT_RECEIPT_PREFIX = "HOT-WAL-";

    private WalFiles() {
    }

    public enum JournalMode {
        WAL, DELETE;

        public void apply(Path file) throws SQLException {
            try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = " + name());
            }
        }
    }

    /** The legacy shop in the given journal mode. */
    public static Path shop(Path file, JournalMode mode) throws SQLException {
        LegacyDatabases.shop(file);
        mode.apply(file);
        return file;
    }

    /** The file's journal mode as its header records it (read by SQLite, lower case: "wal", "delete"). */
    public static String journalMode(Path file) throws SQLException {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1).toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Builds at {@code file} the legacy shop in WAL mode plus {@code sales} sales that are
     * committed only in {@code file-wal}, as a power cut leaves them.
     */
    public static Path shopWithHotWal(Path file, int sales) throws Exception {
        return commitToWalOnly(shop(file, JournalMode.WAL), sales);
    }

    /**
     * Builds at {@code file} the legacy shop in DELETE mode with a hot {@code -journal}, as a power cut in
     * the middle of a transaction leaves it ({@link #cutTransaction}). SQLite rolls the journal back at the
     * next open that can write, so the file holds the legacy shop again.
     */
    public static Path shopWithHotJournal(Path file, int rows) throws Exception {
        return cutTransaction(shop(file, JournalMode.DELETE), rows);
    }

    /**
     * Leaves a transaction cut short in the DELETE-mode database {@code file}: {@code rows} categories
     * inserted in one transaction, with a cache small enough that SQLite writes changed pages into the
     * main file before the commit, and the files copied back while that transaction is open (a power cut).
     * With {@code headerAhead}, the main file's header also declares more pages than the file has, as when
     * the cut came after SQLite wrote page 1 (it writes pages in order) and before the pages that grow the
     * file: the {@code -journal} holds page 1 as it was, and SQLite reads the file whole after its rollback.
     */
    public static Path cutTransaction(Path file, int rows, boolean headerAhead) throws Exception {
        return cutTransaction(file, null, rows, headerAhead);
    }

    /**
     * {@link #cutTransaction(Path, int, boolean)} whose transaction runs {@code firstStatement} (null: none)
     * before it inserts the rows: the pages it changes are written into the main file with theirs.
     */
    public static Path cutTransaction(Path file, String firstStatement, int rows, boolean headerAhead)
            throws Exception {
        Path build = Files.createTempDirectory(file.toAbsolutePath().getParent(), "hot-journal-build");
        Path scratch = Files.copy(file, build.resolve("shop.db"));
        try (Connection connection = LegacyDatabases.open(scratch); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA cache_size = 5");
            connection.setAutoCommit(false);
            if (firstStatement != null) {
                statement.execute(firstStatement);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO category (name) VALUES (?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "cut short " + i + " " + "x".repeat(200));
                    insert.executeUpdate();
                }
            }
            Files.copy(scratch, file, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(scratch.resolveSibling("shop.db-journal"), file.resolveSibling(file.getFileName() + "-journal"),
                    StandardCopyOption.REPLACE_EXISTING);
            connection.rollback();
        }
        deleteWithSideFiles(scratch);
        Files.delete(build);
        if (headerAhead) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer header = ByteBuffer.allocate(32);
                channel.read(header, 0);
                long pageSize = Short.toUnsignedInt(header.getShort(16));
                channel.write(ByteBuffer.allocate(4).putInt(0, (int) (channel.size() / pageSize + 40)), 28);
            }
        }
        return file;
    }

    /** {@link #cutTransaction(Path, int, boolean)} with the header as SQLite left it. */
    public static Path cutTransaction(Path file, int rows) throws Exception {
        return cutTransaction(file, rows, false);
    }

    /**
     * Commits {@code sales} sales to the existing WAL-mode database {@code file} so that they are only
     * in {@code file-wal}, as a power cut leaves them: the work is done on a copy whose files are
     * copied back while its writing connection is still open (closing it would checkpoint the WAL).
     */
    public static Path commitToWalOnly(Path file, int sales) throws Exception {
        return copiedBackWhileOpen(file, connection -> commitSales(connection, sales));
    }

    /**
     * Commits {@code sales} sales to the WAL-mode database {@code file}, then checkpoints them all into the main file:
     * the {@code -wal} keeps its frames (SQLite starts it over at the next write), every one already copied, as a
     * till killed after a checkpoint leaves it.
     */
    public static Path commitAndCheckpointWithWalLeft(Path file, int sales) throws Exception {
        return copiedBackWhileOpen(file, connection -> {
            commitSales(connection, sales);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        });
    }

    /**
     * Leaves in the WAL-mode database {@code file}'s {@code -wal} only a transaction a crash cut short: the log
     * checkpointed and emptied first, then {@code rows} categories inserted in one transaction with a cache small
     * enough that SQLite writes its pages to the {@code -wal} before the commit, the files copied back meanwhile.
     */
    public static Path cutTransactionInWal(Path file, int rows) throws Exception {
        return copiedBackWhileOpen(file, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                statement.execute("PRAGMA cache_size = 5");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO category (name) VALUES (?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "cut short " + i + " " + "x".repeat(200));
                    insert.executeUpdate();
                }
            }
        });
    }

    /** What a test does on the open connection before the files are copied back. */
    private interface OnTheConnection {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a copy of the WAL-mode {@code file} and copies the copy's main file and {@code -wal} back
     * over {@code file}'s while its connection is still open (closing it would checkpoint the WAL), as a power cut
     * leaves them; the {@code -shm} is not kept.
     */
    private static Path copiedBackWhileOpen(Path file, OnTheConnection work) throws Exception {
        Path build = Files.createTempDirectory(file.toAbsolutePath().getParent(), "hot-wal-build");
        Path scratch = copyWithWal(file, build.resolve("shop.db"));
        try (Connection connection = LegacyDatabases.open(scratch)) {
            try (Statement statement = connection.createStatement()) {
                // The scratch copy is thrown away: no fsync per commit (3,000 of them took 3 to 7 s). What it
                // writes is the same, one commit per sale; only when the disk has it differs.
                statement.execute("PRAGMA synchronous = OFF");
            }
            work.run(connection);
            Files.copy(scratch, file, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(scratch.resolveSibling("shop.db-wal"), file.resolveSibling(file.getFileName() + "-wal"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        try (var files = Files.list(build)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(build);
        return file;
    }

    /**
     * Builds at {@code file} the state a checkpoint cut short leaves (issue #19): the legacy shop in
     * WAL mode plus {@code sales} sales committed to the {@code -wal} ({@link #shopWithHotWal}), then the first part of a
     * checkpoint applied to the main file as SQLite's own checkpoint writes it (the newest
     * committed frame of each page, in increasing page order, page 1 with the new page count first),
     * stopping half way through the pages the main file did not have yet. The main file is then
     * shorter than its header declares, and the {@code -wal} still holds every committed page:
     * SQLite reads the whole database; a size rule on the main file alone calls it truncated.
     * Deterministic: the same bytes a process killed during {@code PRAGMA wal_checkpoint} leaves
     * when the kill lands at that page.
     */
    public static Path shopWithCutCheckpoint(Path file, int sales) throws Exception {
        return cutCheckpointShort(shopWithHotWal(file, sales));
    }

    /**
     * Applies to {@code file} the first half of a checkpoint of its {@code -wal}, as described at
     * {@link #shopWithCutCheckpoint}; the WAL must grow the database (commit enough sales to it).
     */
    public static Path cutCheckpointShort(Path file) throws Exception {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        byte[] log = Files.readAllBytes(wal);
        ByteBuffer header = ByteBuffer.wrap(log);
        int pageSize = header.getInt(8);
        TreeMap<Integer, Integer> newestCommitted = new TreeMap<>();
        Map<Integer, Integer> sinceLastCommit = new HashMap<>();
        int pagesAfterCommit = 0;
        for (int frame = 32; frame + 24 + pageSize <= log.length; frame += 24 + pageSize) {
            int page = header.getInt(frame);
            int databasePagesAfterCommit = header.getInt(frame + 4);
            sinceLastCommit.put(page, frame + 24);
            if (databasePagesAfterCommit != 0) { // a commit frame: everything since the last one is committed
                newestCommitted.putAll(sinceLastCommit);
                sinceLastCommit.clear();
                pagesAfterCommit = databasePagesAfterCommit;
            }
        }
        long pagesInMainFile = Files.size(file) / pageSize;
        if (pagesAfterCommit <= pagesInMainFile + 1) {
            throw new IllegalStateException("the WAL does not grow the database: commit more sales");
        }
        long cutAfterPage = (pagesInMainFile + pagesAfterCommit) / 2;
        try (FileChannel main = FileChannel.open(file,
                StandardOpenOption.WRITE)) {
            for (var page : newestCommitted.headMap((int) cutAfterPage, true).entrySet()) {
                main.write(ByteBuffer.wrap(log, page.getValue(), pageSize), (long) (page.getKey() - 1) * pageSize);
            }
        }
        return file;
    }

    /**
     * Builds at {@code file} what an upgrade killed during a checkpoint leaves (issue #19): the snapshot
     * and marker of the interrupted upgrade (of the legacy shop with {@code sales} sales in its
     * {@code -wal}), beside a main file whose checkpoint was cut short. Returns the snapshot.
     */
    public static Path interruptedUpgradeWithCutCheckpoint(Path file, int sales) throws Exception {
        shopWithHotWal(file, sales);
        Path killed = Files.createTempDirectory(file.toAbsolutePath().getParent(), "killed");
        copyWithWal(file, killed.resolve("pos.db"));
        Path snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).take("2.0.0", Map.of()).orElseThrow();
        deleteWithSideFiles(file);
        copyWithWal(killed.resolve("pos.db"), file);
        deleteWithSideFiles(killed.resolve("pos.db"));
        Files.delete(killed);
        cutCheckpointShort(file);
        return snapshot;
    }

    /** Commits {@code sales} cash sales by user 1, checkpointing nothing (their frames stay in the WAL). */
    public static void commitSales(Connection connection, int sales) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sale (receipt_no, total, "
                + "payment_method, created_at, cashier_id) VALUES (?, ?, 'cash', '2026-11-30 18:00:00', 1)")) {
            for (int i = 1; i <= sales; i++) {
                insert.setString(1, HOT_RECEIPT_PREFIX + i);
                insert.setString(2, i + ".50");
                insert.executeUpdate();
            }
        }
    }

    /** How many sales a copy of the main file alone holds (what a byte copy without the WAL sees). */
    public static long salesInMainFileAlone(Path file) throws Exception {
        return countInMainFileAlone(file, "SELECT COUNT(*) FROM sale");
    }

    /**
     * {@code sql}'s count on a copy of the main file alone: what a byte copy without the {@code -wal} or the
     * {@code -journal} sees (with a hot journal, the transaction cut short as far as it was written).
     */
    public static long countInMainFileAlone(Path file, String sql) throws Exception {
        Path alone = Files.createTempFile(file.toAbsolutePath().getParent(), "main-alone", ".db");
        try {
            Files.copy(file, alone, StandardCopyOption.REPLACE_EXISTING);
            return count(alone, sql);
        } finally {
            deleteWithSideFiles(alone);
        }
    }

    /** A copy of {@code file} and its WAL, read through SQLite: what the database holds, the original untouched. */
    public static long countInCopy(Path file, String sql) throws Exception {
        Path copy = copyWithWal(file, Files.createTempFile(file.toAbsolutePath().getParent(), "read-copy", ".db"));
        try {
            return count(copy, sql);
        } finally {
            deleteWithSideFiles(copy);
        }
    }

    /** Copies {@code file} and its {@code -wal} (when there is one) to {@code target}: the same database. */
    public static Path copyWithWal(Path file, Path target) throws Exception {
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, target.resolveSibling(target.getFileName() + "-wal"), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    public static void deleteWithSideFiles(Path file) throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    /** The SQLite side files ({@code -wal}, {@code -shm}, {@code -journal}) next to {@code file}. */
    public static java.util.List<Path> sideFiles(Path file) {
        return java.util.stream.Stream.of("-wal", "-shm", "-journal")
                .map(suffix -> file.resolveSibling(file.getFileName() + suffix)).filter(Files::exists).toList();
    }

    public static long count(Path file, String sql) throws SQLException {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
