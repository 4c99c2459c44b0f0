package io.posdb.api;

import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.database.Engine;
import io.posdb.drift.DriftReport;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.RollbackFixture;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The library's read-only checks and plan ({@link PosDatabaseChecks}) on real SQLite files. */
@ExtendWith(QuietLogs.class)
class PosDatabaseChecksTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsUsableForBootButRefusedWhereItMustExistAndNeverCreated() throws Exception {
        Path file = dir.resolve("till").resolve("pos.db");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        PosDatabaseChecks.requireUsable(settings);
        PosDatabaseChecks.requireWritable(settings);
        assertRefused(() -> PosDatabaseChecks.requireExisting(settings), BootFailure.MISSING_DATABASE, file.toString());
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void theReadChecksOfAShopMovedAwayCreateNoEmptyFileInItsPlace() throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        Files.move(file, Files.createDirectory(dir.resolve("away")).resolve("pos.db"));

        assertThat(PosDatabaseChecks.history(settings)).isEmpty();
        assertThat(PosDatabaseChecks.drift(settings).notCompared()).isEqualTo(DriftReport.NO_CHANGESET_APPLIED);
        assertThat(PosDatabaseChecks.plan(settings).pending()).extracting(PendingChangeSet::id)
                .containsExactlyElementsOf(ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE)
                        .entries().stream().map(ManifestEntry::id).toList());
        assertThat(PosDatabaseChecks.runs(settings)).isEmpty();
        assertThat(PosDatabaseChecks.exists(settings)).isFalse();
        assertRefused(() -> PosDatabaseChecks.requireExisting(settings), BootFailure.MISSING_DATABASE, file.toString());
        assertRefused(() -> PosDatabaseChecks.existingAsTheNextBootFindsIt(settings), BootFailure.MISSING_DATABASE,
                file.toString());
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileThatIsNotAnSqliteDatabaseIsRefusedAsUnusable() throws Exception {
        Path file = Files.writeString(dir.resolve("pos.db"), "receipts, not a database");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        assertRefused(() -> PosDatabaseChecks.requireUsable(settings), BootFailure.UNUSABLE_DATABASE, file.toString());
        assertRefused(() -> PosDatabaseChecks.requireExisting(settings), BootFailure.UNUSABLE_DATABASE,
                file.toString());
    }

    @Test
    void thePlanOfALegacyShopIsTheWholeManifestAndReadingItWritesNothing() throws Exception {
        Path file = RollbackFixture.legacyShop(dir.resolve("pos.db"), "DELETE");
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        String before = Bytes.digest(file);

        MigrationPlan plan = PosDatabaseChecks.plan(settings);

        assertThat(plan.pending()).extracting(PendingChangeSet::id).containsExactlyElementsOf(
                ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                        .map(ManifestEntry::id).toList());
        PosDatabaseChecks.refuseNewerOrEdited(plan, settings);
        assertThat(Bytes.digest(file)).isEqualTo(before);
        PosDatabase.upgrade(settings);
        assertThat(PosDatabaseChecks.plan(settings).upToDate()).isTrue();
    }

    @Test
    void aNewerDatabaseIsRefusedUnlessTheSettingsAllowIt() throws Exception {
        Path file = RollbackFixture.newerDatabase(dir);
        PosDatabaseSettings thisRelease = PosDatabaseSettings.sqlite(file).build();
        PosDatabaseSettings allowing = PosDatabaseSettings.sqlite(file).allowNewerDatabase(true).build();
        MigrationPlan plan = PosDatabaseChecks.plan(thisRelease);

        assertRefused(() -> PosDatabaseChecks.refuseNewerOrEdited(thisRelease), BootFailure.NEWER_DATABASE,
                "0013-first-note");
        assertRefused(() -> PosDatabaseChecks.refuseNewerOrEdited(plan, thisRelease), BootFailure.NEWER_DATABASE,
                "0013-first-note");
        PosDatabaseChecks.refuseNewerOrEdited(allowing);
        PosDatabaseChecks.refuseNewerOrEdited(plan, allowing);
    }

    /**
     * The refusals that offer to start anyway (changesets with no recorded compatibility: of a newer release, or of
     * this one that the changelog lost) name what a library or Spring Boot user sets, not only the command line's
     * option. Rows as Maven's liquibase:update leaves them, with no posdb record.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "release-1.0"})
    void theNewerDatabaseRefusalNamesTheSettingForTheLibraryAndSpringBootNotOnlyTheCommandLinesOption(String labels)
            throws Exception {
        Path file = dir.resolve("pos.db");
        PosDatabaseSettings thisRelease = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(thisRelease);
        try (Connection connection = LegacyDatabases.open(file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, LABELS)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, "9999-not-in-this-changelog");
            insert.setString(2, "posdb");
            insert.setString(3, "changelog/changes/9999-not-in-this-changelog.yaml");
            insert.setString(4, "2027-01-01 00:00:00");
            insert.setInt(5, 9999);
            insert.setString(6, "EXECUTED");
            insert.setString(7, labels.isEmpty() ? null : labels);
            insert.executeUpdate();
        }

        assertRefused(() -> PosDatabaseChecks.refuseNewerOrEdited(thisRelease), BootFailure.NEWER_DATABASE,
                BootFailure.ALLOW_NEWER_DATABASE_SETTING);
        assertRefused(() -> PosDatabase.boot(thisRelease), BootFailure.NEWER_DATABASE,
                "the allowNewerDatabase setting, posdb.allow-newer-database in Spring Boot");
        // Started anyway, the WARN names the setting the same way: a Spring Boot user set posdb.allow-newer-database.
        try (CapturedLogs logs = new CapturedLogs(); PosDatabase db = PosDatabase.boot(
                PosDatabaseSettings.sqlite(file).allowNewerDatabase(true).build())) {
            assertThat(logs.messages()).filteredOn(m -> m.startsWith("Starting on a database with changeset(s)"))
                    .singleElement().asString().contains(BootFailure.ALLOW_NEWER_DATABASE_SETTING, "9999-not-in-this");
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theHistoryIsEmptyOnALegacyShopThenListsTheManifestInOrderAfterTheUpgrade(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        assertThat(PosDatabaseChecks.history(settings)).isEmpty();
        PosDatabase.upgrade(settings);

        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id).containsExactlyElementsOf(
                ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                        .map(ManifestEntry::id).toList());
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void driftIsReportedWithTheDifferenceAndNotRefused(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        PosDatabase.upgrade(settings);
        assertThat(PosDatabaseChecks.drift(settings).drift()).isFalse();

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE sale ADD COLUMN hand_made_note TEXT");
        }

        DriftReport report = PosDatabaseChecks.drift(settings);
        assertThat(report.drift()).isTrue();
        assertThat(report.differences()).anySatisfy(d -> assertThat(d).contains("hand_made_note"));
    }
}
