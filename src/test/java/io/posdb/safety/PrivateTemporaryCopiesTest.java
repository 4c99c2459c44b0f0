package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.files.TemporaryFolder;
import io.posdb.testsupport.FileModes;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.TemporaryCopy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #19: the throwaway copies of a shop (a rehearsal's, update-sql's) live in temporary
 * folders only their owner can enter, and every file in them (the copy, its lock, its side
 * files, the snapshot an upgrade of it takes) is as private as the shop's file. The folders
 * are deleted when the work ends, so the rehearsal and update-sql tests look at them while
 * posdb works: on each line posdb logs, once it has named the copy.
 */
class PrivateTemporaryCopiesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void everyFileOfARehearsalIsAsPrivateAsTheDatabaseInAnOwnerOnlyFolder(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-------");

        FolderWatch watch;
        try (FolderWatch watching = new FolderWatch()) {
            assertThat(PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file).build()).passed()).isTrue();
            watch = watching;
        }

        assertThat(watch.folderModes).containsExactly("rwx------");
        assertThat(watch.fileModes.keySet()).as("what the rehearsal made: the copy, its lock, its snapshot")
                .contains("pos.db", "pos.db.lock").anyMatch(f -> f.endsWith(".snapshot"));
        assertThat(watch.fileModes).allSatisfy((name, modes) -> assertThat(modes).as(name).containsExactly("rw-------"));
        assertThat(watch.folder).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void updateSqlsCopyIsAsPrivateAsTheDatabaseInAnOwnerOnlyFolder(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-------");

        FolderWatch watch;
        try (FolderWatch watching = new FolderWatch()) {
            assertThat(PosDatabaseMaintenance.updateSql(PosDatabaseSettings.sqlite(file).build())).isNotBlank();
            watch = watching;
        }

        assertThat(watch.folderModes).containsExactly("rwx------");
        assertThat(watch.fileModes).containsKey("pos.db");
        assertThat(watch.fileModes).allSatisfy((name, modes) -> assertThat(modes).as(name).containsExactly("rw-------"));
        assertThat(watch.folder).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTemporaryCopyOfAGroupReadableDatabaseIsGroupReadableAndNoMore(JournalMode mode) throws Exception {
        Path file = FileModes.set(WalFiles.shop(dir.resolve("pos.db"), mode), "rw-r-----");

        try (TemporaryCopy copy = TemporaryCopy.of(SqliteDatabase.at(file), "posdb-test-")) {
            assertThat(FileModes.of(copy.file())).isEqualTo("rw-r-----");
            assertThat(FileModes.of(copy.file().getParent())).isEqualTo("rwx------");
        }
    }

    @Test
    void aTemporaryFolderForCopiesIsOwnerOnly() throws Exception {
        try (TemporaryFolder folder = TemporaryFolder.create("posdb-test-", null)) {
            assertThat(FileModes.of(folder.path())).isEqualTo("rwx------");
        }
    }

    /**
     * Looks into the folder of the copy posdb names in a log line ("... on a copy: {path}"),
     * on that line and every posdb line after it: the modes the folder and each file had.
     */
    private static final class FolderWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {

        private final Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger("io.posdb");
        private final Level previousLevel = logger.getLevel();
        private final boolean previousAdditive = logger.isAdditive();
        private final Set<String> folderModes = new TreeSet<>();
        private final Map<String, Set<String>> fileModes = new TreeMap<>();
        private Path folder;

        FolderWatch() {
            start();
            logger.addAppender(this);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false); // posdb's lines come here, not to the console
        }

        @Override
        protected void append(ILoggingEvent event) {
            Object[] args = event.getArgumentArray();
            if (folder == null && event.getMessage().contains("on a copy: ")) {
                folder = ((Path) args[args.length - 1]).getParent();
            }
            if (folder != null && Files.isDirectory(folder)) {
                look();
            }
        }

        private void look() {
            try (Stream<Path> files = Files.list(folder)) {
                folderModes.add(FileModes.of(folder));
                for (Path file : files.toList()) {
                    fileModes.computeIfAbsent(file.getFileName().toString(), f -> new TreeSet<>()).add(FileModes.of(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            logger.setLevel(previousLevel);
            logger.setAdditive(previousAdditive);
            stop();
        }
    }
}
