package io.posdb.doctor;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.PlanGuards;
import io.posdb.changelog.Release;
import io.posdb.database.ApplicationName;
import io.posdb.database.CannotReadWithoutWriting;
import io.posdb.database.LockHolders;
import io.posdb.database.ShellWords;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.database.WalContents;
import io.posdb.drift.DriftCheck;
import io.posdb.drift.DriftReport;
import io.posdb.failure.BootFailure;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import io.posdb.files.TemporaryFolder;
import io.posdb.orm.HibernateSchema;
import io.posdb.report.DoctorReport.Check;
import io.posdb.report.DoctorReport;
import io.posdb.report.DriftDifference;
import io.posdb.report.ReleasedLocks;
import io.posdb.report.UpgradeRun;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.runner.LiquibaseTables;
import io.posdb.runs.InterruptedRun;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.sql.DanglingReferences;
import io.posdb.sql.Jdbc;
import io.posdb.upgrade.DatabaseBootstrap;
import io.posdb.upgrade.DatabaseChecks;
import io.posdb.upgrade.sqlite.DatabaseFileCheck;
import io.posdb.upgrade.sqlite.UnmountedDisk;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;

/**
 * Runs every check on one database and returns the report. Each check reuses the code that does
 * the same job elsewhere in posdb (the boot's file checks, the upgrade snapshots and locks, the
 * changelog plan and its guards, the drift check), on a read-only view of the database: the doctor
 * writes nothing. On SQLite, after an interrupted upgrade, the snapshot its marker names is judged
 * rather than the main file: the next boot puts the snapshot back before anything else.
 */
public final class Doctor {

    private final TillDatabase database;
    private final ChangelogSource changelog;
    /** The report's checks in order (quick_check goes before the checks that ran beside it: see {@link #judge}). */
    private final List<Check> checks = new ArrayList<>();
    /**
     * Why boot refuses this history, in the words the entities and drift checks give for not running (boot stops
     * there before either); null while the history is one boot accepts.
     */
    private String historyRefused;
    /**
     * Whether the marker beside the file is an interrupted run's, whose snapshot the next boot restores first; false
     * without one, and beside an upgrade still running (the upgrade lock held), whose marker is not an interrupted one.
     */
    private boolean toBeRestored;
    /** The live process upgrading the file now, as {@link UpgradeLock#liveHolder} names it; null when none is. */
    private String upgradeInProgress;
    /**
     * What the file's {@code -wal} holds, read before any connection opens the file (SQLite's first connection after
     * a crash rebuilds the log's index, and closing another handle on the file would drop this process's locks on it
     * while the checks' connections are open); null until read or when it could not be ({@link #walUnreadable}).
     */
    private WalContents walContents;
    /** Why {@link #walContents} could not be read; null when it was. */
    private IOException walUnreadable;

    private Doctor(TillDatabase database, ChangelogSource changelog) {
        this.database = database;
        this.changelog = changelog;
    }

    public static DoctorReport examine(TillDatabase database, ChangelogSource changelog) {
        Doctor doctor = new Doctor(database, changelog);
        if (database instanceof SqliteDatabase sqlite) {
            doctor.sqlite(sqlite);
        } else {
            doctor.server();
        }
        return new DoctorReport(database.description(), database.engine().name().toLowerCase(Locale.ROOT),
                doctor.checks);
    }

    private String posdb(String command) {
        return ShellWords.posdb(database, command);
    }

    /**
     * The command that shows the pending upgrade before a boot runs it: a rehearsal on a copy of an SQLite file; on a
     * server, which has no copy to rehearse on (rehearse works on files), status, which lists the changesets.
     */
    private String beforeTheUpgrade() {
        return posdb(database instanceof SqliteDatabase ? "rehearse" : "status");
    }

    // ---------------------------------------------------------------- SQLite

