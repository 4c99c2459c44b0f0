package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.failure.BootFailure;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code posdb downgrade} of a newer release's data change: it never reports success while rows the change wrote stay
 * in the data. A change that audited each value it changed is undone from its audit rows; one that changed rows
 * without auditing them is refused before anything is written (its own rollback is no faithful undo: written for the
 * newer release, it may change rows the change never did); one that changed no row (marked as ran, or an UPDATE
 * matching nothing) has nothing to put back and is undone. In WAL mode sales committed after the upgrade are only in
 * the {@code -wal} when the downgrade runs.
 */
@ExtendWith(QuietLogs.class)
class DowngradeOfDataChangesTest {

    /** The tester's changeset: card payments upper-cased, with a rollback that also turns rows that were 'CARD'. */
    private static final String UPPER_CASE_CARD = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-card-upper-case
                  author: test
                  labels: {newer}
                  preConditions:
                    - onFail: MARK_RAN
                    - onFailMessage: nothing to change
                    - sqlCheck: { expectedResult: 1, sql: "SELECT COUNT(*) > 0 FROM sale WHERE payment_method = '%s'" }
                  changes:
                    - sql: { sql: "UPDATE sale SET payment_method = 'CARD' WHERE payment_method = '%s'" }
                  rollback:
                    - sql: { sql: "UPDATE sale SET payment_method = 'card' WHERE payment_method = 'CARD'" }
            """;

    /** An audited value change (one data_migration_audit row per changed value): sale.payment_method normalised. */
    private static final String NORMALISE_PAYMENT_METHODS = """
            databaseChangeLog:
              - changeSet:
                  id: 0012-normalise-payment-methods
                  author: test
                  labels: {newer}
                  changes:
                    - customChange:
                        class: io.posdb.migration.data.NormalisePaymentMethods
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDataChangeThatChangedRowsWithoutAuditingThemIsRefusedBeforeAnythingIsWritten(JournalMode mode)
            throws Exception {
        Path file = upgradedByNewer(mode, UPPER_CASE_CARD.formatted("card", "card"));
        assertThat(values(file, "SELECT DISTINCT payment_method FROM sale WHERE id <= 5 ORDER BY 1"))
                .as("the newer release's change is in the data").contains("CARD").doesNotContain("card");
        Map<String, String> before = Bytes.folder(file.getParent());
        if (mode == JournalMode.WAL) {
            assertThat(before).as("sales only in the -wal").containsKey(file.getFileName() + "-wal");
        }

        PosdbProcess.Result refused = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refused.stderr()).contains("Cannot downgrade " + file.toAbsolutePath().normalize()
                        + ": changeset 0100-card-upper-case (" + changelogFileOf(file, "0100-card-upper-case")
                        + ") changed rows without auditing them",
                "roll it back there (posdb rollback), or restore a backup taken before it was applied",
                "nothing was changed");
        assertThat(Bytes.folder(file.getParent())).as("no snapshot, no lock file, the file and its -wal as they were")
                .isEqualTo(before);
        assertThat(PosDatabaseChecks.runs(PosDatabaseSettings.sqlite(file).build())).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /** A data change that wrote no row: marked as ran by its precondition, or its UPDATE matching nothing. */
    static Stream<Arguments> dataChangesThatChangedNoRow() {
        List<Arguments> cases = new ArrayList<>();
        for (JournalMode mode : JournalMode.values()) {
            cases.add(Arguments.of(mode, "marked as ran", UPPER_CASE_CARD.formatted("cheque", "cheque")));
            cases.add(Arguments.of(mode, "matching nothing", UPPER_CASE_CARD.replace("COUNT(*) > 0", "COUNT(*) >= 0")
                    .formatted("cheque", "cheque")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("dataChangesThatChangedNoRow")
    void aDataChangeThatChangedNoRowIsUndone(JournalMode mode, String how, String changes) throws Exception {
        Path file = upgradedByNewer(mode, changes);
        Map<String, List<String>> rows = businessRows(file);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(settings);

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0100-card-upper-case");
        assertThat(businessRows(file)).as("every row, the -wal's sales included").isEqualTo(rows);
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anAuditedDataChangeIsRestoredFromItsAuditRows(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // As legacy tills wrote them: in any case, blanks around.
            statement.execute("UPDATE sale SET payment_method = ' ' || upper(payment_method) WHERE id % 2 = 0");
        }
        List<String> legacy = values(file, "SELECT id || ':' || payment_method FROM sale ORDER BY id");
        upgradedByNewer(file, mode, NORMALISE_PAYMENT_METHODS);
        assertThat(values(file, "SELECT id || ':' || payment_method FROM sale WHERE id <= " + legacy.size()
                + " ORDER BY id")).as("normalised by the newer release").isNotEqualTo(legacy);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(settings);

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0012-normalise-payment-methods");
        assertThat(values(file, "SELECT id || ':' || payment_method FROM sale WHERE id <= " + legacy.size()
                + " ORDER BY id")).as("each value back from its audit row").isEqualTo(legacy);
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
    }

    private Path upgradedByNewer(JournalMode mode, String changes) throws Exception {
        return upgradedByNewer(WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode), mode, changes);
    }

    /**
     * The shop upgraded by the newer release ({@code changes} after the project's changelog); in WAL mode two sales
     * committed after it, only in the {@code -wal}. The lock file the upgrade left is removed: a refusal must not make
     * one.
     */
    private Path upgradedByNewer(Path file, JournalMode mode, String changes) throws Exception {
        Path master = NewerRelease.changelog(dir.resolve("changelog-newer"), changes);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }
        Files.deleteIfExists(UpgradeLock.lockFile(file));
        return file;
    }

    private static String changelogFileOf(Path file, String id) throws Exception {
        return values(file, "SELECT filename FROM DATABASECHANGELOG WHERE id = '" + id + "'").get(0);
    }

    /** The first column of {@code sql}'s rows, read on a copy: a connection closed on the file would empty its -wal. */
    private static List<String> values(Path file, String sql) throws Exception {
        Path copy = readableCopy(file);
        try (Connection connection = LegacyDatabases.open(copy); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } finally {
            WalFiles.deleteWithSideFiles(copy);
        }
    }

    /** {@link DatabaseContents#businessRows} read on a copy, as {@link #values} reads. */
    private static Map<String, List<String>> businessRows(Path file) throws Exception {
        Path copy = readableCopy(file);
        try {
            return DatabaseContents.businessRows(copy);
        } finally {
            WalFiles.deleteWithSideFiles(copy);
        }
    }

    /** The file and its -wal copied beside its folder (not into it: the refusal test compares the folder's bytes). */
    private static Path readableCopy(Path file) throws Exception {
        return WalFiles.copyWithWal(file, Files.createTempFile(file.getParent().getParent(), "read", ".db"));
    }
}
