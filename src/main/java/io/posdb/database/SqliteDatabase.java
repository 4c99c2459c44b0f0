package io.posdb.database;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteDataSource;

/**
 * The till's SQLite file and how every part of posdb connects to it: Liquibase,
 * Hibernate and the CLI all get connections with the same settings from here.
 */
public final class SqliteDatabase implements TillDatabase {

    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

    /** How long a connection waits for another writer before SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    /** How long a read-only check waits for a writer: it reports, it does not need to win. */
    static final int READ_ONLY_BUSY_TIMEOUT_MILLIS = 5_000;
    /** The backup copies every page in one step: the source's read lock is held once, first page to last. */
    private static final int ALL_PAGES = -1;
    private static final int BACKUP_BUSY_SLEEP_MILLIS = 100;
    private static final int BACKUP_BUSY_RETRIES = 3;
    /** How often a file read immutable is read again when a program writes to it during each read. */
    static final int READS_OF_A_CHANGING_FILE = 5;

    private final Path file;
    /** Null: read-write. Else read-only, and whether SQLite may read the main file alone ({@link #readOnlyAt}). */
    private final Boolean immutable;

    private SqliteDatabase(Path file, Boolean immutable) {
        this.file = whereSqliteKeepsIt(file);
        this.immutable = immutable;
    }

    /**
     * The file as SQLite opens it. A path that is a symbolic link is followed to the file it names, as
     * SQLite does: its {@code -wal} and {@code -journal} are beside that file, so posdb's lock, marker,
     * snapshots and checks of side files are too. Two tills reaching one shop by two paths then share one
     * lock, and the doctor sees the {@code -wal} that holds the shop's last sales. Any other path is kept
     * as given (made absolute), so messages name it as the operator wrote it.
     *
     * @throws IllegalArgumentException an empty path, or one that starts with {@code ~}, which only a shell expands
     */
    private static Path whereSqliteKeepsIt(Path file) {
        String written = file.toString();
        if (written.isBlank()) { // Path.of("") is the working directory: never a database file
            throw new IllegalArgumentException("database file must be set, got an empty path");
        }
        if (written.equals("~") || written.startsWith("~/")) {
            // Only a shell expands ~: Java would make a folder named "~" in the working directory.
            throw new IllegalArgumentException("database file " + written + " starts with ~, which only a shell "
                    + "expands: write the full path (" + Path.of(System.getProperty("user.home"), written.substring(1)
                    .replaceFirst("^/", "")) + ")");
        }
        if (written.startsWith("jdbc:") || written.startsWith("file:")) {
            // Made absolute, it would name a file under a folder called "jdbc:sqlite:": a new, empty shop.
            // Only the path serves: a URL setting (--url, posdb.url) is a PostgreSQL server's, and refuses jdbc:sqlite:.
            throw new IllegalArgumentException("database file " + written + " is written as a URL: give the file's "
                    + "path" + pathIn(written));
        }
        Path absolute = file.toAbsolutePath().normalize();
        Path opened = absolute;
        if (Files.isSymbolicLink(absolute)) {
            try {
                opened = absolute.toRealPath();
            } catch (IOException danglingLink) {
                // names no file yet: opening it reports that, with the path as written
            }
        }
        return openedAsNamed(opened);
    }

    /**
     * {@code file}, when SQLite's driver opens the very file posdb's lock, snapshot and restore name. It is given
     * {@code jdbc:sqlite:<file>}, trims the URL and reads what follows a {@code ?} as its options: a path ending in a
     * space or holding a {@code ?} would have Liquibase and the till upgrade another file (or make one) while the
     * snapshot is taken of this one, and a failure would restore the wrong file.
     *
     * @throws IllegalArgumentException for such a path, naming the file the driver would open instead
     */
    private static Path openedAsNamed(Path file) {
        String path = file.toString();
        // String.trim, as the driver trims: every character up to the space.
        if (!path.equals(path.trim()) || path.contains("?")) {
            String instead = path.split("\\?", 2)[0].trim();
            throw new IllegalArgumentException("database file \"" + path + "\" " + (path.contains("?")
                    ? "holds a ?, after which SQLite's driver reads its own options" : "ends with a space")
                    + ": it would open \"" + instead + "\" instead; rename the file, or give its path without it");
        }
        return file;
    }

