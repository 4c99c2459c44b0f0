package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.KillOnLogLine;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #10 §1 as it was seen: {@code boot} killed with -9 inside a changeset, the
 * recovering boot killed again while it restores, then a clean boot. For every changeset
 * the legacy fixture has pending, in both journal modes (the WAL file with sales committed
 * only in its {@code -wal}), nothing may be lost, doubled or corrupted.
 */
@Tag("process")
@Tag("slow")
class KilledInsideEachChangeSetTest {

    private static final int HOT_SALES = 5;
    private static final String RESTORING = "was interrupted; restoring";
    /** The remap policy: primary -> admin, staff -> user (and anything else -> user). */
    private static final String EXPECTED_ROLE = "CASE lower(trim(role)) WHEN 'primary' THEN 'admin' "
            + "WHEN 'admin' THEN 'admin' ELSE 'user' END";
    /** A kill can come after the last changeset's line and after the upgrade finished: tried again. */
    private static final int ATTEMPTS = 3;

    @TempDir
    Path dir;

    static Stream<Arguments> everyPendingChangeSetInBothModes() throws Exception {
        Path scratch = Files.createTempDirectory("pending-plan");
        Path file = LegacyDatabases.shop(scratch.resolve("pos.db"));
        List<String> ids = new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged()).plan()
                .pending().stream().map(PendingChangeSet::id).toList();
        WalFiles.deleteWithSideFiles(file);
        Files.delete(scratch);
        List<Arguments> cases = new ArrayList<>();
        for (JournalMode mode : JournalMode.values()) {
            ids.forEach(id -> cases.add(Arguments.of(mode, id)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: killed inside {1}, then while restoring")
    @MethodSource("everyPendingChangeSetInBothModes")
    void killedInsideAChangeSetAndAgainWhileRestoringTheNextBootsLoseNothing(JournalMode mode, String changeSet)
            throws Exception {
        Path file = dir.resolve("pos.db");
        Expected expected = null;
        for (int attempt = 1; attempt <= ATTEMPTS && !Files.exists(marker(file)); attempt++) {
            Files.createDirectories(dir);
            WalFiles.deleteWithSideFiles(file);
            expected = fixture(file, mode);
            KillOnLogLine.Outcome first = KillOnLogLine.run(dir, "Running migration: " + changeSet,
                    "boot", "--db", file.toString());
            assertThat(first.killed()).as("the changeset's log line came: %s", first.stderr()).isTrue();
        }
        assertThat(marker(file)).as("the kill landed inside the upgrade").exists();

        KillOnLogLine.Outcome recovering = KillOnLogLine.run(dir, RESTORING, "boot", "--db", file.toString());
        assertThat(recovering.killed()).as("the recovering boot restores: %s", recovering.stderr()).isTrue();
        boolean restoreCutShort = Files.exists(marker(file));

        try (CapturedLogs logs = new CapturedLogs()) {
            new DatabaseBoot(SqliteDatabase.at(file),
                    PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(30)).keepSnapshots(3).allowNewerDatabase(false)
                .changelog(ChangelogSource.packaged()).build()).boot().close();
            if (restoreCutShort) {
                assertThat(logs.messages()).anyMatch(m -> m.startsWith("Restored "));
            }
        }
        expected.assertHeldBy(file, mode);
    }

    @Test
    void aReaderHoldingAReadTransactionIsWaitedForAndAKilledUpgradeAfterItLosesNoSale() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        long fixtureSales = WalFiles.count(file, "SELECT COUNT(*) FROM sale");
        Path stderr = dir.resolve("boot.err");
        Process boot;
        try (Connection reader = LegacyDatabases.open(file); Connection till = LegacyDatabases.open(file)) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM sale").close(); // keeps the next sales in the WAL
            }
            WalFiles.commitSales(till, HOT_SALES);
            assertThat(WalFiles.salesInMainFileAlone(file)).isEqualTo(fixtureSales);

            // The upgrade does not start under the reader (a failed one could not be restored under it): it waits.
            boot = PosdbProcess.start(dir, dir.resolve("boot.out"), stderr, "boot", "--db", file.toString(),
                    "--lock-wait", "120");
            PosdbProcess.awaitLine(boot, stderr, "is open in another process; waiting up to 120 s");
            reader.rollback();
        }
        assertThat(KillOnLogLine.kill(boot, stderr, "Running migration: 0010-enforce-user-role-constraint"))
                .as("the upgrade started once the reader and the till closed, and was killed in 0010").isTrue();

        PosdbProcess.Result again = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains(RESTORING).contains("Restored ");
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).isEqualTo(fixtureSales + HOT_SALES);
        assertThat(integrityProblems(file)).isZero();
    }

    private static Expected fixture(Path file, JournalMode mode) throws Exception {
        if (mode == JournalMode.WAL) {
            WalFiles.shopWithHotWal(file, HOT_SALES);
        } else {
            WalFiles.shop(file, mode);
        }
        Path copy = WalFiles.copyWithWal(file, Files.createTempFile(file.getParent(), "expected", ".db"));
        try {
            return new Expected(DatabaseContents.businessRowsExcept(copy, "user.role"),
                    rows(copy, "SELECT id || ':' || " + EXPECTED_ROLE + " FROM \"user\" ORDER BY id"),
                    WalFiles.count(copy, "SELECT COUNT(*) FROM \"user\" WHERE role NOT IN ('admin', 'user')"));
        } finally {
            WalFiles.deleteWithSideFiles(copy);
        }
    }

    /** What the fixture holds, and what the upgrade must make of it. */
    private record Expected(Map<String, List<String>> business, List<String> roles, long auditRows) {

        void assertHeldBy(Path file, JournalMode mode) throws Exception {
            assertThat(integrityProblems(file)).as("integrity_check").isZero();
            assertThat(DatabaseContents.businessRowsExcept(file, "user.role")).isEqualTo(business);
            assertThat(rows(file, "SELECT id || ':' || role FROM \"user\" ORDER BY id")).isEqualTo(roles);
            assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM data_migration_audit"))
                    .as("one audit row per remapped user, not doubled").isEqualTo(auditRows);
            assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase());
            assertThat(marker(file)).doesNotExist();
        }
    }

    private static long integrityProblems(Path file) throws Exception {
        return WalFiles.count(file, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'");
    }

    private static List<String> rows(Path file, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static Path marker(Path file) {
        return file.resolveSibling(file.getFileName() + ".upgrading");
    }
}
