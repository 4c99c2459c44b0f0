package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.Engine;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PosDatabase#upgradeProvisionally}: the upgrade a framework's own schema check decides (the Spring Boot
 * starter's JPA). Until confirmed, the file is upgraded but the upgrade lock is held and the snapshot kept;
 * confirmed, it stands as any upgrade; closed unconfirmed, the file is restored and the run recorded so, unless
 * something wrote to the file meanwhile. Nothing pending holds nothing.
 */
@ExtendWith(QuietLogs.class) // the undo's outcome is logged at ERROR on purpose
class ProvisionalUpgradeTest {

    private static final String SALES_KEPT = "UPDATE product SET name = name || ' (renamed at the till)' WHERE id = 1";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void undecidedTheUpgradeHoldsTheLockAndConfirmedItStandsAndIsRecordedApplied(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        try (ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings)) {
            assertThat(upgrade.applied()).extracting(AppliedChangeSet::id).containsExactlyElementsOf(manifestIds());
            assertThat(marker(file)).as("the upgrade is not over: a kill now is restored at the next boot").exists();
            assertThatThrownBy(() -> PosDatabase.upgrade(PosDatabaseSettings.sqlite(file)
                    .lockWait(Duration.ofMillis(300)).build()))
                    .isInstanceOfSatisfying(PosDatabaseException.class,
                            e -> assertThat(e.kind()).isEqualTo(BootFailure.LOCKED));

            upgrade.confirm();
        }

