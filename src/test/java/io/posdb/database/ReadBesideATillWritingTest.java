package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogLocation;
import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.BootFailure;
import io.posdb.report.DoctorReport;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A DELETE-mode shop whose till is in the middle of a write transaction: its {@code -journal} holds that
 * transaction, but it is live, not hot (the till holds SQLite's RESERVED lock and the main file is unchanged
 * until it commits). The reads that write nothing read the file in place, as SQLite's own readers do, and copy
 * nothing; only a journal left hot (the till died) is rolled back in a private copy, also when the till dies during
 * the read, and during the doctor's checks (in WAL mode a till that dies leaves nothing hot).
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
    @ParameterizedTest(name = "on a {0} handle")
    @ValueSource(strings = {"read-only", "read-write"})
    void aTillThatStartsATransactionAndDiesDuringTheReadLeavesItReadAgainOnAPrivateCopy(String handle)
            throws Exception {
        file = LegacyDatabases.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"));
        List<String> committed = names(file);
        List<Path> read = new ArrayList<>();
        // The commands read through the handle they were given, most often the read-write one a till opens.
        SqliteDatabase database = handle.equals("read-only") ? SqliteDatabase.readOnlyAt(file) : SqliteDatabase.at(file);

        List<String> names = database.readFileWithoutWriting(readable -> {
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
     * The till starts a transaction after the doctor began and dies in it, between two of the doctor's checks: the
     * checks after it meet the hot journal (SQLITE_READONLY_ROLLBACK), which is not the file being unwritable. The
     * doctor's checks run again on a private copy with the journal rolled back, as when it starts beside a hot
     * journal: the report says what the file holds, and that the journal is hot.
     */
    @Test
    void aTillThatStartsATransactionAndDiesDuringTheDoctorLeavesTheChecksReadOnTheRolledBackCopy() throws Exception {
        file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), JournalMode.DELETE);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        List<Map<String, String>> leftByTheDeadTill = new ArrayList<>();

        DoctorReport report = doctor(() -> {
            tillRenamesEveryCategoryInAnOpenTransaction();
            theTillDies();
            leftByTheDeadTill.add(Bytes.folder(file.getParent()));
        });

        assertThat(Bytes.folder(file.getParent())).as("the shop's folder, its hot journal left for the till")
                .isEqualTo(leftByTheDeadTill.get(0)).containsKey("pos.db-journal");
        judgedOnTheRolledBackCopy(report);
    }

    /** The till was writing when the doctor started (its journal live: read in place) and dies between two checks. */
    @Test
    void aTillWritingWhenTheDoctorStartsThatDiesDuringItLeavesTheChecksReadOnTheRolledBackCopy() throws Exception {
        file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), JournalMode.DELETE);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        tillRenamesEveryCategoryInAnOpenTransaction();
        List<Map<String, String>> leftByTheDeadTill = new ArrayList<>();

        DoctorReport report = doctor(() -> {
            theTillDies();
            leftByTheDeadTill.add(Bytes.folder(file.getParent()));
        });

        assertThat(Bytes.folder(file.getParent())).as("the shop's folder, its hot journal left for the till")
                .isEqualTo(leftByTheDeadTill.get(0)).containsKey("pos.db-journal");
        judgedOnTheRolledBackCopy(report);
    }

    /** WAL mode has no hot journal: a till that dies in its transaction during the doctor changes nothing it reads. */
    @Test
    void aTillThatDiesDuringTheDoctorInWalModeLeavesTheFileJudgedInPlace() throws Exception {
        file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), JournalMode.WAL);
        PosDatabase.boot(PosDatabaseSettings.sqlite(file).build()).close();
        DoctorReport beforeTheTill = doctor(() -> { });

        DoctorReport report = doctor(() -> {
            tillRenamesEveryCategoryInAnOpenTransaction();
            theTillDies();
        });

        assertThat(report.checks()).as(report.text()).noneMatch(c -> c.verdict() == DoctorReport.Verdict.FAIL);
        DoctorReport.Check quickCheck = check(report, "quick_check");
        assertThat(quickCheck.verdict()).as(quickCheck.evidence()).isEqualTo(DoctorReport.Verdict.OK);
        assertThat(quickCheck.evidence()).as("judged on the shop's file").doesNotContain("private copy");
        assertThat(check(report, "journal files").verdict()).isEqualTo(DoctorReport.Verdict.OK);
        assertThat(checksOf(report)).as("the report").isEqualTo(checksOf(beforeTheTill));
        assertThat(privateCopies()).as("private copies made in java.io.tmpdir").isEmpty();
    }

    /**
     * No check took the dead till's journal for an unwritable file: the report is the one the doctor gives when it
     * starts beside that hot journal (the file's checks on a rolled-back copy, the journal hot), and left no copy.
     */
    private void judgedOnTheRolledBackCopy(DoctorReport report) throws Exception {
        assertThat(report.checks()).as(report.text()).noneMatch(c -> c.failure() == BootFailure.NOT_WRITABLE)
                .noneMatch(c -> c.verdict() == DoctorReport.Verdict.FAIL);
        DoctorReport.Check quickCheck = check(report, "quick_check");
        assertThat(quickCheck.verdict()).as(quickCheck.evidence()).isEqualTo(DoctorReport.Verdict.OK);
        assertThat(quickCheck.evidence()).as("judged on the rolled-back copy").contains("private copy");
        DoctorReport.Check journal = check(report, "journal files");
        assertThat(journal.verdict()).as(journal.evidence()).isEqualTo(DoctorReport.Verdict.WARN);
        assertThat(journal.next()).isEqualTo("posdb boot --db '" + file + "'");
        assertThat(privateCopies()).as("the private copy, deleted").isEmpty();
        assertThat(checksOf(report)).as("the report").isEqualTo(checksOf(doctor(() -> { })));
    }

    /** The doctor on {@code file}, reading the real master changelog through a hook: {@code act} runs at its first read. */
    private DoctorReport doctor(Act act) throws Exception {
        AtomicInteger acted = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        DoctorReport report = PosDatabaseChecks.doctor(PosDatabaseSettings.sqlite(file)
                .changelog(masterChangelogActingAtItsFirstRead(() -> {
                    if (acted.getAndIncrement() == 0) {
                        try {
                            act.run();
                        } catch (Exception e) {
                            failed.set(e);
                        }
                    }
                })).build());
        if (failed.get() != null) {
            throw failed.get();
        }
        assertThat(acted).as("reads of the changelog").hasPositiveValue();
        return report;
    }

    /** What a test does between two of the doctor's checks. */
    @FunctionalInterface
    private interface Act {
        void run() throws Exception;
    }

    /**
     * The packaged master changelog, read through an accessor that runs {@code onRead} at each read. The doctor
     * first reads it in its history check, after the file's own checks (foreign keys, journal files, locks; quick_check
     * has started beside them) and before the checks of what the file holds (last upgrade, data, entities, drift): a
     * test acts there between two checks, without a sleep. Not the packaged source ({@link ChangelogSource#isPackaged}),
     * so it is parsed, and drift compares in full.
     */
    private static ChangelogSource masterChangelogActingAtItsFirstRead(Runnable onRead) {
        ResourceAccessor packaged = ChangelogSource.packaged().resources();
        ResourceAccessor hooked = new ResourceAccessor() {
            @Override
            public List<Resource> search(String path, boolean recursive) throws IOException {
                onRead.run();
                return packaged.search(path, recursive);
            }

            @Override
            public List<Resource> getAll(String path) throws IOException {
                onRead.run();
                return packaged.getAll(path);
            }

            @Override
            public List<String> describeLocations() {
                return packaged.describeLocations();
            }

            @Override
            public void close() throws Exception {
                packaged.close();
            }
        };
        return new ChangelogSource(ChangelogLocation.MASTER, hooked, "classpath:" + ChangelogLocation.MASTER);
    }

    /** The report's checks by name, but the free disk space, which other programs change meanwhile. */
    private static Map<String, DoctorReport.Check> checksOf(DoctorReport report) {
        Map<String, DoctorReport.Check> checks = new LinkedHashMap<>();
        report.checks().stream().filter(c -> !c.name().equals("disk space")).forEach(c -> checks.put(c.name(), c));
        return checks;
    }

    private static DoctorReport.Check check(DoctorReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The till's transaction: every category renamed. A large cache keeps its changed pages in memory (the till
     * keeps its RESERVED lock, the main file unchanged); synchronous = OFF makes SQLite write the journal's header
     * at once (otherwise at the first sync), so the journal holds the transaction as a read finds it. In WAL mode
     * the transaction's pages stay in the till's cache until its commit.
     */
    private void tillRenamesEveryCategoryInAnOpenTransaction() throws SQLException, java.io.IOException {
        till = SqliteDatabase.at(file).open();
        try (Statement statement = till.createStatement()) {
            statement.execute("PRAGMA cache_size = 100000");
            statement.execute("PRAGMA synchronous = OFF");
            statement.execute("BEGIN IMMEDIATE");
            statement.executeUpdate(RENAME);
        }
        if (!Files.exists(SideFiles.sibling(file, SideFiles.WAL))) { // in WAL mode, nothing is in a journal
            assertThat(SideFiles.journalHoldsATransaction(file)).as("the till's -journal holds its transaction")
                    .isTrue();
        }
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
     * What a till killed in its transaction leaves: its side files as they were (a {@code -journal} holding its
     * transaction; in WAL mode its {@code -wal} and {@code -shm}), no lock. The till's own close deletes them (a
     * rollback, or a checkpoint: the main file is unchanged, nothing was spilled or committed), and they are put back.
     */
    private void theTillDies() throws Exception {
        Map<Path, Path> kept = new LinkedHashMap<>();
        for (Path side : SideFiles.present(file)) {
            kept.put(side, Files.copy(side, dir.resolve("left-by-the-dead-till-" + side.getFileName())));
        }
        till.close();
        till = null;
        for (Map.Entry<Path, Path> side : kept.entrySet()) {
            Files.copy(side.getValue(), side.getKey(), StandardCopyOption.REPLACE_EXISTING);
        }
        if (kept.containsKey(SideFiles.sibling(file, SideFiles.JOURNAL))) {
            assertThat(SideFiles.journalHoldsATransaction(file)).as("the dead till's -journal").isTrue();
        }
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