    /** The checks on a read-only handle, the file judged through {@link SqliteDatabase#readFileWithoutWriting}. */
    private void sqlite(SqliteDatabase sqlite) {
        Optional<SQLException> unavailable = SqliteDatabase.sqliteUnavailable();
        if (unavailable.isPresent()) { // every check below would fail the same way, none of them the file's fault
            PosDatabaseException failure = DatabaseFailures.of(sqlite, unavailable.get());
            checks.add(Check.fail("sqlite", failure.kind(), FailureReason.of(failure), "run posdb with java "
                    + "-Dorg.sqlite.tmpdir=<a writable folder that allows running programs>, or free space in "
                    + ShellWords.quote(DatabaseFailures.sqliteLibraryFolder())));
            return;
        }
        SqliteDatabase readOnly = SqliteDatabase.readOnlyAt(sqlite.file());
        Path file = readOnly.file();
        Path folder = file.getParent();
        UpgradeSnapshots snapshots = new UpgradeSnapshots(readOnly);
        try {
            Optional<String> vanished = snapshots.vanishedShop();
            if (vanished.isPresent()) {
                checks.add(Check.fail("file", BootFailure.MISSING_DATABASE, vanished.get(), UnmountedDisk.under(file)
                        .map(UnmountedDisk::mountCommand).orElseGet(() -> restoreCommand(snapshots))));
                return;
            }
        } catch (IOException e) {
            checks.add(Check.fail("file", BootFailure.UNUSABLE_DATABASE, "cannot read the file or the snapshots beside "
                    + "it: " + FailureReason.of(e), "ls -l " + ShellWords.quote(folder)));
            return;
        }
        if (!Files.exists(file)) {
            checks.add(Check.fail("file", BootFailure.MISSING_DATABASE, "there is no file " + file,
                    "check the path; " + posdb("boot") + " creates an empty database there"));
            return;
        }
        if (Files.isDirectory(file)) {
            checks.add(Check.fail("file", BootFailure.UNUSABLE_DATABASE, file + " is a folder, not a database file",
                    "check the path: --db names the database file itself (such as " + ShellWords.quote(file.resolve("pos.db"))
                            + ")"));
            return;
        }
        Optional<String> notAFile = DatabaseFileCheck.notARegularFile(file);
        if (notAFile.isPresent()) { // a device or a pipe: reading a pipe would wait for a writer for ever
            checks.add(Check.fail("file", BootFailure.UNUSABLE_DATABASE, file + ": " + notAFile.get(),
                    "check the path: --db names the database file itself"));
            return;
        }
        if (!Files.isReadable(file)) {
            checks.add(Check.fail("file", BootFailure.UNUSABLE_DATABASE, "the file exists but this user ("
                    + System.getProperty("user.name") + ") cannot read it", "ls -l " + ShellWords.quote(file)));
            return;
        }
        checks.add(writable(file, folder));
        try {
            walContents = WalContents.of(file);
        } catch (IOException e) {
            walUnreadable = e;
        }
        Optional<Path> judged;
        try {
            judged = interruptedUpgrade(readOnly, snapshots);
        } catch (IOException e) {
            checks.add(Check.fail("interrupted upgrade", BootFailure.UNUSABLE_DATABASE, "cannot read the marker "
                    + snapshots.marker().getFileName() + ": " + FailureReason.of(e), "ls -l " + ShellWords.quote(folder)));
            return;
        }
        if (judged.isEmpty()) {
            return; // the interrupted upgrade created the file: the next boot removes it, nothing else to judge
        }
        Path examined = judged.get();
        // The file is judged as the read-only commands read it, which leaves the folder as found: a hot -journal
        // (a transaction a power cut left half written) must be rolled back before the file can be read (its
        // header too may describe the cut transaction), so the checks judge a private copy rolled back, as SQLite
        // will read the file when the till next opens it.
        SqliteDatabase judgedAsRead = SqliteDatabase.readOnlyAt(examined);
        // A till that dies during the checks leaves its -journal hot: they are read again on the copy, alone.
        int judgedFrom = checks.size();
        try {
            judgedAsRead.readFileWithoutWriting(readable -> {
                checks.subList(judgedFrom, checks.size()).clear();
                Path judgedFile = readable.file();
                try {
                    DatabaseFileCheck.checkHeader(judgedFile);
                    long size = Files.size(judgedFile);
                    checks.add(Check.ok("sqlite header", size == 0 ? "an empty file (0 bytes), which SQLite reads as "
                            + "a database without tables" : "a whole SQLite header, " + size + " bytes", ""));
                } catch (PosDatabaseException | IOException e) {
                    checks.add(Check.fail("sqlite header", BootFailure.UNUSABLE_DATABASE, FailureReason.of(e),
                            headerAdvice(judgedFile, snapshots)));
                    return null;
                }
                judge(judgedFile, !judgedFile.equals(judgedAsRead.file()), file, folder, snapshots);
                return null;
            }, e -> checks.add(Check.warn("side files", "could not remove what this check left: " + FailureReason.of(e),
                    "rm " + ShellWords.quote(SideFiles.sibling(examined, SideFiles.SHM)) + "  (a private copy in "
                            + "the temporary folder is removed by the next posdb command)")));
        } catch (CannotReadWithoutWriting e) {
            checks.subList(judgedFrom, checks.size()).clear();
            if (DatabaseFailures.of(database, e).kind() == BootFailure.UNUSABLE_DATABASE) { // SQLite cannot read the copy
                checks.add(Check.fail("sqlite header", BootFailure.UNUSABLE_DATABASE, "SQLite cannot read the file "
                        + "with its -journal rolled back (on a private copy): " + FailureReason.of(e.getCause()),
                        restoreCommand(snapshots)));
                return;
            }
            checks.add(Check.warn("quick_check", "not run: the file has a -journal to roll back (a transaction cut "
                    + "short) and a private copy to roll it back in could not be made: " + FailureReason.of(e.getCause()),
                    posdb("boot") + "  (SQLite rolls the -journal back when it opens the file)"));
        }
    }

    /** The checks of a file whose header is whole: {@code examined}, the file or what stands for it. */
    private void judge(Path examined, boolean journalRolledBack, Path file, Path folder, UpgradeSnapshots snapshots) {
        SqliteDatabase readOnly = SqliteDatabase.readOnlyAt(examined); // its header was just read
        // quick_check reads every page: it runs on its own read-only connection while the other checks
        // run, so the doctor takes little longer than quick_check alone (issue 22: at most twice).
        String judgedOn = journalRolledBack ? " (on a private copy with the -journal's cut transaction rolled back, "
                + "as SQLite reads the file)" : "";
        CompletableFuture<Check> quickCheck = CompletableFuture.supplyAsync(() -> quickCheck(readOnly, judgedOn,
                snapshots, file));
        int quickCheckAt = checks.size();
        try {
            boolean foreignKeysRead = foreignKeys(readOnly, file);
            checks.add(toBeRestored ? sideFilesOfAFileToBeRestored(file) : sideFiles(file, journalRolledBack));
            checks.add(diskSpace(file, folder));
            checks.add(temporaryCopies(file));
            checks.add(permissions(file, snapshots));
            // A file foreign_key_check could not read (another program holding SQLite's lock, damage) is one
            // quick_check fails as well, which clears the checks below: wait for its verdict rather than have
            // each of them wait out the lock again (the read-only busy timeout, 5 s each).
            if (foreignKeysRead || quickCheck.join().verdict() != DoctorReport.Verdict.FAIL) {
                checks.add(locks(readOnly, file, toBeRestored));
                common(readOnly, toBeRestored);
            }
            checks.add(snapshotsAvailable(snapshots));
        } catch (RuntimeException e) {
            // A journal that turned hot (SqliteDatabase.throwIfAJournalTurnedHot): quick_check ends before the checks
            // are read again on the copy, so that none of this run's connections outlives it.
            quickCheck.handle((check, error) -> check).join();
            throw e;
        }
        Check quick = quickCheck.join(); // one that met a journal turned hot throws (its cause): the read runs again
        if (quick.verdict() == DoctorReport.Verdict.FAIL) {
            // On a file quick_check fails, the other checks' findings are noise: the file is restored first.
            checks.subList(quickCheckAt, checks.size()).clear();
        }
        checks.add(quickCheckAt, quick);
    }

