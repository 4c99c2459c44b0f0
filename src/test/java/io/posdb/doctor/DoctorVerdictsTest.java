package io.posdb.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.files.TemporaryFolder;
import io.posdb.report.UpgradeProgress;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.FileModes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PrintedCommand;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.RollbackFixture;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.runs.UpgradeRunRecorder;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.upgrade.sqlite.UpgradeSnapshots;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code posdb doctor} on each shop state of issue 22's Done-when, in both journal modes: the verdict
 * of the check that answers it, its next command, and the exit code. Every run also proves that the
 * doctor wrote nothing: the folder holds the same files with the same bytes before and after.
 */
@ExtendWith(QuietLogs.class)
class DoctorVerdictsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Where the next release's changelog is written, away from the shop's folder the doctor must leave as found. */
    @TempDir
    Path newerRelease;

    /** Each journal mode's upgraded shop, made once for the class: every test doctors a copy of it. */
    @TempDir
    static Path upgradedShops;

    /**
     * The shop upgraded to this release in {@code mode}, as a till has it after a good boot (its snapshot and lock file
     * beside it); owner-only like a shop's file. A copy, with the files' modes, of the one folder {@code posdb update}
     * made for the class (an upgrade per test was a third of the class's time).
     */
    private Path upgradedShop(JournalMode mode) throws Exception {
        Path upgraded = upgradedShops.resolve(mode.name());
        if (!Files.exists(upgraded)) {
            Path file = WalFiles.shop(Files.createDirectory(upgraded).resolve("pos.db"), mode);
            FileModes.set(file, "rw-------");
            assertThat(PosdbInProcess.run("update", "--db", file.toString()).exitCode()).isZero();
        }
        try (Stream<Path> files = Files.list(upgraded)) {
            for (Path made : files.toList()) {
                Files.copy(made, dir.resolve(made.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir.resolve("pos.db");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aHealthyShopIsOkAndExitsZero(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isZero();
        assertThat(doctored.json.get("verdict").asText()).as(doctored.stdout).isEqualTo("OK");
        assertThat(doctored.check("history").get("evidence").asText()).startsWith("up to date");
        assertThat(doctored.check("last upgrade").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.check("last upgrade").get("evidence").asText()).as("the upgrade's own record")
                .startsWith("upgrade (no history) -> ").endsWith(": applied");
        assertThat(doctored.check("drift").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.check("data").get("verdict").asText()).isEqualTo("OK");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aKilledUpgradeWithItsMarkerAndSnapshotLeftIsAWarningToUpdate(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Path snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).take("2.0.0", Map.of()).orElseThrow();
        assertThat(PosdbInProcess.run("update", "--db", file.toString()).exitCode()).isZero();
        // The kill: the upgrade ran on, and its marker is still there naming the snapshot.
        Files.writeString(file.resolveSibling("pos.db.upgrading"), snapshot.getFileName().toString());

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isZero();
        JsonNode check = doctored.check("interrupted upgrade");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).contains(snapshot.getFileName().toString());
        assertThat(check.get("next").asText()).isEqualTo("posdb update --db '" + file + "'");
        // The snapshot (the legacy shop) is judged: its history is what the next boot starts from.
        assertThat(doctored.check("history").get("evidence").asText()).startsWith("no Liquibase history");
    }

    /**
     * An upgrade running now: its marker is beside the file and it holds the upgrade lock (here this test holds it,
     * as the upgrade's process does). Nothing is interrupted: no boot restores the snapshot while it runs, so the
     * doctor judges the file as it is and sends the operator to wait for the run, not to start another.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpgradeInProgressBesideItsMarkerIsAWarningToWaitForItNotAnInterruptedOneToUpdate(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        Path snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).take("2.0.0", Map.of()).orElseThrow();
        assertThat(PosdbInProcess.run("update", "--db", file.toString()).exitCode()).isZero();
        Files.writeString(file.resolveSibling("pos.db.upgrading"), snapshot.getFileName().toString());
        UpgradeRunRecorder.start(SqliteDatabase.at(file), UpgradeRun.UPGRADE, true).writeStarted(SqliteDatabase.at(file));

        Doctored doctored;
        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            doctored = doctor(file);
        }

        JsonNode check = doctored.check("interrupted upgrade");
        String pid = "pid " + ProcessHandle.current().pid();
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).contains("in progress", pid).doesNotContain("interrupted");
        assertThat(check.get("next").asText()).startsWith("wait for this process (" + pid + ") to finish it")
                .endsWith("posdb doctor --db '" + file + "' again");
        assertThat(doctored.checks()).as("no check sends the operator to start another upgrade beside it")
                .allSatisfy(each -> assertThat(each.get("next").asText()).doesNotContain("posdb update"));
        // The file as it is (the upgrade's progress), not the snapshot a restore would put back.
        assertThat(doctored.check("history").get("evidence").asText()).startsWith("up to date");
        assertThat(doctored.check("locks").get("evidence").asText()).contains("being upgraded now", pid);
        JsonNode lastUpgrade = doctored.check("last upgrade");
        assertThat(lastUpgrade.get("evidence").asText()).as("the run going on, not one that did not complete")
                .startsWith("in progress now, by this process (" + pid + ")").endsWith(": started");
        assertThat(lastUpgrade.get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void aPathThatIsAFolderIsNamedAsAWrongPathNotSentToTheBackup() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pos.db"));

        Doctored doctored = doctor(folder);

        assertThat(doctored.exitCode).isEqualTo(BootFailure.UNUSABLE_DATABASE.exitCode());
        assertThat(doctored.check("file").get("evidence").asText()).isEqualTo(folder + " is a folder, not a database file");
        assertThat(doctored.check("file").get("next").asText()).startsWith("check the path");
        assertThat(doctored.stdout).doesNotContain("backup");
    }

    @Test
    void anEmptyFileIsSaidToBeEmptyNotAWholeHeader() throws Exception {
        Path file = Files.createFile(dir.resolve("pos.db"));

        Doctored doctored = doctor(file);

        assertThat(doctored.check("sqlite header").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.check("sqlite header").get("evidence").asText())
                .isEqualTo("an empty file (0 bytes), which SQLite reads as a database without tables");
    }

    /** A hot -journal exists only in DELETE mode: a WAL file's cut transaction is simply not in its -wal. */
    @Test
    void aHotJournalLeftByAPowerCutIsJudgedRolledBackOnAPrivateCopyNotSentToTheBackup() throws Exception {
        Path file = WalFiles.shopWithHotJournal(dir.resolve("pos.db"), 3_000);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.checks()).noneMatch(c -> c.get("verdict").asText().equals("FAIL"));
        assertThat(doctored.check("quick_check").get("evidence").asText()).startsWith("PRAGMA quick_check: ok")
                .contains("rolled back");
        assertThat(doctored.check("journal files").get("verdict").asText()).isEqualTo("WARN");
        assertThat(doctored.check("journal files").get("next").asText()).isEqualTo("posdb boot --db '" + file + "'");
        // What the rolled-back file holds: the legacy shop, without the cut transaction's rows.
        assertThat(doctored.check("history").get("evidence").asText()).startsWith("no Liquibase history");
        assertThat(doctored.check("history").get("next").asText()).as("the upgrade to come, tried on a copy")
                .isEqualTo("posdb rehearse --db '" + file + "'");
        assertThat(doctored.stdout).doesNotContain("backup");
    }

    @Test
    void aTransactionCutAfterItsHeaderWasWrittenIsJudgedRolledBackNotTruncated() throws Exception {
        Path file = WalFiles.cutTransaction(upgradedShop(JournalMode.DELETE), 3_000, true);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.check("sqlite header").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.check("quick_check").get("evidence").asText()).startsWith("PRAGMA quick_check: ok")
                .contains("rolled back");
        assertThat(doctored.stdout).doesNotContain("truncated").doesNotContain("backup");
    }

    @Test
    void aJournalLeftByAFinishedTransactionInPersistModeIsNotTakenForACutOne() throws Exception {
        Path file = upgradedShop(JournalMode.DELETE);
        // PERSIST (a connection's setting) keeps the journal after the commit, its header zeroed: SQLite ignores it.
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = PERSIST");
            statement.execute("INSERT INTO category (name) VALUES ('kept')");
        }
        assertThat(file.resolveSibling("pos.db-journal")).isNotEmptyFile();

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.check("journal files").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.check("quick_check").get("evidence").asText()).isEqualTo("PRAGMA quick_check: ok");
    }

    @Test
    void anUpgradeKilledDuringACheckpointJudgesTheSnapshotTheNextBootRestores() throws Exception {
        Path file = dir.resolve("pos.db");
        Path snapshot = WalFiles.interruptedUpgradeWithCutCheckpoint(file, 400);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.check("interrupted upgrade").get("verdict").asText()).isEqualTo("WARN");
        assertThat(doctored.check("interrupted upgrade").get("evidence").asText())
                .contains(snapshot.getFileName().toString());
        assertThat(doctored.check("sqlite header").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.checks()).noneMatch(c -> c.get("verdict").asText().equals("FAIL"));
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLegacyShopWhoseRolesThePendingRemapMapsHasNoDataWarning(JournalMode mode) throws Exception {
        // The owner's legacy role 'primary' is longer than the entity's role column until 0008 maps it to 'admin'.
        Path file = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(dir.resolve("pos.db"), 2)
                : WalFiles.shop(dir.resolve("pos.db"), mode);
        FileModes.set(file, "rw-------");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.check("history").get("evidence").asText()).startsWith("no Liquibase history");
        assertThat(doctored.check("data").get("verdict").asText()).as(doctored.stdout).isEqualTo("OK");
        assertThat(doctored.check("data").get("evidence").asText())
                .contains("roles are judged once the pending changesets (which map them) ran");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    @ExtendWith(QuietLogs.class) // the failed rollback's restore WARN is expected
    void aFailedRollbackIsALastUpgradeWarningThatPrintsNoNull(JournalMode mode) throws Exception {
        // A rollback that fails partway and is restored (RollbackFixture: 0012's rollback fails after 0013's
        // committed) reached no release. (A rollback to a tag the history lacks is refused before it writes:
        // it leaves no record to report.)
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        FileModes.set(file, "rw-------");
        String changelog = RollbackFixture.changelogWithNotes(dir).toString();
        assertThat(PosdbInProcess.run("update", "--db", file.toString(), "--changelog", changelog).exitCode()).isZero();
        assertThat(PosdbInProcess.run("rollback", "--count", "2", "--db", file.toString(), "--changelog", changelog)
                .exitCode()).isEqualTo(1);

        Doctored doctored = doctor(file, "--changelog", changelog);

        JsonNode check = doctored.check("last upgrade");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).as("the release it did not reach, in history --runs' words")
                .startsWith("the last attempt did not complete: rollback 2.1 -> (not reached) at ")
                .endsWith(": failed-restored (changeset 0012-till-notes failed)")
                .doesNotContain("null");
        assertThat(PosdbInProcess.run("history", "--runs", "--db", file.toString()).stdout())
                .contains("rollback  2.1 → (not reached)  failed-restored");
        // Its next step, typed as printed, shows that record from this file, not from data/pos.db or POSDB_URL.
        String next = check.get("next").asText();
        assertThat(next).isEqualTo("posdb history --runs --db '" + file + "'");
        PosdbProcess.Result shown = PosdbInProcess.run(PrintedCommand.arguments(next));
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(shown.stdout()).contains("rollback  2.1 → (not reached)  failed-restored");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLiquibaseLockLeftByADeadProcessIsAWarningToReleaseIt(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-3', "
                + "LOCKGRANTED = '2026-11-20 07:00:00' WHERE ID = 1");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isZero();
        JsonNode check = doctored.check("locks");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).contains("till-3").contains("a process that died");
        assertThat(check.get("next").asText()).isEqualTo("posdb release-locks --db '" + file + "'");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLockHeldByALiveUpgradeFailsWithTheLockedExitCode(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'me' WHERE ID = 1");

        Doctored doctored;
        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            doctored = doctor(file);
        }

        assertThat(doctored.exitCode).isEqualTo(8);
        JsonNode check = doctored.check("locks");
        assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(check.get("evidence").asText()).contains("pid " + ProcessHandle.current().pid());
        assertThat(check.get("next").asText()).startsWith("let it finish");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDatabaseANewerReleaseUpgradedFailsWithExitFour(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, "
                + "MD5SUM) VALUES ('0099-from-the-future', 'posdb', 'changelog/changes/0099-future.yaml', "
                + "'2027-01-01 00:00:00', 99, 'EXECUTED', '9:0')");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isEqualTo(4);
        JsonNode check = doctored.check("history");
        assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(check.get("failure").asText()).isEqualTo("NEWER_DATABASE");
        assertThat(check.get("evidence").asText()).contains("0099-from-the-future");
        assertThat(check.get("next").asText()).contains("--allow-newer-database");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anEditedChangesetFailsWithExitFive(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String first = string(file, "SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED LIMIT 1");
        String checksum = string(file, "SELECT MD5SUM FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED LIMIT 1");
        execute(file, "UPDATE DATABASECHANGELOG SET MD5SUM = '" + checksum.substring(0, checksum.indexOf(':') + 1)
                + "00000000000000000000000000000000' WHERE ID = '" + first + "'");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isEqualTo(5);
        JsonNode check = doctored.check("history");
        assertThat(check.get("failure").asText()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(check.get("evidence").asText()).contains(first);
        assertThat(check.get("next").asText()).contains("git diff -- changelog/");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void rowsReferringToDeletedRowsAreAWarningNamingChildAndParentNotAFailure(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String product = string(file, "SELECT MIN(product_id) FROM saleitem");
        String items = string(file, "SELECT COUNT(*) FROM saleitem WHERE product_id = " + product);
        execute(file, "PRAGMA foreign_keys = OFF", "DELETE FROM product WHERE id = " + product);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        JsonNode check = doctored.check("foreign keys");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).startsWith(items + " row(s) refer to rows that do not exist ("
                + items + " in saleitem -> product)").contains("upgrades keep them");
    }

    /** Boot gives exit 1 (Hibernate's validation) for it, before drift is more than a warning: so does the doctor. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aColumnTheEntitiesMapDroppedByHandFailsWithBootsExitOneNamingIt(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "ALTER TABLE product DROP COLUMN stock");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
        JsonNode check = doctored.check("entities");
        assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(check.get("evidence").asText()).contains("stock", "product").endsWith("the till does not start");
        assertThat(doctored.check("drift").get("verdict").asText()).isEqualTo("FAIL");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aHandDroppedIndexIsDriftWithExitTwelve(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String index = string(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                + "ORDER BY name LIMIT 1");
        execute(file, "DROP INDEX \"" + index + "\"");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isEqualTo(12);
        JsonNode check = doctored.check("drift");
        assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(check.get("evidence").asText()).contains("index " + index + " is missing");
        assertThat(check.get("next").asText()).isEqualTo("posdb drift --db '" + file + "'");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aUserWithAnUnknownRoleAndOneWithANullNameAreWarningsNamingTheirIds(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        // A hand-made variant of the user table whose name may be NULL (as some tills' schemas were),
        // and a role the CHECK would refuse: only a hand edit, or another tool, leaves such rows.
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA writable_schema = ON");
            statement.execute("UPDATE sqlite_master SET sql = replace(sql, '\"name\" VARCHAR(100) NOT NULL', "
                    + "'\"name\" VARCHAR(100)') WHERE type = 'table' AND name = 'user'");
        }
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA ignore_check_constraints = ON");
            statement.execute("UPDATE \"user\" SET role = 'manager' WHERE id = 2");
            statement.execute("UPDATE \"user\" SET name = NULL WHERE id = 3");
        }

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("user.role: 1 row(s) with a role the entity does not know (it knows admin, user) (id 2)")
                .contains("user.name: 1 row(s) with NULL, which the entity requires (id 3)")
                .doesNotContain("manager");
        assertThat(check.get("next").asText()).startsWith("sqlite3 '" + file + "' 'SELECT id FROM \"user\" WHERE");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTimeOrAnAmountWrittenInAFormTheTillCannotReadIsAWarningNamingItsIdsNotWhatTheLegacyBackendWrote(
            JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        String first = string(file, "SELECT MIN(id) FROM sale");
        String second = string(file, "SELECT MAX(id) FROM sale");
        // What Python's sqlite3 writes for a datetime (fractions, an offset) the till reads; an import
        // script's isoformat() with a T, or a day-first date, it cannot.
        execute(file, "UPDATE sale SET created_at = '2024-03-01 08:00:00.123456+00:00' WHERE id = " + first,
                "UPDATE sale SET created_at = '2024-03-01T08:00:00' WHERE id = " + second,
                "UPDATE product SET created_at = '01/03/2024 08:00' WHERE id = (SELECT MIN(id) FROM product)",
                "UPDATE product SET price = '2,50' WHERE id = (SELECT MAX(id) FROM product)",
                "UPDATE sale SET total = ' 31.90 ' WHERE id = " + first);

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("sale.created_at: 1 row(s) with a time not written yyyy-MM-dd HH:mm:ss (id " + second + ")")
                .contains("product.created_at: 1 row(s) with a time not written")
                .contains("product.price: 1 row(s) with an amount that is not a decimal number (id "
                        + string(file, "SELECT MAX(id) FROM product") + ")")
                .doesNotContain("sale.total").doesNotContain("2024").doesNotContain("2,50");
    }

    /**
     * sqlite-jdbc reads a date or time of day that does not exist leniently, as another one (month 13 in the next
     * year): the till would show, and a transfer move, another time than the row holds. Times that exist, with a
     * fraction and an offset, at midnight, on a leap day, are not listed.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDateOrTimeOfDayThatDoesNotExistIsAWarningWhoseSelectListsExactlyItsRows(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        // The till reads numbers of any width ('2025-2-3' is February 3): a short one is judged as a long one is.
        List<String> impossible = List.of("2025-13-45 10:00:00", "2025-02-30 10:00:00", "2025-03-01 25:00:00",
                "2025-03-01 10:61:00", "2025-2-30 10:00:00", "0000-01-01 00:00:00", "2025-03-01 24:00:00");
        // The evidence names the first five; the SELECT it prints lists them all.
        List<String> real = List.of("2024-02-29 00:00:00", "2025-03-01 10:00:00.5+02:00", "2025-12-31 23:59:59",
                "2025-2-3 9:05:00");
        List<String> impossibleIds = new ArrayList<>();
        for (String time : Stream.concat(impossible.stream(), real.stream()).toList()) {
            String receipt = "T-" + time;
            execute(file, "INSERT INTO sale (receipt_no, total, payment_method, cashier_id, created_at) VALUES ('"
                    + receipt + "', '1.00', 'card', 1, '" + time + "')");
            if (impossible.contains(time)) {
                impossibleIds.add(string(file, "SELECT id FROM sale WHERE receipt_no = '" + receipt + "'"));
            }
        }

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("sale.created_at: " + impossible.size() + " row(s) with a date or time of day that does "
                        + "not exist, which the till reads as another (id "
                        + String.join(", ", impossibleIds.subList(0, 5)) + ", ...)")
                .doesNotContain("not written").doesNotContain("13-45");
        List<String> typed = PrintedCommand.words(check.get("next").asText());
        assertThat(typed.subList(0, 2)).isEqualTo(List.of("sqlite3", file.toString()));
        List<String> listed = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(typed.get(2))) {
            while (rs.next()) {
                listed.add(rs.getString(1));
            }
        }
        assertThat(listed).as("the rows the SELECT it prints lists").isEqualTo(impossibleIds);
    }

    /**
     * Text longer than its column declares in a table no entity maps (posdb's own audit: SQLite keeps it, a server's
     * VARCHAR(n) refuses it, and posdb transfer refuses it by the same limit) is a data warning, naming the row, never
     * the value.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void textLongerThanItsColumnInATableNoEntityMapsIsAWarningNamingItsRow(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "INSERT INTO data_migration_audit (changeset_id, table_name, row_id, column_name) VALUES "
                + "('by-hand', 'user', 'SECRET-' || replace(hex(zeroblob(50)), '0', 'x'), 'pin_hash')"); // 107 > 64
        String id = string(file, "SELECT MAX(id) FROM data_migration_audit");

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("data_migration_audit.row_id: 1 row(s) longer than its column's 64 characters (id " + id + ")")
                .doesNotContain("SECRET");
    }

    /**
     * Length is judged in characters, as the server's VARCHAR(n) counts them (the doctor screens rows by their bytes
     * first, never fewer): a name of 60 two-byte characters fits user.name's 100, one of 101 does not.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void textIsJudgedLongerThanItsColumnByItsCharactersNotItsBytes(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "UPDATE \"user\" SET name = replace(hex(zeroblob(60)), '00', 'é') WHERE id = 1",
                "UPDATE \"user\" SET name = replace(hex(zeroblob(101)), '00', 'é') WHERE id = 2");

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("user.name: 1 row(s) longer than its column's 100 characters (id 2)");
    }

    /**
     * A table made by hand without an {@code id} column: its over-long text is named by rowid, as the transfer that
     * refuses it names it, rather than left unchecked.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void textLongerThanItsColumnInATableWithoutAnIdIsNamedByRowid(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "CREATE TABLE loyalty_note (card VARCHAR(12), note VARCHAR(20))");
        execute(file, "INSERT INTO loyalty_note (card, note) VALUES ('C-1', 'fits'), "
                + "('C-2', 'SECRET-' || replace(hex(zeroblob(10)), '0', 'x'))"); // 27 > 20
        String rowid = string(file, "SELECT rowid FROM loyalty_note WHERE card = 'C-2'");

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("loyalty_note.note: 1 row(s) longer than its column's 20 characters (rowid " + rowid + ")")
                .doesNotContain("SECRET");
    }

    /**
     * A column a shop added by hand (not in the changelog; posdb transfer refuses it while a row holds a value in
     * it): the data check names it with the ids of the rows that hold one, never the values, and the SELECT that lists
     * them; one NULL in every row is named too, without a warning: it holds nothing to lose.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aColumnMadeByHandHoldingValuesIsADataWarningNamingItsRowsAndOneNullInEveryRowIsNamedOnly(JournalMode mode)
            throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "ALTER TABLE sale ADD COLUMN note TEXT",
                "UPDATE sale SET note = 'refund promised' WHERE id IN (SELECT id FROM sale ORDER BY id LIMIT 2)",
                "ALTER TABLE product ADD COLUMN shelf TEXT");
        String first = string(file, "SELECT MIN(id) FROM sale");
        String second = string(file, "SELECT id FROM sale ORDER BY id LIMIT 1 OFFSET 1");

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("WARN");
        assertThat(check.get("evidence").asText())
                .contains("sale.note: 2 row(s) with a value in a column the changelog does not own (id " + first + ", "
                        + second + ")")
                .contains("posdb transfer refuses")
                .contains("product.shelf (NULL in every row)")
                .doesNotContain("refund");
        assertThat(check.get("next").asText()).startsWith("sqlite3 '" + file + "' 'SELECT id FROM ")
                .contains("IS NOT NULL");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aColumnMadeByHandThatIsNullInEveryRowIsNamedByTheDataCheckWithoutAWarning(JournalMode mode)
            throws Exception {
        Path file = upgradedShop(mode);
        execute(file, "ALTER TABLE product ADD COLUMN shelf TEXT");

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("data");
        assertThat(check.get("verdict").asText()).as(doctored.stdout).isEqualTo("OK");
        assertThat(check.get("evidence").asText()).contains("product.shelf (NULL in every row)");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aFileSqliteCannotReadFailsWithExitSixAndNamesTheNewestSnapshot(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        Path snapshot;
        try (Stream<Path> files = Files.list(dir)) {
            snapshot = files.filter(f -> f.toString().endsWith(".snapshot")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.write(file, "this is not a database, it is a receipt printer's log".getBytes(StandardCharsets.UTF_8));

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isEqualTo(6);
        JsonNode check = doctored.check("sqlite header");
        assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(check.get("evidence").asText()).contains("not an SQLite database");
        assertThat(check.get("next").asText()).endsWith("rm -f '" + file + "-wal' '" + file + "-shm' '" + file
                + "-journal' && cp '" + snapshot + "' '" + file + "'");
    }

    /**
     * A text file at --db is no shop's database, most likely the wrong path: the advice is to check --db before any
     * restore; a real database cut short still gets the restore (it is the shop's file, damaged).
     */
    @Test
    void aTextFileIsMostLikelyTheWrongPathSoTheAdviceIsToCheckDbBeforeAnyRestore() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.db"), "not a database\n".repeat(50));
        Path cut = upgradedShop(JournalMode.DELETE);
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        JsonNode text = doctor(notes).check("sqlite header");
        JsonNode truncated = doctor(cut).check("sqlite header");

        assertThat(text.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(text.get("evidence").asText()).contains("not an SQLite database");
        assertThat(text.get("next").asText()).startsWith("check --db: this is not an SQLite database, most likely "
                + "the wrong path; if it is the till's file after all, restore");
        assertThat(truncated.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(truncated.get("evidence").asText()).contains("truncated");
        assertThat(truncated.get("next").asText()).startsWith("restore").doesNotContain("--db");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aReadOnlyFolderFailsWithExitSeven(JournalMode mode) throws Exception {
        assumeThat("root".equals(System.getProperty("user.name"))).as("as root, permissions do not bind").isFalse();
        Path file = upgradedShop(mode);
        FileModes.set(dir, "r-xr-xr-x");
        try {
            Doctored doctored = doctor(file);

            assertThat(doctored.exitCode).isEqualTo(7);
            JsonNode check = doctored.check("writable");
            assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
            assertThat(check.get("evidence").asText()).contains("the folder " + dir.toRealPath() + " is read-only");
            assertThat(check.get("next").asText()).isEqualTo("chmod u+w '" + dir.toRealPath() + "'  (as the folder's owner, "
                    + System.getProperty("user.name") + ")");
        } finally {
            FileModes.set(dir, "rwx------");
        }
    }

    /** A -wal holds the sales since the last checkpoint: one more open than the shop gives them away. */
    @Test
    void aWalMoreOpenThanTheShopIsAPermissionsWarningNamingIt() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        WalFiles.commitToWalOnly(file, 3);
        FileModes.set(file, "rw-------");
        FileModes.set(file.resolveSibling("pos.db-wal"), "rw-r--r--");

        Doctored doctored = doctor(file);

        JsonNode check = doctored.check("permissions");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).contains("pos.db-wal");
    }

    /** A snapshot is a whole copy of the shop: one more open than the shop gives it away, and the warning names it. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aSnapshotMoreOpenThanTheShopIsAPermissionsWarningWhoseCommandMakesItPrivate(JournalMode mode)
            throws Exception {
        Path file = upgradedShop(mode);
        FileModes.set(file, "rw-------");
        Path snapshot = new UpgradeSnapshots(SqliteDatabase.at(file)).take("2.0.0", Map.of()).orElseThrow();
        FileModes.set(snapshot, "rw-r--r--");

        JsonNode warning = doctor(file).check("permissions");

        assertThat(warning.get("verdict").asText()).isEqualTo("WARN");
        assertThat(warning.get("evidence").asText()).contains(snapshot.getFileName().toString())
                .doesNotContain("readable by every account");
        Process fix = new ProcessBuilder("sh", "-c", warning.get("next").asText()).redirectErrorStream(true).start();
        assertThat(fix.waitFor()).as(warning.get("next").asText()).isZero();
        assertThat(FileModes.of(snapshot)).isEqualTo("rw-------");
        JsonNode again = doctor(file).check("permissions");
        assertThat(again.get("verdict").asText()).as(again.get("evidence").asText()).isEqualTo("OK");
    }

    /**
     * A shop readable by every account with its -wal as open: the one finding's command makes both private, so a
     * second run finds nothing more to fix (the -wal, the newest sales, did not stay open until then).
     */
    @Test
    void aShopAndItsWalReadableByEveryAccountAreMadePrivateByTheOneCommandTheWarningGives() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        WalFiles.commitToWalOnly(file, 3);
        Path wal = file.resolveSibling("pos.db-wal");
        FileModes.set(file, "rw-r--r--");
        FileModes.set(wal, "rw-r--r--");

        JsonNode warning = doctor(file).check("permissions");
        assertThat(warning.get("verdict").asText()).isEqualTo("WARN");
        assertThat(warning.get("evidence").asText()).contains("pos.db is readable by every account", "pos.db-wal");
        Process fix = new ProcessBuilder("sh", "-c", warning.get("next").asText()).redirectErrorStream(true).start();
        assertThat(fix.waitFor()).as(warning.get("next").asText()).isZero();

        JsonNode again = doctor(file).check("permissions");
        assertThat(again.get("verdict").asText()).as(again.get("evidence").asText()).isEqualTo("OK");
    }

    /**
     * A -wal this user cannot write (left by another account's `sudo sqlite3`) stops the boot with exit 7, naming
     * it: the doctor says so in its writable check, as the boot would, instead of "OK". chattr +i binds root too.
     */
    @Test
    void aWalThisUserCannotWriteFailsTheWritableCheckWithTheBootsExitCode() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        WalFiles.commitToWalOnly(file, 3);
        Path wal = file.resolveSibling("pos.db-wal");
        Process immutable = new ProcessBuilder("chattr", "+i", wal.toString()).redirectErrorStream(true).start();
        assumeThat(immutable.waitFor()).as("chattr +i (root, a file system that has it)").isZero();
        try {
            Doctored doctored = doctor(file);

            assertThat(doctored.exitCode).isEqualTo(BootFailure.NOT_WRITABLE.exitCode());
            JsonNode check = doctored.check("writable");
            assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
            assertThat(check.get("evidence").asText()).contains("pos.db-wal").contains("read-only for this user");
        } finally {
            new ProcessBuilder("chattr", "-i", wal.toString()).start().waitFor();
        }
    }

    /** The shop upgraded by the next release with {@code changes} (NewerRelease's), as an older release then meets it. */
    private Path upgradedByTheNextRelease(JournalMode mode, String changes) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        FileModes.set(file, "rw-------");
        Path changelog = NewerRelease.changelog(newerRelease, changes);
        PosdbProcess.Result upgrade = PosdbInProcess.run("update", "--db", file.toString(), "--changelog",
                changelog.toString());
        assertThat(upgrade.exitCode()).as(upgrade.stderr()).isZero();
        return file;
    }

    /**
     * A downgrade killed after its snapshot: the marker says so (run.operation), and the way on is posdb downgrade;
     * posdb update would restore the snapshot and then refuse the newer release's changesets (exit 4).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aKilledDowngradeIsCalledADowngradeAndItsNextStepIsDowngrade(JournalMode mode) throws Exception {
        Path file = upgradedByTheNextRelease(mode, NewerRelease.BREAKING_ON_SQLITE);
        Path snapshot = new UpgradeSnapshots(SqliteDatabase.at(file))
                .take("downgrade", Map.of("run.operation", UpgradeRun.DOWNGRADE)).orElseThrow();

        JsonNode check = doctor(file).check("interrupted upgrade");

        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).startsWith("a downgrade was interrupted")
                .contains(snapshot.getFileName().toString()).doesNotContain("upgrades again");
        assertThat(check.get("next").asText()).isEqualTo("posdb downgrade --db '" + file + "'");
    }

    /**
     * A rollback killed after its snapshot: its marker records the target as the command gave it, and the doctor's
     * next step is that rollback exactly, which runs as printed (it restores the snapshot and rolls back again).
     * Before, the next step was "--tag <the same tag> (or --count <the same number>)", a placeholder no shell runs. A
     * marker an older release wrote, without the target, keeps that wording: nothing else says which target it was.
     */
    @Test
    void aKilledRollbackIsSentToTheSameRollbackItsMarkerRecordsRunnableAsPrinted() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        Path marker = file.resolveSibling("pos.db.upgrading");
        // The kill's moment: the marker as the rollback wrote it, read when its first changeset starts.
        AtomicReference<String> killedAt = new AtomicReference<>();
        PosDatabaseMaintenance.rollbackToTag(PosDatabaseSettings.sqlite(file)
                .progress(new UpgradeProgress() {
                    @Override
                    public void changesetStarted(String changesetId) {
                        try {
                            killedAt.compareAndSet(null, Files.readString(marker));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }).build(), "v1.0");
        assertThat(killedAt.get()).as("the rollback ran a changeset with its marker beside the file").isNotNull();
        Files.writeString(marker, killedAt.get()); // left behind by the kill, naming the snapshot the rollback kept

        String next = doctor(file).check("interrupted upgrade").get("next").asText();
        Files.writeString(marker, killedAt.get().replaceAll("(?m)^run\\.rollback_tag=.*$", ""));
        String nextForAnOlderMarker = doctor(file).check("interrupted upgrade").get("next").asText();
        Files.writeString(marker, killedAt.get());
        // release-locks, which an operator may run first, words the marker as the doctor does.
        PosdbProcess.Result released = PosdbInProcess.run("release-locks", "--db", file.toString());
        assertThat(released.exitCode()).as(released.stderr()).isZero();
        assertThat(released.stdout()).contains("A rollback was interrupted", "posdb rollback --tag 'v1.0' then rolls back"
                + " again").doesNotContain("upgrades again");

        assertThat(next).isEqualTo("posdb rollback --db '" + file + "' --tag 'v1.0'");
        assertThat(nextForAnOlderMarker).isEqualTo("posdb rollback --db '" + file + "' --tag <the same tag> "
                + "(or --count <the same number>)");
        PosdbProcess.Result again = PosdbInProcess.run(PrintedCommand.arguments(next));
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(marker).as("restored, then rolled back again").doesNotExist();
        assertThat(PosDatabaseChecks.runs(PosDatabaseSettings.sqlite(file).build()))
                .as("the killed rollback restored, then the same rollback applied").extracting(UpgradeRun::operation,
                        UpgradeRun::outcome).startsWith(tuple(UpgradeRun.ROLLBACK,
                        UpgradeRun.APPLIED), tuple(UpgradeRun.ROLLBACK,
                        UpgradeRun.KILLED_RESTORED));
    }

    /**
     * Beside a file an interrupted run left, the -journal it cut (its header never finished: the run was killed
     * before it synced) is named as what is there, not hidden behind the snapshot the other checks judge. DELETE
     * mode only: a WAL file has no -journal.
     */
    @Test
    void aJournalBesideAFileAKilledRunLeftIsNamedNotSaidToBeAbsent() throws Exception {
        Path file = upgradedShop(JournalMode.DELETE);
        new UpgradeSnapshots(SqliteDatabase.at(file)).take("2.0.0", Map.of("run.operation", UpgradeRun.UPGRADE));
        Path journal = Files.write(file.resolveSibling("pos.db-journal"), new byte[12_824]);

        JsonNode check = doctor(file).check("journal files");

        assertThat(check.get("evidence").asText()).as("what is beside the file").contains("pos.db-journal (12824 bytes")
                .doesNotContain("no -wal or -journal");
        assertThat(journal).exists();
    }

    /** The refusal's own way out (docs/releases.md): the changesets were recorded, so this release can undo them. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDatabaseWithBreakingChangesetsOfANewerReleaseIsSentToDowngradeAndSaysWhyEntitiesAndDriftWait(JournalMode mode)
            throws Exception {
        Path file = upgradedByTheNextRelease(mode, NewerRelease.BREAKING_ON_SQLITE);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        JsonNode history = doctored.check("history");
        assertThat(history.get("evidence").asText()).as("the release that wrote them")
                .contains("by " + Changelogs.nextReleaseLabel() + "): breaking");
        assertThat(history.get("next").asText()).startsWith("posdb downgrade --db '" + file + "'");
        assertThat(doctored.check("entities").get("evidence").asText()).as("nothing is pending")
                .doesNotContain("pending").contains("boot refuses", "0102-product-category-required");
        assertThat(doctored.check("drift").get("evidence").asText()).startsWith("not compared")
                .contains("0102-product-category-required");
    }

    /** status names them as a newer release's; the doctor, which the phone call starts with, must too. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aNewerReleasesCompatibleChangesetsAreNamedAsSuchNotJustUpToDate(JournalMode mode) throws Exception {
        Path file = upgradedByTheNextRelease(mode, NewerRelease.COMPATIBLE);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        JsonNode history = doctored.check("history");
        assertThat(history.get("verdict").asText()).isEqualTo("OK");
        assertThat(history.get("evidence").asText()).contains("of a newer release", "recorded compatible",
                "0100-user-email", "by " + Changelogs.nextReleaseLabel());
        assertThat(doctored.check("entities").get("evidence").asText()).as("validated: it starts")
                .startsWith("Hibernate validates");
    }

    /**
     * Read out over the phone, the restore advice must not lose the day's sales: the file and its -wal (committed
     * sales) are copied into a new folder before anything is removed (docs/running-tills.md, exit 6).
     */
    @Test
    void theRestoreAdviceForADamagedWalFileCopiesTheFileAndItsWalBeforeRemovingAnything() throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL);
        UpgradeSnapshots snapshots = new UpgradeSnapshots(SqliteDatabase.at(file));
        snapshots.take("2.0.0", Map.of());
        snapshots.finish(3); // a snapshot from the last upgrade, the sales since then in the -wal only
        WalFiles.commitToWalOnly(file, 3);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096 + 8; i < 4096 + 200; i++) { // a b-tree page scribbled over, the header intact
            bytes[i] = (byte) 0xA5;
        }
        Files.write(file, bytes);

        Doctored doctored = doctor(file);

        String next = doctored.check("quick_check").get("next").asText();
        String copy = "cp -p '" + file + "' '" + file + "-wal' ";
        assertThat(next).as(doctored.stdout).startsWith("restore the newest snapshot")
                .contains("mkdir -m 700 '" + file + ".", copy);
        assertThat(next.indexOf(copy)).as("copied before anything is removed").isLessThan(next.indexOf("rm -f"));
        assertThat(file.resolveSibling("pos.db-wal")).exists();
    }

    @Test
    void aWalFileWhoseCheckpointWasCutShortIsHealthy() throws Exception {
        Path file = WalFiles.shopWithCutCheckpoint(dir.resolve("pos.db"), 400);
        assertThat(WalFiles.sideFiles(file)).isNotEmpty();

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.checks()).noneMatch(c -> c.get("verdict").asText().equals("FAIL"));
        assertThat(doctored.check("sqlite header").get("verdict").asText()).isEqualTo("OK");
        assertThat(doctored.check("journal files").get("evidence").asText()).contains("pos.db-wal")
                .as("the checkpoint's pages copied so far leave its transactions not yet copied")
                .contains("not yet copied").contains("Never delete it");
    }

    /**
     * A till killed after a checkpoint leaves a -wal whose every frame is already in the main file (SQLite starts the
     * log over only at the next write): nothing in it is missing from the main file, and a snapshot is the main
     * file's size, not that plus the -wal's.
     */
    @Test
    void aWalWhoseTransactionsWereAllCheckpointedIsSaidToBeCopiedAndAddsNothingToTheSnapshotsSize() throws Exception {
        int sales = 20;
        Path file = WalFiles.commitAndCheckpointWithWalLeft(WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL),
                sales);
        Path wal = file.resolveSibling("pos.db-wal");
        assertThat(Files.size(wal)).as("the checkpoint left the -wal's frames").isPositive();
        assertThat(WalFiles.salesInMainFileAlone(file)).as("the main file alone holds every sale")
                .isEqualTo(WalFiles.countInCopy(file, "SELECT COUNT(*) FROM sale"));

        Doctored doctored = doctor(file);

        assertThat(doctored.check("journal files").get("evidence").asText()).as(doctored.stdout)
                .contains("pos.db-wal (" + Files.size(wal) + " bytes) holds " + sales + " committed transaction(s), "
                        + "all already copied into the main file")
                .doesNotContain("not yet copied").doesNotContain("Never delete");
        assertThat(doctored.check("disk space").get("evidence").asText())
                .endsWith("a snapshot needs about " + Files.size(file));
    }

    /** A -wal a crash left holding only a transaction it cut short: SQLite ignores it, and nothing is lost. */
    @Test
    void aWalHoldingOnlyATransactionACrashCutShortIsSaidToHoldNoCommittedTransaction() throws Exception {
        Path file = WalFiles.cutTransactionInWal(WalFiles.shop(dir.resolve("pos.db"), JournalMode.WAL), 300);
        assertThat(Files.size(file.resolveSibling("pos.db-wal"))).as("the cut transaction's frames").isPositive();
        assertThat(WalFiles.countInCopy(file, "SELECT COUNT(*) FROM category WHERE name LIKE 'cut short%'"))
                .as("SQLite reads none of its rows").isZero();

        Doctored doctored = doctor(file);

        assertThat(doctored.check("journal files").get("evidence").asText()).as(doctored.stdout)
                .contains("pos.db-wal").contains("holds no committed transaction").contains("SQLite ignores it")
                .doesNotContain("not yet copied");
    }

    /** Sales committed to the -wal and never checkpointed are counted, and the -wal is never to be deleted. */
    @Test
    void salesCommittedToTheWalOnlyAreCountedAsTransactionsNotYetCopiedNeverToBeDeleted() throws Exception {
        int sales = 5;
        Path file = WalFiles.shopWithHotWal(dir.resolve("pos.db"), sales);

        Doctored doctored = doctor(file);

        assertThat(doctored.check("journal files").get("evidence").asText()).as(doctored.stdout)
                .contains("holds " + sales + " committed transaction(s) not yet copied into the main file (of "
                        + sales + " in it)").contains("Never delete it");
    }

    @Test
    void aShopReachedThroughASymbolicLinkIsJudgedWithTheWalBesideTheFileItNames() throws Exception {
        Path file = WalFiles.shopWithHotWal(dir.resolve("pos.db"), 3);
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("pos.db"), file);

        Doctored doctored = doctor(link);

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.check("journal files").get("evidence").asText()).as(doctored.stdout)
                .contains("pos.db-wal").contains("committed");
        assertThat(doctored.check("disk space").get("evidence").asText()).contains(dir.toString())
                .doesNotContain("elsewhere");
    }

    @Test
    void aStaleShmWithoutAWalIsJudgedWithoutCreatingAWalBesideIt() throws Exception {
        Path file = upgradedShop(JournalMode.WAL);
        assertThat(WalFiles.sideFiles(file)).isEmpty();
        byte[] stale = new byte[32_768];
        new java.util.Random(7).nextBytes(stale);
        Files.write(file.resolveSibling(file.getFileName() + "-shm"), stale); // a process that died left it; SQLite rebuilds it

        Doctored doctored = doctor(file); // asserts the folder keeps its files and bytes

        assertThat(doctored.exitCode).as(doctored.stdout).isZero();
        assertThat(doctored.check("quick_check").get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void aFileAnotherProgramHoldsLockedIsInUseNotSentToTheBackup() throws Exception {
        Path file = upgradedShop(JournalMode.DELETE);
        // A writer in the middle of a transaction (a till, the sqlite3 shell) holds SQLite's exclusive lock.
        try (Connection writer = LegacyDatabases.open(file); Statement statement = writer.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("UPDATE sale SET total = total");

            Doctored doctored = doctor(file);

            assertThat(doctored.exitCode).as(doctored.stdout).isEqualTo(BootFailure.LOCKED.exitCode());
            JsonNode check = doctored.check("quick_check");
            assertThat(check.get("verdict").asText()).isEqualTo("FAIL");
            assertThat(check.get("evidence").asText()).startsWith("another program holds SQLite's lock on the file");
            assertThat(doctored.stdout).doesNotContain("backup").doesNotContain("restore");
            statement.execute("ROLLBACK");
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aSnapshotAKilledUpgradeCutShortIsAWarningNamingItNotASnapshotToRestoreFrom(JournalMode mode) throws Exception {
        Path file = upgradedShop(mode);
        Path cutShort = Files.write(dir.resolve("pos.db.20260101-080000-000.before-2.1.0.snapshot.partial"),
                new byte[4096]);

        Doctored doctored = doctor(file);

        assertThat(doctored.exitCode).isZero();
        JsonNode check = doctored.check("snapshots");
        assertThat(check.get("verdict").asText()).isEqualTo("WARN");
        assertThat(check.get("evidence").asText()).startsWith("1 to restore from, newest pos.db.")
                .contains("1 file(s) a killed upgrade left cut short (4096 bytes");
        assertThat(check.get("next").asText()).isEqualTo("rm -f '" + cutShort + "'  (not while an upgrade runs)");
    }

    @Test
    void aCopyOfThisShopAKilledProcessLeftInTheTemporaryFolderIsAWarningToRemoveIt() throws Exception {
        Path file = upgradedShop(JournalMode.WAL).toRealPath();
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        Path ofThisShop = temporary.resolve("posdb-rehearsal-" + System.nanoTime());
        Path ofAnotherShop = temporary.resolve("posdb-rehearsal-" + (System.nanoTime() + 1));
        try {
            // As a killed rehearsal leaves it: the copy, and the in-use file no process holds locked any more.
            for (Path folder : List.of(ofThisShop, ofAnotherShop)) {
                Files.createDirectories(folder);
                Files.write(folder.resolve("pos.db"), new byte[8192]);
            }
            Files.writeString(ofThisShop.resolve(".posdb-in-use"), file.toString());
            Files.writeString(ofAnotherShop.resolve(".posdb-in-use"), dir.resolve("other/pos.db").toString());

            Doctored doctored = doctor(file);

            JsonNode check = doctored.check("temporary copies");
            assertThat(check.get("verdict").asText()).isEqualTo("WARN");
            assertThat(check.get("evidence").asText()).startsWith("1 copy of this shop killed posdb processes left in ");
            assertThat(check.get("next").asText()).isEqualTo("rm -rf '" + ofThisShop + "'");
            assertThat(ofThisShop).as("the doctor writes nothing").isDirectory();
        } finally {
            TemporaryFolder.deleteTree(ofThisShop);
            TemporaryFolder.deleteTree(ofAnotherShop);
        }
    }

    @Test
    void theTextNamesEveryCheckWithItsNextCommand() throws Exception {
        Path file = upgradedShop(JournalMode.DELETE);
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-3' WHERE ID = 1");

        PosdbProcess.Result result = PosdbInProcess.run("doctor", "--db", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("posdb doctor on " + file.toRealPath() + " (sqlite): WARN")
                .contains("  WARN locks: Liquibase's lock is held by till-3")
                .contains("       next: posdb release-locks --db '" + file.toRealPath() + "'");
    }

    // ---------------------------------------------------------------- helpers

    /** What one doctor run printed with --json, and proof it wrote nothing. */
    record Doctored(int exitCode, String stdout, JsonNode json) {
        JsonNode check(String name) {
            return checks().stream().filter(c -> c.get("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in " + stdout));
        }

        List<JsonNode> checks() {
            return Stream.of(json.get("checks")).flatMap(c -> java.util.stream.StreamSupport.stream(c.spliterator(), false))
                    .toList();
        }
    }

    /** Runs doctor --json and asserts the folder holds the same files with the same bytes afterwards. */
    private Doctored doctor(Path file, String... moreOptions) throws Exception {
        Map<String, String> before = Bytes.folder(dir);
        PosdbProcess.Result result = PosdbInProcess.run(Stream.concat(Stream.of("doctor", "--json", "--db",
                file.toString()), Stream.of(moreOptions)).toArray(String[]::new));
        assertThat(Bytes.folder(dir)).as("doctor writes nothing: the files beside the database and their bytes")
                .isEqualTo(before);
        return new Doctored(result.exitCode(), result.stdout() + result.stderr(), JSON.readTree(result.stdout()));
    }

    private static void execute(Path file, String... sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static String string(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
