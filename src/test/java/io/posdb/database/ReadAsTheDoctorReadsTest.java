package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The read-only commands read a shop's file through a read-write handle ({@link SqliteDatabase#at}) the way the
 * doctor reads it ({@link SqliteDatabase#readOnlyAt}): beside no side file, a WAL file is read immutable, so that
 * nothing appears beside it even while it is read (a read-only connection would leave the {@code -wal} and
 * {@code -shm} it made where this user cannot write the file, and could not open it in a read-only folder:
 * {@code UnwritableWalShopTest} runs the commands there); a till that writes during that read has it read again.
 */
@ExtendWith(QuietLogs.class)
class ReadAsTheDoctorReadsTest {

    private static final String NAMES = "SELECT name FROM category ORDER BY id";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aShopBesideNoSideFileIsReadWithNothingMadeBesideItEvenDuringTheRead(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), mode);
        Map<String, String> before = Bytes.folder(file.getParent());
        List<String> asTheDoctorReadsIt = SqliteDatabase.readOnlyAt(file).readFileWithoutWriting(
                ReadAsTheDoctorReadsTest::names);
        List<Map<String, String>> duringTheRead = new ArrayList<>();

        List<String> names = SqliteDatabase.at(file).readFileWithoutWriting(readable -> {
            try (Connection connection = readable.open(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(NAMES)) {
                duringTheRead.add(Bytes.folder(file.getParent()));
                List<String> read = new ArrayList<>();
                while (rs.next()) {
                    read.add(rs.getString(1));
                }
                return read;
            }
        });

        assertThat(names).isEqualTo(asTheDoctorReadsIt).isNotEmpty();
        assertThat(duringTheRead).as("the shop's folder while the connection was open").containsExactly(before);
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder after the read").isEqualTo(before);
    }

    /**
     * Read immutable, SQLite trusts the file not to change: a till that opens it during the read, writes and closes
     * (checkpointing its {@code -wal} into the file) has the read run again, which reads what the till committed.
     */
    @Test
    void aTillThatWritesToAWalFileDuringTheReadHasItReadAgainAsTheTillLeftIt() throws Exception {
        Path file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), JournalMode.WAL);
        List<List<String>> reads = new ArrayList<>();

        List<String> names = SqliteDatabase.at(file).readFileWithoutWriting(readable -> {
            reads.add(names(readable));
            if (reads.size() == 1) {
                tillRenamesEveryCategoryAndCloses(file);
            }
            return reads.get(reads.size() - 1);
        });

        assertThat(reads).as("what each read saw").hasSize(2);
        assertThat(names).isEqualTo(names(SqliteDatabase.readOnlyAt(file))).allMatch(name -> name.endsWith("(till)"));
        assertThat(SideFiles.present(file)).as("side files left").isEmpty();
    }

    private static void tillRenamesEveryCategoryAndCloses(Path file) throws SQLException {
        try (Connection till = SqliteDatabase.at(file).open(); Statement statement = till.createStatement()) {
            statement.executeUpdate("UPDATE category SET name = name || ' (till)'");
        }
    }

    private static List<String> names(SqliteDatabase database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(NAMES)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