    /** The side files of these kinds that are beside {@code file} now. */
    private static List<Path> sideFiles(Path file, String... suffixes) {
        return java.util.Arrays.stream(suffixes).map(suffix -> SideFiles.sibling(file, suffix))
                .filter(side -> Files.exists(side, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    }

    private Check writable(Path file, Path folder) {
        // Files.isWritable asks the OS (access(2)) without writing: the boot's own check creates a probe file.
        if (!Files.isWritable(file)) {
            return Check.fail("writable", BootFailure.NOT_WRITABLE, "the file is read-only for this user ("
                    + System.getProperty("user.name") + "): the till cannot write sales or upgrade it",
                    makeWritable(file, "file"));
        }
        // As the boot checks: a -wal or -shm left by another account (a `sudo sqlite3`) stops the till's writes too.
        for (Path side : sideFiles(file, SideFiles.WAL, SideFiles.SHM)) {
            if (!Files.isWritable(side)) {
                return Check.fail("writable", BootFailure.NOT_WRITABLE, "the " + side.getFileName() + " beside the "
                        + "file is read-only for this user (" + System.getProperty("user.name") + "): the till cannot "
                        + "write sales or upgrade it", "chown --reference=" + ShellWords.quote(file) + " "
                        + ShellWords.quote(side) + " && chmod --reference=" + ShellWords.quote(file) + " "
                        + ShellWords.quote(side) + "  (as root, the till stopped)");
            }
        }
        if (!Files.isWritable(folder)) {
            return Check.fail("writable", BootFailure.NOT_WRITABLE, "the folder " + folder + " is read-only for this "
                    + "user: SQLite writes its journal and posdb its snapshot beside the file",
                    makeWritable(folder, "folder"));
        }
        return Check.ok("writable", "the file and its folder are writable", "");
    }

    /**
     * How to make {@code path} (the database file or its folder, {@code what}) writable for this user: chmod u+w
     * only helps when its owner lacks write; one that belongs to another account which has it already is that
     * account's (root's, after a {@code sudo} copy): posdb runs as that account, or the till's account is given it.
     * Owned by this user, with write, it is the file system (mounted read-only) or an attribute (immutable).
     */
    private static String makeWritable(Path path, String what) {
        String quoted = ShellWords.quote(path);
        try {
            String owner = Files.getOwner(path).getName();
            if (!Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_WRITE)) {
                return "chmod u+w " + quoted + "  (as the " + what + "'s owner, " + owner + ")";
            }
            if (owner.equals(System.getProperty("user.name"))) {
                return "lsattr -d " + quoted + "; findmnt -T " + quoted + "  (the " + what + "'s owner may write it: "
                        + "it is immutable, or on a file system mounted read-only)";
            }
            return "run posdb as " + owner + ", the " + what + "'s owner, who may write it; or give it to the till's "
                    + "account: chown <the till's account> " + quoted + "  (as root)";
        } catch (IOException | UnsupportedOperationException e) {
            // Without the owner or its mode (no POSIX permissions here), the general advice: the owner grants write.
            return "chmod u+w " + quoted + "  (as the " + what + "'s owner)";
        }
    }

    /** The interrupted-upgrade check; the file the rest is judged on (empty: nothing to judge). */
    private Optional<Path> interruptedUpgrade(SqliteDatabase readOnly, UpgradeSnapshots snapshots) throws IOException {
        if (!snapshots.marked()) {
            checks.add(Check.ok("interrupted upgrade", "none (no " + snapshots.marker().getFileName() + ")", ""));
            return Optional.of(readOnly.file());
        }
        Optional<String> running;
        try {
            running = DatabaseChecks.upgradeRunningNow(readOnly);
        } catch (PosDatabaseException e) {
            running = Optional.empty(); // the locks check says why it cannot tell; the marker is judged as it reads
        }
        if (running.isPresent()) {
            upgradeInProgress = running.get();
            // As status and history --runs read it: no boot restores anything while the upgrade runs, so the file
            // is judged as it is, and the way on is to let the run finish, not to start another one.
            checks.add(Check.warn("interrupted upgrade", "none: the marker " + snapshots.marker().getFileName()
                    + " is that of an upgrade in progress now, by " + running.get() + "; the checks below judge the "
                    + "file as it is, mid-upgrade", "wait for " + running.get() + " to finish it, then run "
                    + posdb("doctor") + " again"));
            return Optional.of(readOnly.file());
        }
        toBeRestored = true;
        Optional<Path> judged = snapshots.fileAfterRestore();
        if (judged.isEmpty()) {
            checks.add(Check.warn("interrupted upgrade", "an upgrade that created this file was interrupted ("
                    + snapshots.marker().getFileName() + "): the next boot removes the file and starts again",
                    posdb("update")));
        } else if (!Files.isRegularFile(judged.get())) {
            checks.add(Check.fail("interrupted upgrade", BootFailure.UNUSABLE_DATABASE, "an upgrade was interrupted "
                    + "and its marker names the snapshot " + judged.get().getFileName() + ", which is missing",
                    "restore the file from the shop's backup (stop the till; " + snapshots.setAsideByHand()
                            + " first), then remove " + ShellWords.quote(snapshots.marker())));
            return Optional.empty();
        } else {
            checks.add(interruptedRun(snapshots));
        }
        return judged;
    }

    /**
     * An upgrade, downgrade or rollback a dead process left unfinished, as its marker names it ({@link InterruptedRun},
     * whose words the read commands and history --runs share): the command that finishes the job is the one that was
     * interrupted (an upgrade's update; a downgrade's downgrade, since an update would restore and then refuse the
     * newer release's changesets the downgrade was undoing; a rollback's rollback to the target its marker records,
     * which an older release's marker does not: then the operator fills it in).
     */
    private Check interruptedRun(UpgradeSnapshots snapshots) throws IOException {
        InterruptedRun interrupted = InterruptedRun.of(snapshots).orElseThrow();
        String next = switch (interrupted.operation()) {
            case UpgradeRun.DOWNGRADE -> posdb("downgrade");
            case UpgradeRun.ROLLBACK -> posdb("rollback") + " " + interrupted.rollbackArguments()
                    .orElse("--tag <the same tag> (or --count <the same number>)");
            default -> posdb("update");
        };
        return Check.warn("interrupted upgrade", interrupted.sentence(false) + "; the checks below judge the snapshot",
                next);
    }

    /** {@code judgedOn}: what was judged, when not the file itself. */
    private Check quickCheck(SqliteDatabase readOnly, String judgedOn, UpgradeSnapshots snapshots, Path file) {
        try (Connection connection = readOnly.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA quick_check(5)")) {
            String problems = DatabaseFileCheck.problems(rs);
            return problems.isEmpty() ? Check.ok("quick_check", "PRAGMA quick_check: ok" + judgedOn, "")
                    : Check.fail("quick_check", BootFailure.UNUSABLE_DATABASE, "PRAGMA quick_check failed"
                            + judgedOn + ": " + problems, restoreCommand(snapshots));
        } catch (SQLException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e); // a till died during the run: read again, not unwritable
            PosDatabaseException failure = DatabaseFailures.of(readOnly, e);
            if (failure.kind() == BootFailure.NOT_WRITABLE) {
                // Not a damaged file: restoring a backup over it would lose the sales since. Either SQLite could not
                // create the -shm a -wal is read through (a folder this account cannot write: the failure says so),
                // or a full disk would not let it grow one: the advice is the place.
                Path folder = file.toAbsolutePath().getParent();
                String next = DatabaseFailures.shmCannotBeMade(file).isPresent()
                        ? "copy " + ShellWords.quote(SideFiles.sibling(file, SideFiles.SHM)) + " from where the file "
                                + "came from too, or copy the file with its -wal into a folder this account can write "
                                + "and run posdb doctor on that copy"
                        : "free space in " + ShellWords.quote(folder) + " (df -h " + ShellWords.quote(folder)
                                + "), then run " + posdb("doctor") + " again";
                return Check.fail("quick_check", BootFailure.NOT_WRITABLE, "SQLite could not open the file to read "
                        + "it, so it was not judged: " + FailureReason.of(failure), next);
            }
            if (failure.kind() == BootFailure.LOCKED) {
                // A program writing to the file (a till, the sqlite3 shell) held SQLite's lock for longer than
                // the read-only wait: the file was not read, which says nothing about its health.
                return Check.fail("quick_check", BootFailure.LOCKED, "another program holds SQLite's lock on the "
                        + "file, so it was not judged: " + FailureReason.of(e), "let it finish or close it (a till "
                        + "writing, sqlite3), then run " + posdb("doctor") + " again");
            }
            return Check.fail("quick_check", BootFailure.UNUSABLE_DATABASE, "SQLite cannot read the file: "
                    + FailureReason.of(e), restoreCommand(snapshots));
        }
    }

