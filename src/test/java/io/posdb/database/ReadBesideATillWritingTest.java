package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.report.DoctorReport;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A DELETE-mode shop whose till is in the middle of a write transaction: its {@code -journal} holds that
 * transaction, but it is live, not hot (the till holds SQLite's RESERVED lock and the main file is unchanged
 * until it commits). The reads that write nothing read the file in place, as SQLite's own readers do, and copy
 * nothing; only a journal left hot (the till died) is rolled back in a private copy.
 */
@ExtendWith(QuietLogs.class)
class ReadBesideATillWritingTest {

    private static final String RENAME = "UPDATE category SET name = name || ' (renamed by the till)'";
    private static final String NAMES = "SELECT name FROM category ORDER BY id";

    @TempDir
    Path dir;
    /** java.io.tmpdir during the test: where a private copy would be made, and nothing else of this test is. */
    @TempDir
    Path temporary;
    private String temporaryBefore;
    private Path file;
    private Connection till;

    @BeforeEach
    void aPrivateTemporaryFolder() {
        temporaryBefore = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", temporary.toString());
    }

    @AfterEach
    void theTillCloses() throws SQLException {
        System.setProperty("java.io.tmpdir", temporaryBefore);
        if (till != null) {
            till.close();
        }
    }

    /** The doctor on the phone while the till sells: it judges the shop's file itself, as it was at the last commit. */
    @Test
    void theDoctorBesideATillsOpenTransactionJudgesTheFileInPlaceAndTheTillStillCommits() throws Exception {
        file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), JournalMode.DELETE);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        List<String> committed = names(file);
        tillRenamesEveryCategoryInAnOpenTransaction();
        Map<String, String> before = Bytes.folder(file.getParent());

        DoctorReport report = PosDatabaseChecks.doctor(PosDatabaseSettings.sqlite(file).build());

        DoctorReport.Check quickCheck = report.checks().stream().filter(c -> c.name().equals("quick_check"))
                .findFirst().orElseThrow();
        assertThat(quickCheck.verdict()).as(quickCheck.evidence()).isEqualTo(DoctorReport.Verdict.OK);
        assertThat(quickCheck.evidence()).as("judged on the shop's file").doesNotContain("private copy");
        DoctorReport.Check journal = report.checks().stream().filter(c -> c.name().equals("journal files"))
                .findFirst().orElseThrow();
        assertThat(journal.verdict()).as(journal.evidence()).isEqualTo(DoctorReport.Verdict.OK);
        assertThat(journal.evidence()).contains("the transaction of a till writing now");
        assertThat(privateCopies()).as("private copies made in java.io.tmpdir").isEmpty();
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder").isEqualTo(before);
        assertThat(names(file)).as("what the till's readers see meanwhile").isEqualTo(committed);
        theTillCommits(committed);
    }

    @Test
    void aReadBesideATillsOpenTransactionGetsTheShopsFileAndReadsItsLastCommit() throws Exception {
        file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        List<String> committed = names(file);
        tillRenamesEveryCategoryInAnOpenTransaction();
        Map<String, String> before = Bytes.folder(file.getParent());
        List<Path> read = new ArrayList<>();

        List<String> names = SqliteDatabase.readOnlyAt(file).readFileWithoutWriting(readable -> {
            read.add(readable.file());
            return names(readable);
        });

        assertThat(read).as("the file read").containsExactly(file);
        assertThat(names).isEqualTo(committed);
        assertThat(privateCopies()).as("private copies made in java.io.tmpdir").isEmpty();
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder").isEqualTo(before);
        theTillCommits(committed);
    }

    /**
     * The till dies after SQLite called its journal live and before the read's own connection: that read meets
     * the hot journal (SQLITE_READONLY_ROLLBACK) and the read runs again on a private copy with the journal
     * rolled back, which reads what the till had committed; the hot journal stays for the till's next start.
     */
    @Test
    void aTillThatDiesDuringTheReadLeavesItReadAgainOnAPrivateCopyWithTheJournalRolledBack() throws Exception {
        file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        List<String> committed = names(file);
        tillRenamesEveryCategoryInAnOpenTransaction();
        List<Path> read = new ArrayList<>();
        List<Map<String, String>> leftByTheDeadTill = new ArrayList<>();

        List<String> names = SqliteDatabase.readOnlyAt(file).readFileWithoutWriting(readable -> {
            read.add(readable.file());
            if (read.size() == 1) {
                theTillDies();
                leftByTheDeadTill.add(Bytes.folder(file.getParent()));
                assertThatThrownBy(() -> names(readable)).isInstanceOf(SQLiteException.class)
                        .extracting(e -> ((SQLiteException) e).getResultCode())
                        .isEqualTo(SQLiteErrorCode.SQLITE_READONLY_ROLLBACK);
            }
            return names(readable);
        });

        assertThat(read).as("the files read").hasSize(2).first().isEqualTo(file);
        assertThat(read.get(1)).as("the second read's file").isNotEqualTo(file);
        assertThat(names).isEqualTo(committed);
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder, its hot journal left for the till")
                .isEqualTo(leftByTheDeadTill.get(0)).containsKey("pos.db-journal");
        assertThat(privateCopies()).as("the private copy, deleted").isEmpty();
    }

    /**
     * No journal when the read starts; a till then starts a transaction and dies in it: the read's next read meets
     * the hot journal, and the read runs again on a private copy with it rolled back, as when the till was writing
     * at the start.
     */
    @Test
    void aTillThatStartsATransactionAndDiesDuringTheReadLeavesItReadAgainOnAPrivateCopy() throws Exception {
        file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        List<String> committed = names(file);
        List<Path> read = new ArrayList<>();

        List<String> names = SqliteDatabase.readOnlyAt(file).readFileWithoutWriting(readable -> {
            read.add(readable.file());
            if (read.size() == 1) {
                tillRenamesEveryCategoryInAnOpenTransaction();
                theTillDies();
            }
            return names(readable);
        });

        assertThat(read).as("the files read").hasSize(2).first().isEqualTo(file);
        assertThat(read.get(1)).as("the second read's file").isNotEqualTo(file);
        assertThat(names).isEqualTo(committed);
        assertThat(file.resolveSibling("pos.db-journal")).as("the hot journal, left for the till").exists();
        assertThat(privateCopies()).as("the private copy, deleted").isEmpty();
    }

    /**
     * A till whose transaction outgrew its cache has written pages of it into the main file and holds the file
     * EXCLUSIVE until its commit: SQLite's readers wait for it. The read waits as long as a read-only check waits,
     * then reads a private copy with the journal rolled back, as SQLite will read the file after the commit.
     */
    @Test
    void aTillHoldingTheFileLongerThanAReadWaitsIsReadOnAPrivateCopyWithTheJournalRolledBack() throws Exception {
        file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        List<String> committed = names(file);
        till = SqliteDatabase.at(file).open();
        try (Statement statement = till.createStatement();
             PreparedStatement insert = till.prepareStatement("INSERT INTO category (name) VALUES (?)")) {
            statement.execute("PRAGMA cache_size = 5"); // the transaction's pages spill into the main file
            statement.execute("BEGIN IMMEDIATE");
            statement.executeUpdate(RENAME);
            for (int i = 0; i < 2_000; i++) {
                insert.setString(1, "added by the till " + i + " " + "x".repeat(200));
                insert.executeUpdate();
            }
        }
        assertThat(SideFiles.journalHoldsATransaction(file)).as("the till's -journal holds its transaction").isTrue();
        Map<String, String> before = Bytes.folder(file.getParent());
        List<Path> read = new ArrayList<>();

        List<String> names = SqliteDatabase.readOnlyAt(file).readFileWithoutWriting(readable -> {
            read.add(readable.file());
            return names(readable);
        });

        assertThat(read).as("the file read").hasSize(1).doesNotContain(file);
        assertThat(names).isEqualTo(committed);
        assertThat(privateCopies()).as("the private copy, deleted").isEmpty();
        assertThat(Bytes.folder(file.getParent())).as("the shop's folder").isEqualTo(before);
        try (Statement statement = till.createStatement()) {
            statement.execute("COMMIT");
        }
        assertThat(names(file)).as("after the till's commit").hasSizeGreaterThan(committed.size());
    }

    /**
     * The till's transaction: every category renamed. A large cache keeps its changed pages in memory (the till
     * keeps its RESERVED lock, the main file unchanged); synchronous = OFF makes SQLite write the journal's header
     * at once (otherwise at the first sync), so the journal holds the transaction as a read finds it.
     */
    private void tillRenamesEveryCategoryInAnOpenTransaction() throws SQLException, java.io.IOException {
        till = SqliteDatabase.at(file).open();
        try (Statement statement = till.createStatement()) {
            statement.execute("PRAGMA cache_size = 100000");
            statement.execute("PRAGMA synchronous = OFF");
            statement.execute("BEGIN IMMEDIATE");
            statement.executeUpdate(RENAME);
        }
        assertThat(SideFiles.journalHoldsATransaction(file)).as("the till's -journal holds its transaction").isTrue();
    }

    /** The till commits after the read: the read left its locks alone. */
    private void theTillCommits(List<String> committed) throws SQLException {
        try (Statement statement = till.createStatement()) {
            statement.execute("COMMIT");
        }
        assertThat(names(file)).as("after the till's commit").hasSameSizeAs(committed)
                .allMatch(name -> name.endsWith(" (renamed by the till)"));
    }

    /**
     * What a till killed in its transaction leaves: its journal as it was, no lock. The till's own rollback
     * deletes the journal (the main file is unchanged: nothing was spilled), and the journal is put back.
     */
    private void theTillDies() throws Exception {
        Path journal = SideFiles.sibling(file, SideFiles.JOURNAL);
        Path kept = Files.copy(journal, dir.resolve("journal-of-the-dead-till"));
        till.close();
        till = null;
        Files.copy(kept, journal, StandardCopyOption.REPLACE_EXISTING);
        assertThat(SideFiles.journalHoldsATransaction(file)).as("the dead till's -journal").isTrue();
    }

    private List<Path> privateCopies() throws java.io.IOException {
        try (Stream<Path> entries = Files.list(temporary)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("posdb-read-")).toList();
        }
    }

    private static List<String> names(Path file) throws SQLException {
        return names(SqliteDatabase.readOnlyAt(file));
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
