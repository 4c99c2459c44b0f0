package io.posdb.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

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
     * committed only in {@code file-wal}, as a power cut leaves them: the files are copied
     * while the writing connection is still open (closing it would checkpoint the WAL).
     */
    public static Path shopWithHotWal(Path file, int sales) throws Exception {
        Path build = Files.createTempDirectory(file.toAbsolutePath().getParent(), "hot-wal-build");
        Path scratch = shop(build.resolve("shop.db"), JournalMode.WAL);
        try (Connection connection = LegacyDatabases.open(scratch)) {
            commitSales(connection, sales);
            Files.copy(scratch, file, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(scratch.resolveSibling("shop.db-wal"), file.resolveSibling(file.getFileName() + "-wal"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (var files = Files.list(build)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(build);
        return file;
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
        Path alone = Files.createTempFile(file.toAbsolutePath().getParent(), "main-alone", ".db");
        try {
            Files.copy(file, alone, StandardCopyOption.REPLACE_EXISTING);
            return count(alone, "SELECT COUNT(*) FROM sale");
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
