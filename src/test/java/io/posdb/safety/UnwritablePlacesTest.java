package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.bench.LegacyDatabaseGenerator;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.OperatorMessages;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read-only database and a disk that fills up mid-upgrade, on real file systems. As a
 * normal user (a developer, GitHub's runners): read-only file and folder by permissions. As
 * root, where permissions do not bind: small tmpfs mounts, remounted read-only where needed,
 * and filled up (exit 7). Each group is skipped, saying why, where it cannot run.
 */
@Tag("process")
class UnwritablePlacesTest {

    @TempDir
    Path dir;

    private Path mountPoint;

    private Path madeReadOnly;

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            run("umount", mountPoint.toString());
        }
        if (madeReadOnly != null) { // so that @TempDir can delete it
            run("chmod", "-R", "u+w", madeReadOnly.toString());
        }
    }

    @Test
    void aDatabaseFileWithoutWritePermissionIsRefusedAndLeftAsItWas() throws Exception {
        Path file = LegacyDatabases.shop(Files.createDirectories(dir.resolve("shop")).resolve("pos.db"));
        String before = Bytes.digest(file);
        makeReadOnly(file);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains(file.toString()).contains("read-only");
        assertThat(Bytes.digest(file)).isEqualTo(before);
        assertThat(file.resolveSibling("pos.db.lock")).as("refused before the lock: no lock file made").doesNotExist();
    }

    @Test
    void aFolderWithoutWritePermissionIsRefusedAndTheDatabaseLeftAsItWas() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("shop"));
        Path file = LegacyDatabases.shop(folder.resolve("pos.db"));
        String before = Bytes.digest(file);
        makeReadOnly(folder);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains(folder.toString()).contains("writable");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    @Test
    void aReadOnlyDatabaseIsRefusedAndLeftAsItWas() throws Exception {
        Path place = mountTmpfs("4m");
        Path file = LegacyDatabases.shop(place.resolve("pos.db"));
        String before = Bytes.digest(file);
        run("mount", "-o", "remount,ro", place.toString());

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains(file.getParent().toString()).containsIgnoringCase("read-only");
        // In the words every command uses for it (the write check's), naming the database, not a lock file.
        assertThat(result.stderr()).contains("posdb boot: Database " + file + " is read-only")
                .doesNotContain("lock file");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    @Test
    void aDiskThatFillsUpMidUpgradeLeavesTheDatabaseAsItWas() throws Exception {
        Path generated = LegacyDatabaseGenerator.generate(dir.resolve("big.db"), 60_000, 0);
        long size = Files.size(generated);
        // Room for the database and its snapshot, not for the upgrade's journal and audit rows.
        Path place = mountTmpfs(((2 * size + 600_000) / 1024) + "k");
        Path file = Files.copy(generated, place.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, List<String>> rows = DatabaseContents.businessRows(generated);
        Map<String, String> schema = DatabaseContents.schema(generated);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains("restored");
        // The snapshot is SQLite's page copy (issue #10): the same rows and schema, not the same bytes.
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        assertThat(file.resolveSibling("pos.db-journal")).doesNotExist();
    }

    /**
     * A small shop on a disk with room for its snapshot but not for the upgrade: the disk fills up in
     * Liquibase's own tables or in the run's record, outside any changeset, where Liquibase reports it as "check
     * your permissions" or, having rolled back after SQLite already had, as "cannot rollback - no transaction is
     * active" (exit 1). Whichever step meets it (room decides), it is the full disk: exit 7, one line and the
     * advice to free space, no stack trace, the shop as it was, and the attempt recorded or said to be unrecorded.
     */
    @ParameterizedTest(name = "{0} KB free beside the snapshot")
    @ValueSource(ints = {40, 60})
    void aDiskThatFillsUpOutsideAnyChangeSetIsExit7AskingForSpaceWithoutAStackTrace(int roomBesideSnapshotKb)
            throws Exception {
        Path place = mountTmpfs("160k");
        Path file = WalFiles.shop(place.resolve("pos.db"), JournalMode.WAL);
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);
        fill(place, Files.size(file) + roomBesideSnapshotKb * 1024L);

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        List<String> failure = boot.stderr().lines().dropWhile(l -> !l.startsWith("posdb boot: ")).toList();
        assertThat(failure).as(boot.stderr()).hasSize(2);
        assertThat(failure.get(0)).contains("the disk is full").contains("SQLITE_FULL").contains("restored")
                .doesNotContain("permissions").doesNotContain("no transaction is active");
        assertThat(failure.get(1)).startsWith("  to do:    free space beside the database");
        failure.forEach(OperatorMessages::assertSaysWhy);
        assertThat(boot.stderr()).doesNotContainPattern("(?m)^\\s+at ").doesNotContain("Caused by")
                .doesNotContainPattern("\\b[A-Z]\\w+(?:Exception|Error)\\b");
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        PosdbProcess.Result runs = PosdbProcess.run(dir, "history", "--runs", "--db", file.toString());
        if (failure.get(0).contains("the disk is too full to keep the record of this attempt")) {
            assertThat(runs.stdout()).contains("No upgrade or rollback recorded");
        } else {
            assertThat(runs.stdout()).as(runs.stderr()).contains("failed-restored").contains("the disk is full");
        }
    }

    /**
     * A temporary folder with room for a rehearsal's copy but not for the snapshot its upgrade takes: the place's
     * failure, exit 7 as boot's on a disk too full for its snapshot (never 1, a failed migration), in one line naming
     * that folder, the room left there and the setting that gives Java another, not beside the database (whose disk
     * has room) nor the copy's private folder, gone by then; the shop is not touched: neither a rollback-journal file
     * nor a WAL file with committed sales still in its -wal (as the legacy backend leaves them), whose -wal is not
     * checkpointed away. SQLite's library is unpacked elsewhere: the folder's room is the copy's alone.
     */
    @ParameterizedTest(name = "journal_mode={0}")
    @EnumSource(JournalMode.class)
    void aTemporaryFolderTooFullForTheRehearsalsSnapshotIsExit7NamingThatFolderAndTheSetting(JournalMode mode)
            throws Exception {
        // Room for the copy (the file and its -wal's pages) and the files beside it, not for a second copy (the
        // snapshot).
        rehearsalRefusedByAFullTemporaryFolder(mode, 1);
    }

    /**
     * Room for the copy and the snapshot its upgrade takes, not for what the changesets and Liquibase's tables write:
     * the temporary folder's failure too, in the same words. It read "Upgrade failed: Migration failed on" the shop,
     * "the disk is full (N bytes free in" the copy's private folder, deleted by then: the shop's migration named as
     * failed, and no folder the operator could free.
     */
    @ParameterizedTest(name = "journal_mode={0}")
    @EnumSource(JournalMode.class)
    void aTemporaryFolderTooFullForTheRehearsalsUpgradeIsExit7NamingThatFolderNotAFailedMigration(JournalMode mode)
            throws Exception {
        rehearsalRefusedByAFullTemporaryFolder(mode, 2);
    }

    /** A rehearsal of a shop in {@code mode} in a temporary folder with room for {@code copies} copies of it. */
    private void rehearsalRefusedByAFullTemporaryFolder(JournalMode mode, int copies) throws Exception {
        Path place = mountTmpfs("1m");
        Path shop = Files.createDirectories(dir.resolve("shop"));
        Path file = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shop.resolve("pos.db"), 3)
                : WalFiles.shop(shop.resolve("pos.db"), mode);
        Path wal = SideFiles.sibling(file, SideFiles.WAL);
        if (mode == JournalMode.WAL) {
            assertThat(Files.size(wal)).as("committed sales still in the -wal").isPositive();
        }
        Map<String, String> before = Bytes.folder(shop);
        fill(place, copies * (Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0)) + 24 * 1024);

        PosdbProcess.Result rehearse = PosdbProcess.run(dir, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + place
                + " -Dorg.sqlite.tmpdir=" + System.getProperty("java.io.tmpdir")), "rehearse", "--db", file.toString());

        assertThat(rehearse.exitCode()).as(rehearse.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        List<String> failure = rehearse.stderr().lines().dropWhile(l -> !l.startsWith("posdb rehearse: ")).toList();
        assertThat(failure).as(rehearse.stderr()).singleElement().asString()
                .containsPattern("^posdb rehearse: The temporary folder " + Pattern.quote(place.toString())
                        + " \\(java\\.io\\.tmpdir\\) has \\d+ bytes free with the copy in it, too little for the "
                        + "rehearsal's upgrade of its copy of " + Pattern.quote(file.toString()) + " \\(")
                .contains("SQLITE_FULL", "free space there, or give Java a temporary folder with room",
                        "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>", file + " was not touched")
                .doesNotContain("Migration failed", "Upgrade failed", "beside the database", "to do:");
        failure.forEach(OperatorMessages::assertSaysWhy);
        assertThat(Bytes.folder(shop)).as("the shop's file and its -wal, the same bytes and no file beside them")
                .isEqualTo(before);
    }

    /**
     * A file with a hot -journal is read (status) on a private copy with the journal rolled back, made in Java's
     * temporary folder: when that folder is too full for the copy, the failure is the temporary folder's, one line
     * naming that folder and the setting for another (as every temporary folder's failure), with no to do sending
     * the operator to free space beside the database, whose disk has room; the shop is left as it was found.
     */
    @Test
    void aTemporaryFolderTooFullForTheCopyOfAFileWithAHotJournalAsksForRoomThereNotBesideTheDatabase()
            throws Exception {
        Path place = mountTmpfs("1m");
        Path shop = Files.createDirectories(dir.resolve("shop"));
        Path file = WalFiles.shopWithHotJournal(shop.resolve("pos.db"), 200);
        Map<String, String> before = Bytes.folder(shop);
        fill(place, Files.size(file) / 2); // room for the private folder, not for the copy

        PosdbProcess.Result status = PosdbProcess.run(dir, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + place
                + " -Dorg.sqlite.tmpdir=" + System.getProperty("java.io.tmpdir")), "status", "--db", file.toString());

        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        List<String> failure = status.stderr().lines().dropWhile(l -> !l.startsWith("posdb status: ")).toList();
        assertThat(failure).as(status.stderr()).singleElement().asString()
                .contains("into the private folder " + place, "No space left on device",
                        "Give Java a temporary folder it can write, with room for a copy of the file",
                        "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>");
        assertThat(status.stderr()).doesNotContain("beside the database").doesNotContain("to do:");
        failure.forEach(OperatorMessages::assertSaysWhy);
        assertThat(Bytes.folder(shop)).as("the shop's file and its -journal, as found").isEqualTo(before);
    }

    /**
     * A boot after a kill mid-upgrade restores the killed run's snapshot (in place: no room needed), then has no room
     * for its own snapshot: the refusal says the restore happened and nothing else changed, not "nothing was
     * changed" after its own log line said the file was restored.
     */
    @Test
    void aDiskTooFullForTheSnapshotAfterTheRestoreOfAKilledUpgradeSaysTheRestoreHappened() throws Exception {
        Path generated = LegacyDatabaseGenerator.generate(dir.resolve("big.db"), 60_000, 0);
        long size = Files.size(generated);
        Path place = mountTmpfs((size * 4 / 1024) + "k");
        Path file = Files.copy(generated, place.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
        // The kill: the upgrade took its snapshot and marker, and had begun changing the file.
        new UpgradeSnapshots(SqliteDatabase.at(file)).take("2.0.0", Map.of()).orElseThrow();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE half_upgraded (id INTEGER)");
        }
        fill(place, size / 2); // room for the restore's record, not for a new snapshot

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains("Restored " + file + " to its state before the upgrade");
        String refusal = result.stderr().lines().filter(l -> l.startsWith("posdb boot: ")).findFirst().orElseThrow();
        assertThat(refusal).contains("Cannot take the snapshot", "the interrupted upgrade was undone first (" + file
                + " restored from its snapshot ", "and nothing else was changed").doesNotContain("; nothing was changed");
        assertThat(file.resolveSibling("pos.db.upgrading")).as("the restore finished").doesNotExist();
        assertThat(DatabaseContents.schema(file)).as("the killed upgrade's change undone")
                .doesNotContainKey("half_upgraded");
    }

    @Test
    void aDiskTooFullForTheSnapshotChangesNothing() throws Exception {
        Path generated = LegacyDatabaseGenerator.generate(dir.resolve("big.db"), 60_000, 0);
        Path place = mountTmpfs(((Files.size(generated) * 3 / 2) / 1024) + "k");
        Path file = Files.copy(generated, place.resolve("pos.db"), StandardCopyOption.REPLACE_EXISTING);
        String before = Bytes.digest(file);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains("snapshot");
        assertThat(Bytes.digest(file)).isEqualTo(before);
        try (var files = Files.list(place)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".snapshot") || n.endsWith(".partial"));
        }
    }

    /**
     * A disk with no room at all: the first write of an upgrade is the lock's holder, in {@code <db>.lock}. It is said
     * as every later write on a full disk is (exit 7, the disk is full, the bytes free beside the database), not as
     * the file system's bare "No space left on device".
     */
    @Test
    void aDiskTooFullForTheLocksHolderIsExit7SayingTheDiskIsFullWithTheBytesFree() throws Exception {
        Path place = mountTmpfs("1m");
        Path file = WalFiles.shop(place.resolve("pos.db"), JournalMode.DELETE);
        String before = Bytes.digest(file);
        fill(place, 0);

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(boot.stderr()).contains("Cannot lock " + file + ".lock: the disk is full (")
                .containsPattern("\\d+ bytes free in " + Pattern.quote(place.toString()));
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    @Test
    void aWalFileOnAFullDiskIsExit7FromBootAndDoctorAndTheDoctorAsksForSpaceNotForARestore() throws Exception {
        Path place = mountTmpfs("1m");
        Path file = WalFiles.shop(place.resolve("pos.db"), JournalMode.WAL);
        String before = Bytes.digest(file);
        // Room for posdb's lock file, not for the 32 KB -shm SQLite reads a WAL file through.
        fill(place, 16 * 1024);

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());
        PosdbProcess.Result doctor = PosdbProcess.run(dir, "doctor", "--db", file.toString());

        // Opening a WAL file writes first: SQLite grows the -shm, which a full disk refuses (SQLITE_IOERR_SHMSIZE).
        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(boot.stderr()).containsPattern("\\d+ bytes free in " + Pattern.quote(place.toString()));
        assertThat(doctor.exitCode()).as(doctor.stdout()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(doctor.stdout()).contains("free space in").doesNotContain("backup").doesNotContain("restore");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    /**
     * Its header is ahead of the file: SQLite must roll the -journal back before the file can be read. A command
     * that writes cannot do it on a read-only place, which is a cannot-write, not a damaged file; one that writes
     * nothing reads a private copy with the journal rolled back, as it does anywhere, and so still answers.
     */
    @Test
    void aCutTransactionOnAReadOnlyPlaceIsACannotWriteNotADamagedFile() throws Exception {
        Path place = mountTmpfs("4m");
        Path file = WalFiles.cutTransaction(WalFiles.shop(place.resolve("pos.db"), JournalMode.DELETE), 2_000, true);
        run("mount", "-o", "remount,ro", place.toString());

        PosdbProcess.Result boot = PosdbProcess.run(dir, "boot", "--db", file.toString());
        PosdbProcess.Result status = PosdbProcess.run(dir, "status", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(3); // the legacy shop's changesets are pending
    }

    /**
     * A WAL shop copied with its -wal and without its -shm, into a folder this account cannot write (as root: a
     * tmpfs remounted read-only): SQLite must create the -shm to read the -wal, even to read, and says only
     * SQLITE_CANTOPEN. Every command says which folder, that the -shm is needed and how to get on; the doctor does
     * not send the operator to free space on a disk that has plenty.
     */
    @Test
    void aWalShopCopiedWithoutItsShmIntoAFolderThatCannotBeWrittenIsExit7NamingTheShmFromEveryCommand()
            throws Exception {
        Path place = isRoot() ? mountTmpfs("4m") : Files.createDirectories(dir.resolve("copy"));
        Path file = WalFiles.commitToWalOnly(WalFiles.shop(place.resolve("pos.db"), JournalMode.WAL), 3);
        Files.deleteIfExists(file.resolveSibling("pos.db-shm")); // copied without it
        assertThat(file.resolveSibling("pos.db-wal")).isNotEmptyFile();
        if (isRoot()) {
            run("mount", "-o", "remount,ro", place.toString());
        } else {
            makeReadOnly(place);
        }

        for (String command : List.of("status", "history")) {
            PosdbProcess.Result result = PosdbProcess.run(dir, command, "--db", file.toString());

            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
            assertThat(result.stderr()).as(command).contains("the folder " + place + " cannot be written",
                    "SQLite must create pos.db-shm there to read the pos.db-wal", "copy the pos.db-shm too");
        }
        PosdbProcess.Result doctor = PosdbProcess.run(dir, "doctor", "--db", file.toString());
        assertThat(doctor.exitCode()).as(doctor.stdout()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(doctor.stdout()).contains("SQLite must create pos.db-shm", "next: copy '" + place
                + "/pos.db-shm'").doesNotContain("free space in").doesNotContain("restore");
    }

    /**
     * sqlite-jdbc unpacks SQLite's native library into a temporary folder before the first connection: one
     * it cannot use (here a file where the folder should be; as root also a tmpfs mounted noexec, the common
     * hardening of /tmp) leaves the process without SQLite. Every command says so with exit 7, naming the
     * folder and the setting, instead of "Error opening connection" (exit 1) or a JVM stack trace.
     */
    @Test
    void aTemporaryFolderSqliteCannotRunFromIsExit7FromEveryCommandNamingTheFolder() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        String before = Bytes.digest(file);
        List<Path> places = new java.util.ArrayList<>(List.of(Files.writeString(dir.resolve("not-a-folder"), "x")));
        if (isRoot()) {
            Path noexec = mountTmpfs("16m");
            run("mount", "-o", "remount,noexec", noexec.toString());
            places.add(noexec);
        }
        for (Path place : places) {
            Map<String, String> environment = Map.of("JAVA_TOOL_OPTIONS", "-Dorg.sqlite.tmpdir=" + place);
            for (String command : List.of("boot", "validate", "doctor")) {
                PosdbProcess.Result result = PosdbProcess.run(dir, environment, command, "--db", file.toString());

                assertThat(result.exitCode()).as(command + " with " + place + ": " + result.stderr() + result.stdout())
                        .isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
                assertThat(result.stdout() + result.stderr()).as(command)
                        .contains("SQLite cannot start").contains(place.toString()).contains("-Dorg.sqlite.tmpdir=")
                        .doesNotContain("Exception in thread").doesNotContain("backup")
                        .as(command + ": no stack trace without --verbose (sqlite-jdbc's loader logged its own)")
                        .doesNotContain("\tat ");
            }
        }
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    /**
     * A rehearsal and update-sql copy the shop into the temporary folder first: a full one (a small /tmp in
     * memory) is exit 7 naming the folder, its free space and the setting for another, not a failed migration
     * (exit 1), and the shop is not touched.
     */
    @Test
    void aFullTemporaryFolderIsExit7ForTheCopyNamingTheFolderAndTheSetting() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        String before = Bytes.digest(file);
        Path place = mountTmpfs("1m");
        fill(place, 8 * 1024);
        // sqlite-jdbc's library is unpacked elsewhere: only the copy finds the folder full.
        Map<String, String> environment = Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + place
                + " -Dorg.sqlite.tmpdir=" + Files.createDirectories(dir.resolve("sqlite-library")));

        for (String command : List.of("rehearse", "update-sql")) {
            PosdbProcess.Result result = PosdbProcess.run(dir, environment, command, "--db", file.toString());

            assertThat(result.exitCode()).as(command + ": " + result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
            assertThat(result.stderr()).as(command).containsPattern("The temporary folder " + Pattern.quote(place.toString())
                            + " has \\d+ bytes free, and the private copy of " + Pattern.quote(file.toString()))
                    .contains("JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=").contains("the database was not touched");
        }
        try (java.util.stream.Stream<Path> left = Files.list(place)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no copy left behind").containsExactly("filler");
        }
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    @Test
    void aTemporaryFolderThatDoesNotExistIsExit7ForTheCopyNamingTheSetting() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        String before = Bytes.digest(file);
        Path missing = dir.resolve("no-such-folder");
        Map<String, String> environment = Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + missing
                + " -Dorg.sqlite.tmpdir=" + Files.createDirectories(dir.resolve("sqlite-library")));

        PosdbProcess.Result result = PosdbProcess.run(dir, environment, "rehearse", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
        assertThat(result.stderr()).contains("Cannot make a private folder for a copy of " + file
                + " in the temporary folder " + missing + " (java.io.tmpdir)", "-Djava.io.tmpdir=<folder>",
                "the database was not touched");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    /** Fills the file system {@code place} is on, leaving {@code room} bytes free. */
    private static void fill(Path place, long room) throws IOException {
        Path filler = place.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full: now give back the room asked for
        }
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - room);
        }
    }

    private void makeReadOnly(Path path) throws Exception {
        assumeThat(isRoot()).as("as root, file permissions do not bind (root writes anyway); the tmpfs tests "
                + "below cover read-only places there").isFalse();
        madeReadOnly = path;
        run("chmod", "a-w", path.toString());
    }

    private Path mountTmpfs(String size) throws Exception {
        assumeThat(isRoot()).as("mounting a small tmpfs needs root; the permission tests above run instead")
                .isTrue();
        Path place = Files.createDirectories(dir.resolve("mnt"));
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", place.toString());
        mountPoint = place;
        return place;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        InProcessOnly.refuse("runs " + command[0] + " as a process", "process");
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