    /** The path a URL written for a file names, in brackets, or nothing when it names none that can be read. */
    private static String pathIn(String url) {
        try {
            return fileOf(url.startsWith("file:") ? "jdbc:sqlite:" + url : url).map(path -> " (" + path + ")")
                    .orElse("");
        } catch (IllegalArgumentException unreadable) {
            return "";
        }
    }

    public static SqliteDatabase at(Path file) {
        return new SqliteDatabase(file, null);
    }

    /**
     * The file a {@code jdbc:sqlite:} URL names, as written (not made absolute): a plain path, or SQLite's
     * URI filename ({@code file:/abs/path} or {@code file:relative/path}, percent-encoded), with any
     * {@code ?options} left out. Empty for another driver's URL and for an in-memory or class-path
     * database, which name no file. The command line's {@code --url} and the Spring Boot starter's
     * check of an application's own DataSource read URLs the same way through this.
     *
     * @throws IllegalArgumentException a {@code file:} URI or path that cannot be read as one
     */
    public static Optional<Path> fileOf(String jdbcUrl) {
        String prefix = "jdbc:sqlite:";
        if (!jdbcUrl.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring(prefix.length()).split("\\?", 2)[0];
        if (rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith(":resource:")) {
            return Optional.empty();
        }
        if (rest.startsWith("file:")) {
            URI uri = URI.create(rest);
            return Optional.of(Path.of(uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart()));
        }
        return Optional.of(Path.of(rest));
    }

    /**
     * The file opened read-only, for checks that must not change it (the doctor, the boot's file check).
     * Read-only alone is not enough in WAL mode: a read-only connection creates the {@code -wal} and
     * {@code -shm} it needs and, unlike a writer, cannot remove them when it closes. A WAL file without a
     * {@code -wal} has no connection open on it (every connection keeps its {@code -wal} open, and the last
     * to close deletes it) and nothing waiting in a log, so it is opened {@code immutable}: SQLite reads the
     * main file alone and creates nothing. An {@code -shm} left alone (by a process that died, or beside a
     * {@code -wal} someone deleted) holds no data; SQLite rebuilds it at the next open.
     * A file with a {@code -wal} is opened plainly read-only, so the committed transactions in it are read.
     */
    public static SqliteDatabase readOnlyAt(Path file) {
        Path real = whereSqliteKeepsIt(file);
        boolean noWal = !Files.exists(SideFiles.sibling(real, SideFiles.WAL));
        return new SqliteDatabase(real, noWal && walMode(real));
    }

    @Override
    public <T, E extends Exception> T readWithoutWriting(Read<TillDatabase, T, E> read) throws E {
        return readFileWithoutWriting(read::from);
    }

    /**
     * Runs {@code read} on this file so that the folder is left as it was found, byte for byte, for the commands
     * that promise to write nothing (status, history, audit, validate, drift, update-sql and rehearse's copy, the
     * transfer's source, the doctor and its bundle), and so that {@code read} sees the file as SQLite will when
     * the till next opens it:
     * <ul>
     * <li>A {@code -journal} holding a transaction (DELETE mode) is a till's still running, or one a power cut left
     *     half written. SQLite tells them apart by its locks ({@link RolledBackCopy#isNeededToRead}): beside a
     *     live one {@code read} gets a plainly read-only handle on the file and reads it as SQLite's readers do,
     *     as it was at the till's last commit. A hot one must be rolled back before the file can be read, and only
     *     a writer rolls it back, in the shop's file, deleting the journal: {@code read} gets a read-only handle on
     *     a private copy with the journal rolled back instead ({@link RolledBackCopy}: in {@code java.io.tmpdir},
     *     as private as the file, deleted once {@code read} is done; {@code read} must have closed its
     *     connections). When that copy cannot be made (the temporary folder missing, not writable or too small
     *     for the file) or SQLite cannot roll the journal back in it, {@code read} does not run and
     *     {@link CannotReadWithoutWriting} is thrown: the shop's file is never rolled back by a command that
     *     promises to write nothing. A till that dies after SQLite called its journal live, or that starts a
     *     transaction after {@code read} began (no journal then) and dies in it, leaves the journal hot, and
     *     {@code read}'s next read fails with SQLITE_READONLY_ROLLBACK: when {@code read} throws that (in its
     *     causes), it runs again on the rolled-back copy, which reads what the till had committed, as the first
     *     run did. {@code read} must therefore leave nothing behind that a second run would repeat: the callers'
     *     reads return what they read and print nothing (a failed transfer rolls its rows back: the second run
     *     finds the target migrated and empty; the doctor drops the checks of its first run). A read that turns a
     *     failed query into a finding instead of throwing (the doctor's checks, the support bundle) throws that one
     *     on ({@link #throwIfAJournalTurnedHot}): SQLite refusing the dead till's journal says nothing of the file.
     * <li>With a {@code -wal} beside the file (a till open on it, or committed sales a power cut left there), a
     *     read-write connection's close would checkpoint the {@code -wal} into the main file and delete it:
     *     {@code read} gets the read-only handle ({@link #readOnlyAt}) instead, and the {@code -shm} it may
     *     create is removed once {@code read} is done ({@link SideFiles#removeNew}; {@code read} must have closed
     *     its connections).
     * <li>Otherwise {@code read} gets the read-only handle the doctor reads with ({@link #readOnlyAt}), whatever
     *     handle this is: plainly read-only in rollback-journal mode (a read-write connection would roll back, in
     *     the shop's file, a journal that turned hot during the read), immutable in WAL mode, where a read-write
     *     connection would leave a {@code -wal} and {@code -shm} behind wherever it cannot write the main file (a
     *     file of another user's), and a plainly read-only one always, and neither can open the file at all in a
     *     folder this user cannot write; the immutable read is run again if a program wrote to the file during it
     *     ({@link #readAsFound}).
     * </ul>
     */
    public <T, E extends Exception> T readFileWithoutWriting(Read<SqliteDatabase, T, E> read) throws E {
        return readFileWithoutWriting(read, this::warnLeftBehind);
    }

    /** What was read stands; only a stray -shm or private copy is left, which SQLite or the next posdb removes. */
    private void warnLeftBehind(IOException notRemoved) {
        // Not FailureReason: io.posdb.failure depends on this package.
        log.warn("Could not remove what reading {} left: {}", file, notRemoved.toString());
    }

    /**
     * {@link #readFileWithoutWriting(Read)}, telling {@code leftBehind} of a {@code -shm} or private copy it could
     * not remove.
     */
    public <T, E extends Exception> T readFileWithoutWriting(Read<SqliteDatabase, T, E> read,
                                                             Consumer<IOException> leftBehind) throws E {
        return readFileWithoutWriting(read, leftBehind, READS_OF_A_CHANGING_FILE);
    }

    /**
     * {@link #readFileWithoutWriting(Read)} for work that cannot run a second time (a transfer writes its target as it
     * reads the shop): beside no side file, the file is read through SQLite's own read transaction on this handle, as
     * before the immutable read, which is run again when a till writes to the file meanwhile. In WAL mode a
     * read-write handle's connection then makes the {@code -wal} and {@code -shm} that SQLite's locks need, and the
     * last connection to close checkpoints a till's {@code -wal} into the file, as SQLite does.
     */
    public <T, E extends Exception> T readFileInOneTransaction(Read<SqliteDatabase, T, E> read) throws E {
        return readFileWithoutWriting(read, this::warnLeftBehind, ONCE);
    }

    /** {@code readsLeft} of work that runs once: never read immutable ({@link #readFileInOneTransaction}). */
    private static final int ONCE = 0;

    private <T, E extends Exception> T readFileWithoutWriting(Read<SqliteDatabase, T, E> read,
                                                              Consumer<IOException> leftBehind, int readsLeft) throws E {
        boolean journal = journalHoldsATransaction();
        // Beside a journal, plainly read-only, never immutable: a journal that turns hot must be met, not read past.
        SqliteDatabase besideJournal = new SqliteDatabase(file, false);
        // In place: beside a live journal, which SQLite reads past, or beside no side file (a -wal is read below).
        boolean readInPlace = journal ? !RolledBackCopy.isNeededToRead(besideJournal)
                : !Files.exists(SideFiles.sibling(file, SideFiles.WAL));
        if (readInPlace) {
            try {
                return journal ? read.from(besideJournal) : readAsFound(read, leftBehind, readsLeft);
            } catch (Exception e) {
                if (!RolledBackCopy.metAHotJournal(e)) {
                    throw e;
                }
                // The writer died during the read: the copy reads what it committed, as the read did before its death.
                log.warn("The program writing to {} stopped during the read, leaving its -journal to roll back: "
                        + "reading a private copy with it rolled back instead", file);
            }
        }
        Optional<RolledBackCopy> rolledBack;
        try {
            rolledBack = RolledBackCopy.of(file);
        } catch (IOException e) {
            throw new CannotReadWithoutWriting(file, e);
        }
        if (rolledBack.isPresent()) {
            try {
                return read.from(readOnlyAt(rolledBack.get().file()));
            } finally {
                try {
                    rolledBack.get().close();
                } catch (IOException e) {
                    leftBehind.accept(e);
                }
            }
        }
        if (!Files.exists(SideFiles.sibling(file, SideFiles.WAL))) {
            return readAsFound(read, leftBehind, readsLeft);
        }
        List<Path> sideFilesBefore = SideFiles.present(file);
        try {
            return read.from(readOnlyAt(file));
        } finally {
            try {
                SideFiles.removeNew(file, sideFilesBefore);
            } catch (IOException e) {
                leftBehind.accept(e);
            }
        }
    }

    /**
     * {@code read} on the file beside no {@code -wal} and no journal holding a transaction, through {@link #readOnlyAt}
     * as the doctor reads it: plainly read-only in rollback-journal mode (SQLite's locks keep the read consistent),
     * immutable in WAL mode. An immutable read takes no lock and creates no {@code -wal} or {@code -shm}, so it also
     * reads a file this user may not write beside (a read-only folder) or whose side files a till, another user,
     * must be able to write; but SQLite trusts that the file does not change while it reads. A till that opens the
     * file during the read may checkpoint into it (when its {@code -wal} grows long, or as it closes): the file is
     * then read again ({@code readsLeft} times at most), as it is by then (through its {@code -wal} if the till is
     * still open), so that no answer mixes pages from before and after the till's write. A file that is not there
     * is left to {@code read} on this handle, whose connection reports it.
     */
    private <T, E extends Exception> T readAsFound(Read<SqliteDatabase, T, E> read, Consumer<IOException> leftBehind,
                                                   int readsLeft) throws E {
        if (readsLeft == ONCE) {
            // A rollback-journal file read-only all the same: a read-write connection would roll back, in the shop's
            // file, a journal a till starting a transaction during the read left hot (a WAL file's till leaves none).
            return read.from(immutable == null && Files.isRegularFile(file) && !walMode(file)
                    ? new SqliteDatabase(file, false) : this);
        }
        SqliteDatabase asFound = Files.isRegularFile(file) ? readOnlyAt(file) : this;
        if (!Boolean.TRUE.equals(asFound.immutable)) {
            return read.from(asFound);
        }
        Optional<FileStamp> before = FileStamp.of(file);
        try {
            T result = read.from(asFound);
            if (before.isPresent() && before.equals(FileStamp.of(file))) {
                return result;
            }
        } catch (Exception e) {
            if (before.isEmpty() || before.equals(FileStamp.of(file)) || readsLeft <= 1) {
                throw e;
            }
        }
        // Read while a program wrote to the file: the read (its answer or its failure) is not trusted.
        if (readsLeft <= 1) {
            throw CannotReadWithoutWriting.keptChanging(file, READS_OF_A_CHANGING_FILE);
        }
        log.info("{} changed while it was read (a program wrote to it): reading it again", file);
        return readFileWithoutWriting(read, leftBehind, readsLeft - 1);
    }

    /**
     * What tells a file changed: its size, its last modification (the kernel's clock ticks, a few milliseconds
     * apart), the file itself (replaced by a rename) and its header, where SQLite counts commits.
     */
    private record FileStamp(long size, FileTime modified, Object fileKey, String header) {

        private static final int HEADER_SIZE = 100;

        /** Empty when it cannot be read: a read that then fails is not read again. */
        static Optional<FileStamp> of(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new FileStamp(attributes.size(), attributes.lastModifiedTime(),
                        attributes.fileKey(), HexFormat.of().formatHex(in.readNBytes(HEADER_SIZE))));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * For a read run by {@link #readFileWithoutWriting} that reports a failed query instead of throwing it (the
     * doctor's checks, the support bundle): throws {@code failure} on, as the cause of an unchecked exception, when
     * it is SQLite refusing to read because a writer died during the read and left its {@code -journal} hot
     * (SQLITE_READONLY_ROLLBACK, which a read-only connection cannot roll back). The read then runs again on the
     * private copy with the journal rolled back, instead of reporting a file SQLite could not open. Any other
     * failure is the caller's to report.
     */
    public static void throwIfAJournalTurnedHot(Exception failure) {
        if (RolledBackCopy.metAHotJournal(failure)) {
            throw new JournalTurnedHot(failure);
        }
    }

    /** A read's failure carried out of the read to be run again ({@link #throwIfAJournalTurnedHot}). */
    private static final class JournalTurnedHot extends RuntimeException {

        JournalTurnedHot(Exception failure) {
            super(failure.getMessage(), failure);
        }
    }

    private boolean journalHoldsATransaction() {
        try {
            return SideFiles.journalHoldsATransaction(file);
        } catch (IOException e) {
            throw new CannotReadWithoutWriting(file, e); // as when its copy cannot be read
        }
    }

    /** The header's read and write versions are 2 in WAL mode (SQLite's file format, offsets 18 and 19). */
    private static boolean walMode(Path file) {
        if (!Files.isRegularFile(file)) {
            return false; // a pipe would wait here for a writer: the file checks name what it is instead
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(20);
            return header.length == 20 && header[18] == 2 && header[19] == 2;
        } catch (IOException e) {
            return false; // opened plainly read-only: SQLite says what is wrong with the file
        }
    }

    public Path file() {
        return file;
    }

    public String jdbcUrl() {
        return "jdbc:sqlite:" + file;
    }

    /**
     * Copies this database into {@code target} through SQLite's online backup API: the one way posdb
     * copies a live SQLite file. SQLite copies the pages as one read transaction sees them, so the
     * copy holds every committed transaction, including those only in the {@code -wal} file (a hot
     * WAL left by a power cut, or one a reader keeps from being checkpointed), which a byte copy of
     * the main file misses; and the copy keeps the file's journal mode (a WAL file's copy is a WAL
     * file, which {@code VACUUM INTO} would not give). A read-only handle ({@link #readOnlyAt}) copies
     * without touching the original. {@code target} must be missing or empty; a failed copy may
     * leave it partly written, so callers write beside the final name and rename.
     */
    public void backupTo(Path target) throws SQLException {
        try (Connection connection = open()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // A read transaction first: the backup then copies exactly what it sees, in one step.
                statement.executeQuery("SELECT COUNT(*) FROM sqlite_master").close();
                int rc = connection.unwrap(SQLiteConnection.class).getDatabase().backup("main", target.toString(),
                        null, BACKUP_BUSY_SLEEP_MILLIS, BACKUP_BUSY_RETRIES, ALL_PAGES);
                if (rc != SQLiteErrorCode.SQLITE_OK.code) {
                    throw new SQLException("SQLite's backup of " + file + " to " + target + " failed with "
                            + SQLiteErrorCode.getErrorCode(rc), null, rc);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * Whether SQLite runs in this process (its native library loads, see {@link LoadFailureAsSqlException}): empty when it
     * does, else the failure. The doctor asks first, so that it says so once instead of failing every check.
     */
    public static Optional<SQLException> sqliteUnavailable() {
        SQLiteDataSource memory = new LoadFailureAsSqlException(new SQLiteConfig());
        memory.setUrl("jdbc:sqlite::memory:");
        try (Connection connection = memory.getConnection()) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e);
        }
    }

    /**
     * A data source for this file. Foreign keys are enforced on every connection, as the
     * till runs with them; migrations that rebuild a table must therefore cope with them.
     */
    @Override
    public SQLiteDataSource dataSource() {
        return dataSource(true);
    }

    /**
     * {@link #dataSource()} without SQLite's create flag: a connection opened when the file is gone fails
     * (SQLITE_CANTOPEN) instead of creating an empty database in its place. The pool opens connections in the
     * background, long after the upgrade made the file; if the shop was moved away meanwhile (restored by hand,
     * copied to another till), an empty file created under its name would read as a new shop to the next boot,
     * and a health check would call it up to date instead of missing.
     */
    @Override
    public SQLiteDataSource dataSourceOfTheExistingDatabase() {
        return dataSource(false);
    }

    private SQLiteDataSource dataSource(boolean mayCreateTheFile) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(immutable == null ? BUSY_TIMEOUT_MILLIS : READ_ONLY_BUSY_TIMEOUT_MILLIS);
        config.setDateClass(SQLiteConfig.DateClass.TEXT.getValue());
        // Timestamps are text in the form SQLite's CURRENT_TIMESTAMP and the legacy backend write
        // (2024-03-01 08:00:00); sqlite-jdbc's default would store epoch milliseconds, mixing two
        // representations in one column.
        config.setDateStringFormat(TillTimeText.FORMAT);
        config.setReadOnly(immutable != null);
        if (!mayCreateTheFile) {
            config.resetOpenMode(SQLiteOpenMode.CREATE); // after setReadOnly, which sets it with read-write
        }
        SQLiteDataSource dataSource = new LoadFailureAsSqlException(config);
        dataSource.setUrl(Boolean.TRUE.equals(immutable) ? "jdbc:sqlite:" + file.toUri() + "?immutable=1" : jdbcUrl());
        return dataSource;
    }

    /**
     * sqlite-jdbc unpacks SQLite's native library into a temporary folder and loads it at the first
     * connection; when that fails (the folder full, not writable, mounted noexec) the first connection fails
     * with an SQLException, and every later one with the JVM's {@link UnsatisfiedLinkError}, an Error that no
     * caller's failure handling (ours, Liquibase's, Hibernate's, HikariCP's) expects. It is given back as the
     * SQLException it stands for, so that every command reports the same failure ({@code DatabaseFailures}:
     * NOT_WRITABLE, naming the folder).
     */
    private static final class LoadFailureAsSqlException extends SQLiteDataSource {

        LoadFailureAsSqlException(SQLiteConfig config) {
            super(config);
        }

        @Override
        public SQLiteConnection getConnection(String username, String password) throws SQLException {
            try {
                return super.getConnection(username, password);
            } catch (UnsatisfiedLinkError sqliteNotLoaded) {
                throw new SQLException("SQLite's native library is not loaded in this process", sqliteNotLoaded);
            }
        }
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public Engine engine() {
        return Engine.SQLITE;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