        assertThat(marker(file)).doesNotExist();
        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).containsExactlyElementsOf(manifestIds());
        assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED));
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
    }

    /**
     * Spring interrupts a startup it closes at SIGTERM: a confirm on that thread has still decided, and the upgrade
     * stands; the confirm must say so (no failure for an upgrade that stands) and leave the interrupt to the caller.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void confirmedOnAnInterruptedThreadTheUpgradeStandsWithoutAFailureAndTheInterruptIsKept(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        boolean interruptKept;

        try (ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings)) {
            Thread.currentThread().interrupt();
            try {
                upgrade.confirm();
            } finally {
                interruptKept = Thread.interrupted(); // cleared, for the tests after this one
            }
        }

        assertThat(interruptKept).as("the caller's interrupt").isTrue();
        assertThat(marker(file)).doesNotExist();
        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).containsExactlyElementsOf(manifestIds());
        assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED));
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void closedUnconfirmedTheFileIsRestoredWithEveryRowAndTheRunRecordedRestored(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        List<String> pending = pending(settings);
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);

        try (CapturedLogs logs = new CapturedLogs()) {
            try (ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings)) {
                assertThat(upgrade.applied()).isNotEmpty();
            }
            assertThat(logs.messages()).anySatisfy(line -> assertThat(line).contains("did not start on the upgraded "
                    + file, "the database was restored to its state before the upgrade"));
        }

        assertThat(pending(settings)).isEqualTo(pending);
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
        assertThat(marker(file)).doesNotExist();
        assertThat(PosDatabaseChecks.runs(settings)).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
            assertThat(run.message()).contains("did not start", "the file was restored");
        });
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void closedUnconfirmedAfterAWriteToTheUpgradedFileKeepsTheUpgradeSoTheWriteIsNotLost(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        try (CapturedLogs logs = new CapturedLogs()) {
            try (ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings);
                 Connection connection = settings.database().open(); Statement statement = connection.createStatement()) {
                assertThat(upgrade.applied()).isNotEmpty();
                statement.executeUpdate(SALES_KEPT);
            }
            assertThat(logs.messages()).anySatisfy(line -> assertThat(line).contains("wrote to it first", "not undone"));
        }

        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).containsExactlyElementsOf(manifestIds());
        assertThat(DatabaseContents.businessRows(file).get("product")).anySatisfy(row -> assertThat(row)
                .contains("(renamed at the till)"));
        assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED));
    }

    /**
     * close() before the application closed its connection on the file (its pool, its EntityManagerFactory): the
     * restore would run under it, which SQLite's locks cannot show within one process, and the connection's last
     * close could write its -wal into the restored file. Not undone, and an ERROR names the order.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void closedUnconfirmedWhileTheApplicationStillHasAConnectionOpenIsNotUndoneUnderItAndSaysWhy(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        try (CapturedLogs logs = new CapturedLogs();
             Connection application = settings.database().open(); Statement statement = application.createStatement()) {
            ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings);
            assertThat(upgrade.applied()).isNotEmpty();
            statement.executeQuery("SELECT count(*) FROM product").close(); // it read, wrote nothing

            upgrade.close();

            assertThat(logs.messages()).anySatisfy(line -> assertThat(line).contains("ProvisionalUpgrade.close() "
                    + "came before it closed what it opened on the file", "not undone", file.toString()));
        }

        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).containsExactlyElementsOf(manifestIds());
        assertThat(marker(file)).doesNotExist();
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void confirmAfterCloseIsRefusedNotReportedAsAnUpgradeThatStands(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings);
        upgrade.close();

        assertThatThrownBy(upgrade::confirm).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("confirm() must come before close()");
        assertThat(PosDatabaseChecks.runs(settings)).singleElement()
                .satisfies(run -> assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED));
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void withNothingPendingNothingIsHeldAndClosingWritesNothing(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("shop.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        Map<String, List<String>> rows = DatabaseContents.allRows(file);

        try (ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings)) {
            assertThat(upgrade.applied()).isEmpty();
            assertThat(marker(file)).doesNotExist();
            PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).lockWait(Duration.ofMillis(300)).build());
        }

        assertThat(DatabaseContents.allRows(file)).as("nothing undone, no run recorded").isEqualTo(rows);
    }

    /** What close() did, typed, for a framework's report of the failed startup: the outcome its log line says. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void closedUnconfirmedItSaysWhetherItPutTheFileBackOrKeptTheUpgradeAsItsLogLineDoes(JournalMode mode)
            throws Exception {
        PosDatabaseSettings restored = PosDatabaseSettings.sqlite(WalFiles.shop(dir.resolve("restored.db"), mode))
                .build();
        PosDatabaseSettings written = PosDatabaseSettings.sqlite(WalFiles.shop(dir.resolve("written.db"), mode))
                .build();
        PosDatabaseSettings upToDate = PosDatabaseSettings.sqlite(WalFiles.shop(dir.resolve("current.db"), mode))
                .build();
        PosDatabase.upgrade(upToDate);

        try (CapturedLogs ignored = new CapturedLogs()) {
            ProvisionalUpgrade undone = PosDatabase.upgradeProvisionally(restored);
            assertThat(undone.undo()).as("before close").isEqualTo(ProvisionalUpgrade.Undo.NOTHING_TO_UNDO);
            undone.close();
            assertThat(undone.undo()).isEqualTo(ProvisionalUpgrade.Undo.RESTORED);

            ProvisionalUpgrade kept = PosDatabase.upgradeProvisionally(written);
            try (Connection connection = written.database().open(); Statement statement = connection.createStatement()) {
                statement.executeUpdate(SALES_KEPT);
            }
            kept.close();
            assertThat(kept.undo()).isEqualTo(ProvisionalUpgrade.Undo.KEPT_WRITTEN_TO);

            ProvisionalUpgrade nothing = PosDatabase.upgradeProvisionally(upToDate);
            nothing.close();
            assertThat(nothing.undo()).isEqualTo(ProvisionalUpgrade.Undo.NOTHING_TO_UNDO);
        }

        assertThat(pending(restored)).isNotEmpty();
        assertThat(pending(written)).isEmpty();
    }

    private static Path marker(Path file) {
        return file.resolveSibling(file.getFileName() + ".upgrading");
    }

    private static List<String> pending(PosDatabaseSettings settings) throws PosDatabaseException {
        return PosDatabaseChecks.plan(settings).pending().stream().map(PendingChangeSet::id).toList();
    }

    private static List<String> manifestIds() throws Exception {
        return ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();
    }
}
