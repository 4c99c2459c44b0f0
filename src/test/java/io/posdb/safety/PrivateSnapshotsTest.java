package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.FileModes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #19: a shop file kept at 0600 (PIN hashes, every sale) must not get a snapshot, a
 * marker, a lock or a restored file beside it that other accounts can read. The test JVM's
 * umask is the usual 022, under which a file created plainly is 0644: each check here fails
 * on a copy made with the umask.
 */
@ExtendWith(QuietLogs.class)
class PrivateSnapshotsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theSnapshotOfAnOwnerOnlyDatabaseIsOwnerOnly(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-------");

        boot(file);

        assertThat(FileModes.of(snapshot())).isEqualTo("rw-------");
        assertThat(WalFiles.journalMode(snapshot())).isEqualTo(mode.name().toLowerCase());
        assertThat(FileModes.of(UpgradeLock.lockFile(file))).as("the lock file").isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList())
                    .as("no partial copy left").isEmpty();
        }
    }

    /**
     * The folders a boot creates for a new database are its owner's alone (0700), as the file is 0600: under the
     * usual umask 022 a folder created plainly is 0755, and every account could list the snapshots and side files
     * beside the shop. A folder that was there already keeps its mode.
     */
    @Test
    void theFoldersABootCreatesForANewDatabaseAreOwnerOnly() throws Exception {
        Path file = dir.resolve("till/data/pos.db");
        String tempDirMode = FileModes.of(dir);

        boot(file);

        assertThat(FileModes.of(dir.resolve("till"))).isEqualTo("rwx------");
        assertThat(FileModes.of(dir.resolve("till/data"))).isEqualTo("rwx------");
        assertThat(FileModes.of(file)).isEqualTo("rw-------");
        assertThat(FileModes.of(dir)).as("a folder that was there").isEqualTo(tempDirMode);
    }

    @org.junit.jupiter.api.Test
    void aDatabaseTheBootCreatesIsOwnerOnlyWhateverTheUmaskAndSoAreItsSideFilesAndItsLockFile() throws Exception {
        // It will hold PIN hashes and every sale (the doctor warns of one every account can read); under the usual
        // umask 022 a file SQLite creates plainly is 0644.
        Path file = dir.resolve("new/pos.db");

        boot(file);

        assertThat(FileModes.of(file)).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            // The lock file too, made before the database: it names the process that upgrades the shop.
            assertThat(files.filter(f -> f.getFileName().toString().matches("pos\\.db(-(wal|shm|journal)|\\.lock)"))
                    .toList()).contains(file.resolveSibling("pos.db.lock"))
                    .allSatisfy(side -> assertThat(FileModes.of(side)).as(side.toString()).isEqualTo("rw-------"));
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theSnapshotOfAGroupReadableDatabaseIsGroupReadableAndNoMore(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-r-----");

        boot(file);

        assertThat(FileModes.of(snapshot())).isEqualTo("rw-r-----");
    }

    /** SQLite gives a file's -journal, -wal and -shm the file's own mode: the copy's side files follow it. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theSideFilesSqliteMakesBesideASnapshotAreAsPrivateAsIt(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-------");
        boot(file);
        Path snapshot = snapshot();

        try (Connection connection = LegacyDatabases.open(snapshot); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE side_file_probe (x)"); // writes pages: the journal or the WAL exists now
            List<Path> sideFiles = WalFiles.sideFiles(snapshot);
            assertThat(sideFiles).as("side files while writing in " + mode).isNotEmpty();
            for (Path side : sideFiles) {
                assertThat(FileModes.of(side)).as(side.toString()).isEqualTo("rw-------");
            }
            connection.rollback();
        }
    }

    @Test
    void theMarkerNamingTheSnapshotIsAsPrivateAsTheDatabase() throws Exception {
        Path file = FileModes.set(LegacyDatabases.shop(dir.resolve("pos.db")), "rw-------");
        UpgradeSnapshots snapshots = new UpgradeSnapshots(SqliteDatabase.at(file));

        Path snapshot = snapshots.take("2.0.0", Map.of()).orElseThrow();

        assertThat(FileModes.of(snapshot)).isEqualTo("rw-------");
        assertThat(FileModes.of(snapshots.marker())).isEqualTo("rw-------");
    }

    @Test
    void aDatabaseRestoredAfterItWasDeletedIsAsPrivateAsItsSnapshot() throws Exception {
        Path file = FileModes.set(LegacyDatabases.shop(dir.resolve("pos.db")), "rw-------");
        UpgradeSnapshots snapshots = new UpgradeSnapshots(SqliteDatabase.at(file));
        String before = Bytes.digest(snapshots.take("2.0.0", Map.of()).orElseThrow());
        Files.delete(file); // e.g. a failed upgrade's clean-up, or an operator, before the next boot

        snapshots.restoreInterrupted(snapshots.interrupted().orElseThrow(), "upgrade"); // the marker names the snapshot

        assertThat(Bytes.digest(file)).isEqualTo(before);
        assertThat(FileModes.of(file)).isEqualTo("rw-------");
    }

    /**
     * Group bits mean something only for the database's group: the copy is given that group
     * (root, or a member, may), so the same people read it. Needs a process that may change
     * the database's group (the tests run as root); skipped otherwise.
     */
    @Test
    void aGroupReadableSnapshotBelongsToTheDatabasesGroup() throws Exception {
        Path file = FileModes.set(LegacyDatabases.shop(dir.resolve("pos.db")), "rw-r-----");
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        GroupPrincipal other = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon");
        assumeThat(other).as("a group other than the process's").isNotEqualTo(view.readAttributes().group());
        try {
            view.setGroup(other);
        } catch (IOException e) {
            assumeThat(e).as("this process may not give the database another group").isNull();
        }

        boot(file);

        PosixFileAttributeView snapshot = Files.getFileAttributeView(snapshot(), PosixFileAttributeView.class);
        assertThat(snapshot.readAttributes().group()).isEqualTo(other);
        assertThat(FileModes.of(snapshot())).isEqualTo("rw-r-----");
    }

    /**
     * An operator who upgrades a till's file as root ({@code sudo posdb update}) leaves the lock file,
     * the snapshot and the marker's record to the account the till runs as, which otherwise could not
     * open the lock at its next boot (exit 7). Needs root (chown); skipped otherwise.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void filesMadeBesideADatabaseUpgradedAsRootBelongToTheDatabasesOwner(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-------");
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        UserPrincipal till = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            view.setOwner(till);
        } catch (IOException e) {
            assumeThat(e).as("this process may not give the database another owner (it is not root)").isNull();
        }

        boot(file);

        List<Path> made;
        try (Stream<Path> files = Files.list(dir)) {
            made = files.filter(f -> !f.equals(file)).toList();
        }
        assertThat(made).extracting(f -> f.getFileName().toString())
                .anyMatch(name -> name.endsWith(".snapshot")).contains("pos.db.lock");
        for (Path each : made) {
            assertThat(Files.getOwner(each)).as(each.toString()).isEqualTo(till);
            assertThat(FileModes.of(each)).as(each.toString()).isEqualTo("rw-------");
        }
        assertThat(Files.getOwner(file)).isEqualTo(till);
    }

    private Path snapshot() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".snapshot")).findFirst().orElseThrow();
        }
    }

    private static void boot(Path file) throws Exception {
        new DatabaseBoot(SqliteDatabase.at(file),
                PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).keepSnapshots(3).allowNewerDatabase(false)
                .changelog(ChangelogSource.packaged()).build()).boot().close();
    }
}
