package io.posdb.failure;

import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.LockHolders;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.files.TemporaryFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.sqlite.NativeLibraryNotFoundException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what a database or Liquibase threw into a typed {@link BootFailure}, so the same
 * problem gives the same failure (and exit code) whichever command met it: a refused
 * connection or a wrong password is never reported as a damaged database.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The failure {@code error} stands for; a {@link PosDatabaseException} anywhere in its causes wins. */
    public static PosDatabaseException of(TillDatabase database, Throwable error) {
        Optional<PosDatabaseException> typed = Causes.first(error, PosDatabaseException.class);
        if (typed.isPresent()) {
            return typed.get();
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotReadWithoutWriting notRead) {
                BootFailure kind = copyFailure(notRead);
                // NOT_WRITABLE is the private copy's place, Java's temporary folder, not the database's disk.
                return kind == BootFailure.NOT_WRITABLE
                        ? PosDatabaseException.ofTemporaryFolder(kind, FailureReason.of(notRead), error)
                        : new PosDatabaseException(kind, FailureReason.of(notRead), error);
            }
            if (cause instanceof ChangelogException) {
                return new PosDatabaseException(BootFailure.BAD_CHANGELOG, FailureReason.of(cause), error);
            }
            if (cause instanceof SQLException sql && isConnectionFailure(sql)) {
                return connection(database, sql);
            }
            if (cause instanceof NativeLibraryNotFoundException || cause instanceof UnsatisfiedLinkError) {
                return sqliteCannotStart(database, error);
            }
            if (cause instanceof SQLiteException sqlite) {
                BootFailure failure = sqliteFailure(sqlite.getResultCode());
                if (failure == BootFailure.LOCKED) {
                    String generic = "a till application, sqlite3";
                    return new PosDatabaseException(failure, "Database " + database.description() + " is in use: "
                            + FailureReason.of(sqlite) + "; another program (" + (database instanceof SqliteDatabase file
                            ? LockHolders.describe(file.file(), generic) : generic) + ") holds "
                            + "SQLite's lock on it: let it finish or close it, then run again", error);
                }
                if (failure != null) {
                    Optional<String> shm = failure == BootFailure.NOT_WRITABLE && database instanceof SqliteDatabase file
                            ? shmCannotBeMade(file.file()) : Optional.empty();
                    return new PosDatabaseException(failure, "Database " + database.description() + " cannot be used: "
                            + (isDiskFull(sqlite.getResultCode()) ? diskFullReason(database, sqlite)
                            : shm.map(why -> why + " (" + FailureReason.of(sqlite) + ")")
                            .orElseGet(() -> FailureReason.of(sqlite))), error);
                }
            }
        }
        // A full disk that SQLite or the file system reported as text only (a copy into a full temporary folder),
        // or that Liquibase dropped for its failed rollback and posdb kept beside it (suppressed).
        Optional<Throwable> full = diskFull(error);
        if (full.isPresent()) {
            return new PosDatabaseException(BootFailure.NOT_WRITABLE, "Failed on database " + database.description()
                    + ": " + diskFullReason(database, full.get()), error);
        }
        return new PosDatabaseException(BootFailure.MIGRATION_FAILED, "Failed on database " + database.description()
                + ": " + secretFree(database, FailureReason.of(error)), error);
    }

    /**
     * The full disk in {@code error}, if one is: SQLite's code (SQLITE_FULL, or SQLITE_IOERR_SHMSIZE: see
     * {@link #isDiskFull}), or its text where a wrapper kept only that, or the file system's "No space left", in
     * any cause or anything suppressed on the way. Suppressed errors count because a full disk is often not the
     * error that is thrown: SQLite rolls the transaction back itself on SQLITE_FULL, so whoever then rolls back
     * (Liquibase, a {@code finally}) is told "cannot rollback - no transaction is active" and throws that
     * instead; posdb keeps the disk's error beside it.
     */
    public static Optional<Throwable> diskFull(Throwable error) {
        return diskFull(error, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * SQLite's own error when there is one, else the deepest that says it in words: a wrapper's message
     * repeats its cause's after words of its own ("make sure that you have both read and write permissions"),
     * which would mislead the operator.
     */
    private static Optional<Throwable> diskFull(Throwable error, Set<Throwable> seen) {
        Throwable inWords = null;
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite && isDiskFull(sqlite.getResultCode())) {
                return Optional.of(cause);
            }
            String message = String.valueOf(cause.getMessage());
            // Liquibase rethrows some SQL errors as text only: SQLite's code survives in the message.
            if (message.contains("SQLITE_FULL") || message.contains("SQLITE_IOERR_SHMSIZE")
                    || message.contains("No space left")) {
                inWords = cause;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                Optional<Throwable> full = diskFull(suppressed, seen);
                if (full.filter(SQLiteException.class::isInstance).isPresent()) {
                    return full;
                }
                inWords = inWords == null ? full.orElse(null) : inWords;
            }
        }
        return Optional.ofNullable(inWords);
    }

    /**
     * What an operator reads for a full disk ({@code full}, found by {@link #diskFull}): that the disk is full,
     * how much room the database's folder has left, and SQLite's or the file system's own words.
     */
    public static String diskFullReason(TillDatabase database, Throwable full) {
        return "the disk is full" + spaceLeft(database) + ": " + FailureReason.of(full);
    }

    /** {@link #diskFullReason(TillDatabase, Throwable)} for a till's file, before there is more of it than its path. */
    public static String diskFullReason(Path file, Throwable full) {
        return "the disk is full" + spaceLeft(file) + ": " + FailureReason.of(full);
    }

    /**
     * Why SQLite cannot open {@code file} when it has a {@code -wal} and no {@code -shm} in a folder this account
     * cannot write (a copy of a WAL shop made without its -shm, read where only its owner may write): SQLite reads a
     * -wal through the -shm, so it must create one, even to read; it says only SQLITE_CANTOPEN. Empty otherwise. The
     * one wording of this place failure, for every command's message and the doctor's.
     */
    public static Optional<String> shmCannotBeMade(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        Path wal = SideFiles.sibling(file, SideFiles.WAL);
        Path shm = SideFiles.sibling(file, SideFiles.SHM);
        if (folder == null || !Files.exists(wal) || Files.exists(shm) || Files.isWritable(folder)) {
            return Optional.empty();
        }
        return Optional.of("the folder " + folder + " cannot be written by this account (" + System.getProperty(
                "user.name") + "), and SQLite must create " + shm.getFileName() + " there to read the "
                + wal.getFileName() + " beside the file, even to read it: copy the " + shm.getFileName() + " too, "
                + "or read the copy (the file with its -wal) from a folder this account can write");
    }

    /**
     * The failure the place made, when {@code error} (a failed upgrade, say) comes from the disk or another
     * program rather than from the work itself: NOT_WRITABLE for a full disk or a read-only file (SQLite's
     * code, or the file system's "No space left" in a copy), LOCKED for SQLite's lock held too long.
     */
    public static Optional<BootFailure> placeFailure(Throwable error) {
        return Causes.first(error, SQLiteException.class, sqlite -> isPlace(sqliteFailure(sqlite.getResultCode())))
                .map(sqlite -> sqliteFailure(sqlite.getResultCode()))
                .or(() -> diskFull(error).map(full -> BootFailure.NOT_WRITABLE));
    }

    private static boolean isPlace(BootFailure failure) {
        return failure == BootFailure.NOT_WRITABLE || failure == BootFailure.LOCKED;
    }

    /**
     * A private folder in Java's temporary folder that could not be made ({@code cannotMake}, in the words of
     * {@code TemporaryFolder.createForCopyOf} or {@code createForScratch}: the folder, {@code java.io.tmpdir} and the
     * setting to change): the place's failure, NOT_WRITABLE (exit 7) from every command that needs one (rehearse's
     * and update-sql's copy, the drift check's scratch database), never a failed migration. Thrown as the cause of
     * the work's own exception, it is the kind {@link #of} finds.
     */
    public static PosDatabaseException temporaryFolder(IOException cannotMake) {
        return PosDatabaseException.ofTemporaryFolder(BootFailure.NOT_WRITABLE, FailureReason.of(cannotMake),
                cannotMake);
    }

    /**
     * Where room is needed when the disk refused work on a private copy in Java's temporary folder (a rehearsal's
     * upgrade of its copy, the snapshot it takes), not beside the database: that folder, or another given to Java,
     * named with the setting as a temporary folder that cannot be used is ({@link #temporaryFolder}).
     * {@code whatIsThere} says why the room is needed there ("where the rehearsal upgrades its copy").
     */
    public static String roomInTheTemporaryFolder(String whatIsThere) {
        return "free space in " + TemporaryFolder.named() + ", " + whatIsThere + ", or give Java a temporary folder "
                + "with room (" + TemporaryFolder.SETTING + ")";
    }

    /**
     * Why a hot {@code -journal} could not be rolled back in a private copy: SQLite's error on the copy when it
     * gave one (a damaged journal or file is the file's: UNUSABLE_DATABASE, unless its code says the place), else
     * the temporary folder's (missing, not writable, full): NOT_WRITABLE. The shop's file was not touched.
     */
    private static BootFailure copyFailure(CannotReadWithoutWriting notRead) {
        return Causes.first(notRead.getCause(), SQLiteException.class)
                .map(sqlite -> Optional.ofNullable(sqliteFailure(sqlite.getResultCode()))
                        .orElse(BootFailure.UNUSABLE_DATABASE))
                .orElse(BootFailure.NOT_WRITABLE);
    }

    /**
     * sqlite-jdbc unpacks SQLite's native library into a temporary folder and loads it from there: a folder
     * that is full, not writable, or on a {@code noexec} mount (a common hardening of {@code /tmp}) leaves
     * the process without SQLite, and the driver says only "Error opening connection". The place is at
     * fault, not the database: NOT_WRITABLE, naming the folder and sqlite-jdbc's own setting for another.
     */
    private static PosDatabaseException sqliteCannotStart(TillDatabase database, Throwable error) {
        String folder = sqliteLibraryFolder();
        return PosDatabaseException.ofTemporaryFolder(BootFailure.NOT_WRITABLE, "SQLite cannot start, so database "
                + database.description() + " cannot be opened: sqlite-jdbc unpacks SQLite's native library into "
                + folder + " (org.sqlite.tmpdir, else java.io.tmpdir) and could not load it from there: that folder is "
                + "full, not writable, or on a mount that forbids running programs (noexec). Free space there, or "
                + "start Java with -Dorg.sqlite.tmpdir=<a writable folder that allows them>", error);
    }

    /** Where sqlite-jdbc unpacks SQLite's native library: its own setting, else Java's temporary folder. */
    public static String sqliteLibraryFolder() {
        return System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
    }

    /** SQLState classes 08 (connection exception), 28 (invalid authorization) and 3D000 (no such database). */
    static boolean isConnectionFailure(SQLException error) {
        String state = error.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
    }

    private static PosDatabaseException connection(TillDatabase database, SQLException error) {
        StringBuilder why = new StringBuilder(FailureReason.of(error));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            why.append(" (").append(cause).append(')');
        }
        return new PosDatabaseException(BootFailure.CONNECTION, "Cannot connect to " + database.description() + ": "
                + secretFree(database, why.toString()) + ". Check the URL, the server and the credentials", error);
    }

    private static BootFailure sqliteFailure(SQLiteErrorCode code) {
        String name = code.name();
        if (name.startsWith("SQLITE_NOTADB") || name.startsWith("SQLITE_CORRUPT")) {
            return BootFailure.UNUSABLE_DATABASE;
        }
        if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_CANTOPEN") || isDiskFull(code)) {
            return BootFailure.NOT_WRITABLE;
        }
        // Another connection held the file's lock for longer than the busy timeout: the file is fine.
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return BootFailure.LOCKED;
        }
        return null;
    }

    /**
     * SQLITE_FULL, and SQLITE_IOERR_SHMSIZE: SQLite could not grow the {@code -shm} beside a WAL file,
     * which on a full disk is the first write a boot makes (before any changeset), with a reason
     * ("disk I/O error") that does not say the disk is full.
     */
    private static boolean isDiskFull(SQLiteErrorCode code) {
        return code == SQLiteErrorCode.SQLITE_FULL || code == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE;
    }

    /**
     * On a full disk, how much space the file's folder has left, the fact the operator acts on: " (N bytes free
     * in folder)" for an SQLite file; nothing for a server, whose disk is not the till's.
     */
    public static String spaceLeft(TillDatabase database) {
        return database instanceof SqliteDatabase sqlite ? spaceLeft(sqlite.file()) : "";
    }

    /** {@link #spaceLeft(TillDatabase)} of a till's file: " (N bytes free in its folder)". */
    public static String spaceLeft(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            return " (" + Files.getFileStore(folder).getUsableSpace() + " bytes free in " + folder + ")";
        } catch (IOException e) {
            return ""; // the failure itself is the message; the free space only helps
        }
    }

    private static String secretFree(TillDatabase database, String message) {
        return database instanceof PostgresDatabase postgres ? postgres.redactSecrets(message) : message;
    }
}