    /** Adds the foreign-keys check; whether it could read the file. */
    private boolean foreignKeys(SqliteDatabase readOnly, Path file) {
        try (Connection connection = readOnly.open()) {
            DanglingReferences dangling = DanglingReferences.of(connection);
            checks.add(dangling.isEmpty() ? Check.ok("foreign keys", "PRAGMA foreign_key_check: every reference "
                    + "resolves", "") : Check.warn("foreign keys", dangling.count() + " row(s) refer to rows that do "
                    + "not exist (" + dangling.counts() + "); upgrades keep them, a transfer to a server refuses them",
                    "sqlite3 " + ShellWords.quote(file) + " 'PRAGMA foreign_key_check'"));
            return true;
        } catch (SQLException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e);
            checks.add(Check.warn("foreign keys", "cannot run PRAGMA foreign_key_check: " + FailureReason.of(e),
                    "sqlite3 " + ShellWords.quote(file) + " 'PRAGMA foreign_key_check'"));
            return false;
        }
    }

    /**
     * The {@code -wal} or {@code -journal} beside the file. A journal holding a transaction was judged by SQLite as
     * the file was read ({@code journalRolledBack}: read on a private copy): a till's transaction still running is
     * read past, as SQLite's readers do, and is nothing to act on; one SQLite could not read past was cut short (or
     * is a till's large write holding the file), and the till's next start rolls it back.
     */
    private Check sideFiles(Path file, boolean journalRolledBack) {
        Path journal = SideFiles.sibling(file, SideFiles.JOURNAL);
        Path wal = SideFiles.sibling(file, SideFiles.WAL);
        try {
            if (SideFiles.journalHoldsATransaction(file)) {
                String holds = journal.getFileName() + " (" + Files.size(journal) + " bytes) holds ";
                return journalRolledBack ? Check.warn("journal files", holds + "a transaction not committed that "
                        + "SQLite cannot read past: one cut short (a power cut), which SQLite rolls back when the till "
                        + "next opens the file, or a till's large write still holding the file. Never delete it",
                        posdb("boot"))
                        : Check.ok("journal files", holds + "the transaction of a till writing now; SQLite's readers "
                        + "read the file as at its last commit, as this check did. Never delete it", "");
            }
            if (Files.exists(wal) && Files.size(wal) > 0) {
                return walFile(wal);
            }
            if (Files.exists(journal)) {
                // SQLite writes a journal's header last (or clears it at commit in PERSIST mode): it ignores this one.
                return Check.ok("journal files", journal.getFileName() + " (" + Files.size(journal) + " bytes) is "
                        + "beside the file but holds no transaction to roll back (its header is unfinished or "
                        + "cleared), so SQLite ignores it", "");
            }
        } catch (IOException e) {
            return cannotReadSideFiles(file, e);
        }
        return Check.ok("journal files", "no -wal or -journal waiting", "");
    }

    /**
     * A {@code -wal} with something in it, judged by what SQLite would read from it ({@link WalContents}): committed
     * transactions not yet copied into the main file are sales found nowhere else; a log already copied, or holding
     * only a transaction a crash cut short, is harmless. Where it cannot be read, it may hold such sales.
     */
    private Check walFile(Path wal) throws IOException {
        String holds = wal.getFileName() + " (" + Files.size(wal) + " bytes) ";
        if (walContents == null) {
            return Check.warn("journal files", holds + "may hold committed transactions not yet copied into the main "
                    + "file (it could not be read: " + FailureReason.of(walUnreadable) + "); SQLite reads them. Never "
                    + "delete it", "ls -l " + ShellWords.quote(wal));
        }
        int committed = walContents.committedTransactions();
        if (committed == 0) {
            return Check.ok("journal files", holds + "holds no committed transaction (a transaction a crash cut "
                    + "short, or frames from before SQLite started the log over), so SQLite ignores it", "");
        }
        if (walContents.allCopied()) {
            return Check.ok("journal files", holds + "holds " + committed + " committed transaction(s), all already "
                    + "copied into the main file: harmless, SQLite starts the log over when the till next writes", "");
        }
        return Check.ok("journal files", holds + "holds " + walContents.notCopied() + " committed transaction(s) not "
                + "yet copied into the main file (of " + committed + " in it); SQLite reads them. Never delete it", "");
    }

    /**
     * The side files beside a file an interrupted upgrade left (its marker there): they are what is beside the file,
     * not beside the snapshot the other checks judge, and the restore of that snapshot replaces the file and removes
     * them (a -journal there holds the interrupted run's own transaction, not sales: the till was not running).
     */
    private Check sideFilesOfAFileToBeRestored(Path file) {
        List<String> beside = new ArrayList<>();
        try {
            for (Path side : SideFiles.present(file)) {
                boolean journal = side.equals(SideFiles.sibling(file, SideFiles.JOURNAL));
                beside.add(side.getFileName() + " (" + Files.size(side) + " bytes" + (!journal ? ""
                        : SideFiles.journalHoldsATransaction(file) ? ", holding a transaction the interrupted run cut "
                        + "short" : ", holding no transaction to roll back") + ")");
            }
        } catch (IOException e) {
            return cannotReadSideFiles(file, e);
        }
        return Check.ok("journal files", beside.isEmpty() ? "no -wal or -journal beside the file"
                : "beside the file: " + String.join(", ", beside) + "; the restore of the snapshot replaces the file "
                + "and removes them", "");
    }

    private static Check cannotReadSideFiles(Path file, IOException e) {
        return Check.warn("journal files", "cannot read the size of the side files: " + FailureReason.of(e),
                "ls -l " + ShellWords.quote(file.getParent()));
    }

    /**
     * An upgrade first takes a snapshot beside the file: a copy of the database as SQLite reads it, the main file
     * with the -wal's committed pages ({@link WalContents#databaseBytes}); when the -wal could not be read, the file
     * and the whole -wal, the most it can be.
     */
    private Check diskSpace(Path file, Path folder) {
        try {
            Path wal = SideFiles.sibling(file, SideFiles.WAL);
            long needed = walContents != null ? walContents.databaseBytes()
                    : Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
            long free = Files.getFileStore(folder).getUsableSpace();
            String evidence = free + " bytes free in " + folder + "; a snapshot needs about " + needed;
            return free < needed ? Check.warn("disk space", evidence + ": the next upgrade cannot take its snapshot",
                    "df -h " + ShellWords.quote(folder)) : Check.ok("disk space", evidence, "");
        } catch (IOException e) {
            return Check.warn("disk space", "cannot read the free space: " + FailureReason.of(e), "df -h " + ShellWords.quote(folder));
        }
    }

    /** What to do when Java's temporary folder cannot hold the copies and scratch databases posdb makes there. */
    private static final String ANOTHER_TEMPORARY_FOLDER = "give posdb a temporary folder this user can write ("
            + TemporaryFolder.SETTING + ")";

    /**
     * Copies of this shop that killed posdb processes left in the temporary folder (a rehearsal's copy is as
     * large as the shop); a full temporary folder also stops SQLite from starting (see {@code DatabaseFailures}).
     * A temporary folder that does not exist or cannot be written is a WARN: the shop is fine, but the commands
     * that work in it would fail.
     */
    private static Check temporaryCopies(Path file) {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        Optional<String> unusable = TemporaryFolder.whyNoFolderIn(temporary);
        if (unusable.isPresent()) {
            // Nothing is wrong with the shop, yet these commands would fail (exit 7): said here, before they run.
            return Check.warn("temporary copies", "the temporary folder " + temporary + " (java.io.tmpdir) "
                    + unusable.get() + ": rehearse and update-sql make their copy of the shop there, and drift "
                    + "(and boot's drift check when it compares in full) its scratch database; they fail",
                    ANOTHER_TEMPORARY_FOLDER);
        }
        try {
            List<TemporaryFolder.Abandoned> left = TemporaryFolder.abandoned(temporary).stream()
                    .filter(folder -> folder.copyOf().filter(file::equals).isPresent()).toList();
            if (left.isEmpty()) {
                return Check.ok("temporary copies", "none left by killed posdb processes in " + temporary, "");
            }
            long bytes = left.stream().mapToLong(TemporaryFolder.Abandoned::bytes).sum();
            return Check.warn("temporary copies", (left.size() == 1 ? "1 copy" : left.size() + " copies") + " of this shop killed posdb processes left in "
                    + temporary + " (" + bytes + " bytes): the next posdb command that makes a copy, run by the account "
                    + "that left them, removes them",
                    "rm -rf " + String.join(" ", left.stream().map(folder -> ShellWords.quote(folder.folder())).toList()));
        } catch (IOException e) {
            return Check.warn("temporary copies", "cannot look into " + temporary + ": " + FailureReason.of(e),
                    "ls -l " + ShellWords.quote(temporary));
        }
    }

    /**
     * The file holds PIN hashes and every sale: others must not read it, and its side files and snapshots no more
     * than it. One finding names every file to fix and one command fixes them all, the file's own mode as it is to
     * be: after a fix of the file alone, its -wal (the newest sales) would stay open until a second run said so.
     */
    private Check permissions(Path file, UpgradeSnapshots snapshots) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
                return Check.ok("permissions", "no POSIX permissions on this file system: the folder's access rules "
                        + "apply", "");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            boolean readByEveryAccount = mode.contains(PosixFilePermission.OTHERS_READ);
            Set<PosixFilePermission> intended = new HashSet<>(mode);
            if (readByEveryAccount) {
                intended.removeAll(List.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
            }
            // A -wal holds the sales since the last checkpoint, a -journal old pages: as private as the file, or they
            // give them away (a -shm holds SQLite's index of the -wal, no data).
            List<Path> beside = new ArrayList<>(sideFiles(file, SideFiles.WAL, SideFiles.JOURNAL));
            beside.addAll(snapshots.snapshots());
            List<Path> wider = new ArrayList<>();
            for (Path besideIt : beside) {
                if (!PrivateFiles.widerThanACopyOf(intended, besideIt).isEmpty()) {
                    wider.add(besideIt);
                }
            }
            if (!readByEveryAccount && wider.isEmpty()) {
                return Check.ok("permissions", file.getFileName() + " is " + PosixFilePermissions.toString(mode)
                        + "; its side files and snapshots are no more open", "");
            }
            String widerNames = String.join(", ", wider.stream().map(w -> w.getFileName().toString()).toList());
            String evidence = readByEveryAccount ? file.getFileName() + " is readable by every account on this "
                    + "machine (" + PosixFilePermissions.toString(mode) + "); it holds PIN hashes and every sale"
                    + (wider.isEmpty() ? "" : "; beside it, as open or more: " + widerNames)
                    : "side file(s) or snapshot(s) more open than the database (" + PosixFilePermissions.toString(mode)
                    + "): " + widerNames;
            Stream<Path> toChange = Stream.concat(readByEveryAccount ? Stream.of(file) : Stream.empty(),
                    wider.stream());
            return Check.warn("permissions", evidence, "chmod " + octal(intended) + " " + String.join(" ",
                    toChange.map(ShellWords::quote).toList()));
        } catch (IOException e) {
            return Check.warn("permissions", "cannot read the permissions: " + FailureReason.of(e),
                    "ls -l " + ShellWords.quote(file.getParent()));
        }
    }

    /**
     * Liquibase's lock row and posdb's upgrade lock. The upgrade lock's file is only opened when it
     * exists (opening creates it otherwise): a live holder is an upgrade running now; a held row with
     * no live holder was left by a process that died.
     */
    private Check locks(SqliteDatabase readOnly, Path file, boolean toBeRestored) {
        Optional<String> live = Optional.empty();
        String unknown = null;
        if (Files.exists(UpgradeLock.lockFile(file))) {
            try {
                live = UpgradeLock.liveHolder(file);
            } catch (PosDatabaseException e) {
                unknown = e.getMessage();
            }
        }
        Optional<ReleasedLocks.LockHolder> row;
        try (Connection connection = readOnly.open()) {
            row = LiquibaseTables.lockHolder(connection);
        } catch (SQLException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e);
            return Check.warn("locks", "cannot read Liquibase's lock: " + FailureReason.of(e), posdb("status"));
        }
        // Which programs have the file open (a till running, sqlite3): what an upgrade would wait for.
        List<String> holders = LockHolders.of(file);
        String openIn = holders.isEmpty() ? "" : "; the file is open in " + String.join("; ", holders);
        if (live.isPresent()) {
            return Check.fail("locks", BootFailure.LOCKED, "being upgraded now by " + live.get()
                    + row.map(r -> "; Liquibase's lock is held by " + r.lockedBy()).orElse("") + openIn,
                    "let it finish, then run " + posdb("doctor") + " again");
        }
        if (row.isPresent()) {
            return Check.warn("locks", "Liquibase's lock is held by " + row.get().lockedBy() + " since "
                    + row.get().grantedAt() + (unknown == null ? ", and no live posdb process holds the database: "
                    + "it was left by a process that died" : "; whether its holder lives is unknown: " + unknown)
                    + openIn, posdb("release-locks"));
        }
        if (toBeRestored && !holders.isEmpty()) {
            // The interrupted run's restore puts the snapshot back only with the file closed everywhere: the next
            // step the doctor gives would wait its lock wait out, then be refused (exit 8).
            return Check.warn("locks", "no lock held, but the file is open in " + String.join("; ", holders)
                    + ": the restore of the interrupted run waits for it to close, and refuses (exit 8) if it does not",
                    "stop or close it, then run the interrupted run's next step");
        }
        return Check.ok("locks", "no lock held" + (unknown == null ? "" : " (upgrade lock not checked: " + unknown + ")")
                + openIn, "");
    }

    private Check snapshotsAvailable(UpgradeSnapshots snapshots) {
        try {
            List<Path> all = snapshots.snapshots();
            String kept = all.isEmpty() ? "none beside the file (an upgrade takes one before it starts)"
                    : all.size() + " to restore from, newest " + all.get(all.size() - 1).getFileName();
            List<Path> cutShort = snapshots.cutShort();
            if (cutShort.isEmpty()) {
                return Check.ok("snapshots", kept, "");
            }
            long bytes = 0;
            for (Path file : cutShort) {
                bytes += Files.size(file);
            }
            return Check.warn("snapshots", kept + "; and " + cutShort.size() + " file(s) a killed upgrade left cut short ("
                    + bytes + " bytes, not a copy to restore from): the next upgrade removes them",
                    "rm -f " + String.join(" ", cutShort.stream().map(ShellWords::quote).toList())
                            + "  (not while an upgrade runs)");
        } catch (IOException e) {
            return Check.warn("snapshots", "cannot list the snapshots: " + FailureReason.of(e), "ls -l "
                    + ShellWords.quote(snapshots.marker().getParent()));
        }
    }

    /**
     * What to do about a file whose header SQLite cannot use: one that is not SQLite at all (a text file) is most
     * likely the wrong path, so --db comes first, and a restore only if it is the till's file after all; a damaged
     * database (truncated, a corrupt header) is restored.
     */
    private static String headerAdvice(Path judged, UpgradeSnapshots snapshots) {
        try {
            if (DatabaseFileCheck.isNotSqlite(judged)) {
                return "check --db: this is not an SQLite database, most likely the wrong path; if it is the till's "
                        + "file after all, " + restoreCommand(snapshots);
            }
        } catch (IOException e) {
            // Unreadable here too: the header check said why; the restore is the way back.
        }
        return restoreCommand(snapshots);
    }

    private static String restoreCommand(UpgradeSnapshots snapshots) {
        try {
            List<Path> all = snapshots.snapshots();
            if (!all.isEmpty()) {
                // The copy is said only where the command makes one: a deleted file with nothing beside it has none.
                return "restore the newest snapshot (stop the till first" + (snapshots.keepACopyByHand().isEmpty()
                        ? "" : "; the copy made first keeps the file and its -wal, which holds committed sales") + "): "
                        + snapshots.restoreByHand(all.get(all.size() - 1));
            }
        } catch (IOException e) {
            // No snapshot can be named: the backup is the way back.
        }
        return "restore the file from the shop's backup (no snapshot beside it; stop the till; "
                + snapshots.setAsideByHand() + " first: a copy of the file and its -wal, which holds committed sales, "
                + "then the side files go, since SQLite would replay a -wal left beside it into the backup)";
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void server() {
        try (Connection connection = database.open()) {
            checks.add(Check.ok("connection", "connected as " + connection.getMetaData().getUserName(), ""));
            checks.add(serverLock(connection));
            checks.add(sessions(connection));
        } catch (SQLException e) {
            PosDatabaseException failure = DatabaseFailures.of(database, e);
            checks.add(Check.fail("connection", failure.kind(), failure.getMessage(),
                    "check the URL, that the server runs, and the credentials (POSDB_PASSWORD)"));
            return;
        }
        common(database, false);
    }

    private Check serverLock(Connection connection) throws SQLException {
        return LiquibaseTables.lockHolder(connection).map(r -> Check.warn("locks", "Liquibase's lock is held by "
                        + r.lockedBy() + " since " + r.grantedAt() + ": an upgrade is running, or one died (the next "
                        + "boot releases it when no posdb process holds the server's upgrade lock)", posdb("boot")))
                .orElse(Check.ok("locks", "no lock held", ""));
    }

    /**
     * The other sessions on this database as the same user: the tills. A posdb till names its connections
     * ({@code posdb <release> <till>}, {@link ApplicationName}), so its name and release are given; any
     * other client is only counted.
     */
    private static Check sessions(Connection connection) throws SQLException {
        List<Session> sessions = Jdbc.rows(connection, "SELECT application_name, client_addr FROM pg_stat_activity "
                + "WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()",
                List.of(), rs -> new Session(rs.getString(1), rs.getString(2)));
        // A local socket's session has no address.
        long addresses = sessions.stream().map(Session::address).filter(Objects::nonNull).distinct().count();
        List<String> tills = sessions.stream().flatMap(session -> ApplicationName.parse(session.name()).stream())
                .map(till -> till.tillName() + " (" + till.release() + ")").distinct().sorted().toList();
        return Check.ok("connected tills", sessions.size() + " other session(s) of this user on this database, from "
                + addresses + " address(es); " + (tills.isEmpty() ? "none of them a posdb till"
                : "posdb tills: " + String.join(", ", tills)), "");
    }

    private record Session(String name, String address) {
    }

    // ---------------------------------------------------------------- both engines

    /** History, last upgrade, drift, objects the changelog does not own, data: the same on both engines. */
    private void common(TillDatabase readable, boolean interrupted) {
        List<HistoryEntry> applied;
        MigrationPlan plan;
        try (Connection connection = readable.open()) {
            applied = MigrationRecords.history(connection);
            plan = new LiquibaseMigrations(readable, changelog).plan(connection);
        } catch (SQLException | MigrationException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e);
            PosDatabaseException failure = DatabaseFailures.of(database, e);
            checks.add(Check.fail("history", failure.kind(), failure.getMessage(), posdb("status")));
            return;
        }
        history(applied, plan);
        checks.add(LastUpgrade.of(readable, interrupted, upgradeInProgress, database));
        Comparison comparison = compare(readable);
        try (Connection connection = readable.open()) {
            boolean pending = !plan.pending().isEmpty();
            // The columns a shop added by hand to the changelog's tables; none when the schema was not compared.
            List<SchemaDifference> madeByHand = comparison.differences() == null ? List.of()
                    : SchemaDifference.columnsAddedToExpectedTables(comparison.differences());
            checks.add(data(EntityData.check(readable, connection, SchemaCatalog.read(connection), pending,
                    database instanceof SqliteDatabase), madeByHand,
                    EntityData.valuesInColumnsMadeByHand(connection, madeByHand), pending));
        } catch (SQLException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e);
            checks.add(Check.warn("data", "cannot read the data: " + FailureReason.of(e), posdb("status")));
        }
        entities(readable, plan.pending().isEmpty());
        drift(comparison, applied, plan);
    }

    /**
     * The full drift comparison ({@link DriftCheck#differences}), run once for the data check (the columns made by
     * hand) and the drift checks: its differences, or why it could not run; neither when boot refuses the history.
     */
    private record Comparison(List<SchemaDifference> differences, MigrationException failure) {
    }

    private Comparison compare(TillDatabase readable) {
        if (historyRefused != null) {
            return new Comparison(null, null);
        }
        try {
            return new Comparison(new DriftCheck(readable, changelog).differences(), null);
        } catch (MigrationException e) {
            return new Comparison(null, e);
        }
    }

    /**
     * Boot's last step: Hibernate validates the entities against the schema, and the till does not start when
     * they disagree. Before drift, so that a column the till needs and the schema lost gives boot's exit 1,
     * not drift's 12. Only on an up-to-date database: boot validates after applying the pending changesets,
     * which the doctor does not run.
     */
    private void entities(TillDatabase readable, boolean nothingPending) {
        if (historyRefused != null) {
            checks.add(Check.ok("entities", "not validated: boot refuses the database at its history before it "
                    + "validates the entities: " + historyRefused, ""));
            return;
        }
        if (!nothingPending) {
            checks.add(Check.ok("entities", "not validated: the next boot validates once the pending changesets ran",
                    ""));
            return;
        }
        try (SessionFactory ignored = HibernateSchema.buildValidated(readable.dataSource(), readable.engine(),
                Map.of())) {
            checks.add(Check.ok("entities", "Hibernate validates the entities against the schema, as boot does", ""));
        } catch (RuntimeException e) {
            SqliteDatabase.throwIfAJournalTurnedHot(e);
            PosDatabaseException failure = DatabaseBootstrap.validationFailure(database, e);
            checks.add(Check.fail("entities", failure.kind(), failure.getMessage() + ": the till does not start",
                    posdb("drift")));
        }
    }

    /** The plan against the changelog, refused (or not) by the boot's own guard ({@link #historyRefused}: why). */
    private void history(List<HistoryEntry> applied, MigrationPlan plan) {
        try {
            PlanGuards.refuseNewerOrEdited(plan, database, false);
        } catch (PosDatabaseException e) {
            String allowNewer = "boot with --allow-newer-database (" + posdb("boot") + " --allow-newer-database)";
            // A changeset the database recorded (its compatibility, with its undo) is one posdb downgrade undoes:
            // the way back to this release that the refusal names. Without a record, only a release that has it can.
            boolean recorded = plan.unknown().stream().allMatch(r -> r.compatibility() != null);
            String downgrade = posdb("downgrade") + "  (undoes them, newest first, from what the database recorded)";
            String next = e.kind() != BootFailure.NEWER_DATABASE
                    ? "put the edited changeset file(s) back as released (git diff -- changelog/), then "
                            + posdb("status")
                    : plan.unknownAllOfNewerReleases() ? (recorded ? downgrade + "; or install the release that "
                            + "upgraded it" : "install the release that upgraded it, or " + allowNewer)
                    : recorded ? downgrade + "; or put the changeset(s) back in the changelog"
                    : "put the changeset(s) back in the changelog, or roll them back with a checkout whose changelog "
                            + "has them, or " + allowNewer;
            checks.add(Check.fail("history", e.kind(), e.getMessage(), next));
            historyRefused = (e.kind() == BootFailure.NEWER_DATABASE
                    ? DriftReport.unknownChangesets(plan.unknown().stream().map(HistoryEntry::id).toList())
                    : "applied changeset(s) were edited after they ran (" + String.join(", ", plan.modified().stream()
                    .map(m -> m.id()).toList()) + ")") + "; see history";
            return;
        }
        if (applied.isEmpty()) {
            checks.add(Check.ok("history", "no Liquibase history: a legacy database (or an empty one); the next boot "
                    + "adopts it and applies " + plan.pending().size() + " changeset(s)", beforeTheUpgrade()));
            return;
        }
        if (!plan.pending().isEmpty()) {
            checks.add(Check.ok("history", applied.size() + " changeset(s) applied, " + plan.pending().size()
                    + " pending (first " + plan.pending().get(0).id() + "): the next boot applies them",
                    beforeTheUpgrade()));
        } else if (plan.unknown().isEmpty()) {
            checks.add(Check.ok("history", "up to date: " + applied.size() + " changeset(s) applied, last "
                    + applied.get(applied.size() - 1).id(), ""));
        } else {
            // The guard let them through: every one was recorded compatible, as status lists them.
            String whose = plan.unknownAllOfNewerReleases() ? "of a newer release" : "that this changelog does not have";
            checks.add(Check.ok("history", "up to date for posdb " + Release.current() + ": " + applied.size()
                    + " changeset(s) applied, last " + applied.get(applied.size() - 1).id() + ", of which "
                    + plan.unknown().size() + " " + whose + ", each recorded compatible with this release, which runs "
                    + "on the database as they left it: " + String.join("; ", plan.unknown().stream()
                    .map(r -> PlanGuards.describe(r) + ": " + r.compatibility().text()).toList()), ""));
        }
    }

    /**
     * The rows the entities would reject ({@code findings}), then the columns a shop added by hand
     * ({@code madeByHand}): those holding a value ({@code valuesMadeByHand}), which posdb transfer refuses, warn;
     * those NULL in every row hold nothing to lose and are only named.
     */
    private Check data(List<EntityData.Finding> findings, List<SchemaDifference> madeByHand,
                       List<EntityData.Finding> valuesMadeByHand, boolean pending) {
        String deferred = pending ? "; roles are judged once the pending changesets (which map them) ran" : "";
        String evidence = findings.isEmpty()
                ? "no NULL, empty, over-long or unknown values in the columns the entities map" + deferred
                : String.join("; ", findings.stream().map(EntityData.Finding::text).toList())
                        + ": the application fails on these rows or reads them wrong" + deferred;
        if (!valuesMadeByHand.isEmpty()) {
            evidence += "; " + String.join("; ", valuesMadeByHand.stream().map(EntityData.Finding::text).toList())
                    + ": boot keeps such a column, posdb transfer refuses it while a row holds a value in it (the "
                    + "server's schema has no place for it; move a copy without it, docs/running-tills.md)";
        }
        List<String> nullOnly = madeByHand.stream().map(SchemaDifference::name)
                .filter(column -> valuesMadeByHand.stream().noneMatch(f -> f.column().equals(column)))
                .map(column -> column + " (NULL in every row)").toList();
        if (!nullOnly.isEmpty()) {
            evidence += "; column(s) made by hand that the changelog does not own: " + String.join(", ", nullOnly)
                    + ", holding nothing a transfer would lose";
        }
        if (findings.isEmpty() && valuesMadeByHand.isEmpty()) {
            return Check.ok("data", evidence, "");
        }
        String select = (findings.isEmpty() ? valuesMadeByHand : findings).get(0).select();
        String next = database instanceof SqliteDatabase sqlite
                ? "sqlite3 " + ShellWords.quote(sqlite.file()) + " " + ShellWords.quote(select)
                : "psql -c " + ShellWords.quote(select);
        return Check.warn("data", evidence, next);
    }

    /**
     * Drift, and the objects the changelog does not own; on a database with no changeset applied (a legacy shop)
     * only those, compared with what the changesets adopting it make ({@link DriftCheck#differences}).
     */
    private void drift(Comparison comparison, List<HistoryEntry> applied, MigrationPlan plan) {
        boolean adopted = !applied.isEmpty();
        if (historyRefused != null) {
            checks.add(Check.ok("drift", DriftReport.notComparedText(historyRefused), ""));
            return;
        }
        if (comparison.failure() != null) {
            MigrationException e = comparison.failure();
            // posdb drift would fail the same way for its temporary folder: the way out is the setting.
            boolean temporaryFolder = DatabaseFailures.of(database, e).kind() == BootFailure.NOT_WRITABLE;
            checks.add(Check.warn("drift", "cannot compare: " + FailureReason.of(e),
                    temporaryFolder ? ANOTHER_TEMPORARY_FOLDER : posdb("drift")));
            return;
        }
        List<SchemaDifference> differences = comparison.differences();
        // Each difference as posdb drift --json gives it (the --json report's and the bundle's), split between the
        // two checks as the evidence words it: drift's sentences, the unowned objects' labels.
        List<DriftDifference> drift = differences.stream()
                .filter(d -> d.kind() != SchemaDifference.Kind.NOT_IN_EXPECTED).map(DriftReport::differenceOf).toList();
        List<DriftDifference> unowned = differences.stream()
                .filter(d -> d.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED).map(DriftReport::differenceOf).toList();
        // Changesets the history check let through (recorded compatible): compared but for what they changed, as
        // posdb drift says it.
        List<String> newer = plan.newerCompatible().stream().map(HistoryEntry::id).toList();
        String notComparedChangesets = newer.isEmpty() ? "" : "; " + DriftReport.notComparedChangesetsText(newer);
        checks.add(!adopted ? Check.ok("drift", DriftReport.notComparedText(DriftReport.NO_CHANGESET_APPLIED), "")
                : (drift.isEmpty() ? Check.ok("drift", "the schema is what the applied changesets produce"
                        + notComparedChangesets, "")
                : Check.fail("drift", BootFailure.SCHEMA_DRIFT, drift.size() + " difference(s) from what the applied "
                        + "changesets produce: " + String.join("; ", drift.stream().map(DriftDifference::text)
                        .toList()) + notComparedChangesets, posdb("drift"))).withDifferences(drift));
        checks.add((unowned.isEmpty() ? Check.ok("unowned objects", "every object is the changelog's", "")
                : Check.warn("unowned objects", unowned.size() + " object(s) the changelog does not own: "
                        + String.join(", ", unowned.stream().map(DriftDifference::object).toList()) + "; "
                        + DriftReport.UNOWNED_AT_BOOT, posdb("drift"))).withDifferences(unowned));
    }


    private static String octal(Set<PosixFilePermission> mode) {
        return String.format(Locale.ROOT, "%03o", mode.stream().mapToInt(p -> 1 << (8 - p.ordinal())).sum());
    }
}
