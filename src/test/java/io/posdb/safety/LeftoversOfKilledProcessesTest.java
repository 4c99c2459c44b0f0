package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.files.TemporaryFolder;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a killed posdb process leaves is removed by the next one: a snapshot cut short beside the shop (by the
 * next upgrade) and a private folder in the temporary folder (by the next posdb work that makes one). A folder
 * left by a killed process is planted here as the kernel leaves it: its {@code .posdb-in-use} file, which no
 * process holds locked any more. {@code StoppedAndKilledCopiesProcessTest} makes them with real kills.
 */
@ExtendWith(QuietLogs.class)
class LeftoversOfKilledProcessesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theNextUpgradeRemovesTheSnapshotAKilledOneCutShortAndKeepsWhatIsNotPosdbs(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Path cutShort = Files.write(dir.resolve("pos.db.20260101-080000-000.before-2.0.0.snapshot.partial"),
                new byte[64 * 1024]);
        Path itsJournal = Files.write(dir.resolve(cutShort.getFileName() + "-journal"), new byte[512]);
        Path markerCutShort = Files.writeString(dir.resolve("pos.db.upgrading.partial"), "pos.db.2026");
        Path notPosdbs = Files.writeString(dir.resolve("pos.db.notes.partial"), "kept");
        UpgradeSnapshots snapshots = new UpgradeSnapshots(SqliteDatabase.at(file));
        assertThat(snapshots.cutShort()).containsExactly(cutShort, itsJournal, markerCutShort);

        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();

        assertThat(cutShort).doesNotExist();
        assertThat(itsJournal).doesNotExist();
        assertThat(markerCutShort).doesNotExist();
        assertThat(notPosdbs).hasContent("kept");
        assertThat(snapshots.snapshots()).as("the upgrade's own, whole snapshot").hasSize(1);
        assertThat(snapshots.cutShort()).isEmpty();
    }

    @Test
    void aFolderAKilledProcessLeftIsRemovedWhenTheNextOneIsMade() throws Exception {
        Path shop = dir.resolve("shop/pos.db");
        Path left = killedProcessFolder(dir, "posdb-rehearsal-1", shop);
        assertThat(TemporaryFolder.abandoned(dir)).singleElement().satisfies(abandoned -> {
            assertThat(abandoned.folder()).isEqualTo(left);
            assertThat(abandoned.copyOf()).contains(shop);
            assertThat(abandoned.bytes()).isGreaterThanOrEqualTo(100_000);
        });

        Path made;
        try (TemporaryFolder folder = TemporaryFolder.create(dir, "posdb-rehearsal-", shop)) {
            made = folder.path();
            assertThat(left).doesNotExist();
            assertThat(made).isDirectory();
            assertThat(TemporaryFolder.abandoned(dir)).as("a folder in use is not abandoned").isEmpty();
        }
        assertThat(made).doesNotExist();
    }

    @Test
    void aFolderThisProcessStillUsesIsNotTakenByTheNextOne() throws Exception {
        try (TemporaryFolder first = TemporaryFolder.create(dir, "posdb-drift-", null)) {
            Files.writeString(first.path().resolve("expected.db"), "in use");
            try (TemporaryFolder second = TemporaryFolder.create(dir, "posdb-drift-", null)) {
                assertThat(first.path().resolve("expected.db")).hasContent("in use");
                assertThat(second.path()).isNotEqualTo(first.path());
            }
            assertThat(first.path().resolve("expected.db")).hasContent("in use");
        }
        assertThat(posdbFolders(dir)).isEmpty();
    }

    @Test
    void aFolderWithoutTheInUseFileIsNeverTouched() throws Exception {
        Path notOurs = Files.createDirectories(dir.resolve("posdb-made-by-someone-else"));
        Files.writeString(notOurs.resolve("data.db"), "theirs");

        try (TemporaryFolder folder = TemporaryFolder.create(dir, "posdb-doctor-", null)) {
            assertThat(folder.path()).isDirectory();
        }

        assertThat(notOurs.resolve("data.db")).hasContent("theirs");
        assertThat(TemporaryFolder.abandoned(dir)).isEmpty();
    }

    @Test
    void aFolderOthersMayWriteInIsListedButNeverTaken() throws Exception {
        Path shop = dir.resolve("shop/pos.db");
        Path open = killedProcessFolder(dir, "posdb-rehearsal-open", shop);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(TemporaryFolder.abandoned(dir)).extracting(TemporaryFolder.Abandoned::folder).containsExactly(open);
        try (TemporaryFolder folder = TemporaryFolder.create(dir, "posdb-rehearsal-", shop)) {
            assertThat(open.resolve("pos.db.partial")).exists();
        }
        assertThat(posdbFolders(dir)).containsExactly(open);
    }

    @Test
    void aFolderAnotherAccountLeftIsListedToRootButNeverTaken() throws Exception {
        assumeThat(System.getProperty("user.name")).as("only root can give a folder away").isEqualTo("root");
        Path theirs = killedProcessFolder(dir, "posdb-rehearsal-theirs", dir.resolve("shop/pos.db"));
        Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        // Root may lock its in-use file: the doctor run with sudo names the till account's copies.
        assertThat(TemporaryFolder.abandoned(dir)).extracting(TemporaryFolder.Abandoned::folder).containsExactly(theirs);
        try (TemporaryFolder folder = TemporaryFolder.create(dir, "posdb-drift-", null)) {
            assertThat(theirs.resolve("pos.db.partial")).exists();
        }
        assertThat(theirs.resolve("pos.db.partial")).exists();
    }

    /**
     * Two deleters of one folder at once: its owner closing it and another process that judged it abandoned the moment
     * its lock went (a till booting as a rehearsal ends). Each round deletes a folder while a second deleter empties it
     * too: the folder is gone and neither failed. Files.walk threw when a file vanished under it (lint failed so, its
     * cache folder shared by two test JVMs).
     */
    @Test
    void aFolderAnotherDeleterEmptiesAtTheSameTimeIsDeletedWithoutAFailure() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 20; round++) {
                Path folder = Files.createDirectories(dir.resolve("posdb-scratch-" + round + "/nested"))
                        .getParent();
                for (int i = 0; i < 300; i++) {
                    Files.writeString(folder.resolve((i % 2 == 0 ? "" : "nested/") + "file-" + i), "x");
                }
                CountDownLatch start = new CountDownLatch(1);
                Future<?> deletedThere = other.submit(() -> {
                    start.await();
                    TemporaryFolder.deleteTree(folder);
                    return null;
                });
                start.countDown();
                TemporaryFolder.deleteTree(folder);
                deletedThere.get();
                assertThat(folder).doesNotExist();
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** A folder as a killed process leaves it: a copy of {@code shop} and the in-use file nobody locks. */
    static Path killedProcessFolder(Path parent, String name, Path shop) throws Exception {
        Path folder = Files.createDirectories(parent.resolve(name));
        Files.write(folder.resolve("pos.db.partial"), new byte[100_000]);
        Files.writeString(folder.resolve(".posdb-in-use"), shop == null ? "" : shop.toString(), StandardCharsets.UTF_8);
        return folder;
    }

    private static List<Path> posdbFolders(Path parent) throws Exception {
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("posdb-")).toList();
        }
    }
}
