package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.BootResult;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.api.PosDatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The refusals that come before any write (newer database, edited changeset, bad files, bad changelog), and a run
 * with nothing to write, which leaves the shop's folder as it was.
 */
class BootGuardsTest {

    @TempDir
    Path dir;

    /** Keeps the expected warnings (demoted roles, restores, refusals) off the test run's console. */
    private final CapturedLogs quiet = new CapturedLogs();

    @AfterEach
    void releaseLogs() {
        quiet.close();
    }

    private Path bootedDatabase() throws Exception {
        Path file = dir.resolve("pos.db");
        boot(file).close();
        return file;
    }

    private static BootResult boot(Path file) throws PosDatabaseException {
        return boot(file, PosDatabaseSettings.sqlite(file).build());
    }

    private static BootResult boot(Path file, PosDatabaseSettings settings) throws PosDatabaseException {
        return new DatabaseBoot(SqliteDatabase.at(file), settings).boot();
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static BootFailure failureOf(ThrowingBoot boot) {
        try {
            boot.run();
        } catch (PosDatabaseException e) {
            return e.kind();
        } catch (Exception e) {
            throw new AssertionError("expected a PosDatabaseException, got " + e, e);
        }
        throw new AssertionError("expected the boot to be refused");
    }

    interface ThrowingBoot {
        void run() throws Exception;
    }

    @Nested
    class DowngradeGuard {

        private Path newerDatabase() throws Exception {
            Path file = bootedDatabase();
            execute(file, "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, "
                    + "MD5SUM, LABELS) VALUES ('0042-loyalty-points', 'posdb', 'changelog/changes/0042-loyalty-points.yaml', "
                    + "'2027-01-01 08:00:00', 99, 'EXECUTED', '9:abc', 'release-3.0')");
            return file;
        }

        @Test
        void refusesADatabaseWrittenByANewerReleaseNamingTheChangeSetAndRelease() throws Exception {
            Path file = newerDatabase();
            String before = Bytes.digest(file);

            assertThatThrownBy(() -> boot(file))
                    .isInstanceOf(PosDatabaseException.class)
                    .hasMessageContaining("0042-loyalty-points")
                    .hasMessageContaining("release-3.0")
                    .hasMessageContaining("--allow-newer-database");
            assertThat(failureOf(() -> boot(file))).isEqualTo(BootFailure.NEWER_DATABASE);
            assertThat(Bytes.digest(file)).isEqualTo(before);
        }

        @Test
        void startsOnANewerDatabaseWhenAllowed() throws Exception {
            Path file = newerDatabase();
            PosDatabaseSettings allow = PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).keepSnapshots(3).allowNewerDatabase(true)
                .changelog(ChangelogSource.packaged()).build();

            try (BootResult result = boot(file, allow)) {
                assertThat(result.applied()).isEmpty();
            }
        }
    }

    /**
     * A refusal the plan calls for comes before the upgrade lock is taken: boot and update of a shop with an edited
     * changeset leave no lock file beside it (it had none: a shop copied in, or after posdb release-locks) and
     * every file of its folder as it was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"boot", "update"})
    void aRefusedBootOrUpdateLeavesNoNewFileBesideTheShop(String command) throws Exception {
        Path file = bootedDatabase();
        Files.delete(file.resolveSibling("pos.db.lock"));
        execute(file, "UPDATE DATABASECHANGELOG SET MD5SUM = '9:00000000000000000000000000000000' "
                + "WHERE ID = '0003-baseline-product'");
        Map<String, String> before = Bytes.folder(dir);

        PosdbProcess.Result refused = PosdbInProcess.run(command, "--db", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.CHECKSUM_MISMATCH.exitCode());
        assertThat(Bytes.folder(dir)).as("no lock file, every file as it was").isEqualTo(before);
    }

    /**
     * An up-to-date shop with no {@code <db>.lock} beside it (copied in, or after posdb release-locks): boot and update
     * find nothing pending and write nothing, so they create no lock file either (they took the upgrade lock to
     * decide that, creating the file), and leave every file of the folder as it was, in WAL mode the sales only its
     * {@code -wal} holds too (update; a boot's pool then runs on the file, as the till's own does).
     */
    @ParameterizedTest
    @CsvSource({"boot, WAL", "boot, DELETE", "update, WAL", "update, DELETE"})
    void anUpToDateBootOrUpdateLeavesNoLockFileBesideAShopThatHadNone(String command, JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        boot(file).close();
        Files.delete(UpgradeLock.lockFile(file));
        if (mode == JournalMode.WAL && command.equals("update")) {
            WalFiles.commitToWalOnly(file, 3);
        }
        Map<String, String> before = Bytes.folder(dir);

        PosdbProcess.Result upToDate = PosdbInProcess.run(command, "--db", file.toString());

        assertThat(upToDate.exitCode()).as(upToDate.stderr()).isZero();
        assertThat(upToDate.stdout()).contains("No pending migrations");
        assertThat(UpgradeLock.lockFile(file)).as("no lock file made beside " + file).doesNotExist();
        assertThat(Bytes.folder(dir)).as("every file as it was").isEqualTo(before);
    }

    /**
     * Where the lock file is there, an up-to-date update decides under the lock: a run that holds it may be half way
     * through an all-or-nothing upgrade its failure would restore away, so it is waited for (here, past
     * {@code --lock-wait}, refused naming it), not read as it stands and left.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpToDateUpdateWaitsForTheHolderOfTheUpgradeLock(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        boot(file).close();

        try (UpgradeLock held = UpgradeLock.acquire(file, Duration.ZERO)) {
            PosdbProcess.Result waited = PosdbInProcess.run("update", "--db", file.toString(), "--lock-wait", "1");

            assertThat(waited.exitCode()).as(waited.stderr()).isEqualTo(BootFailure.LOCKED.exitCode());
            assertThat(waited.stderr()).contains(file.toString()).contains("--lock-wait");
        }
    }

    /**
     * Releasing a Liquibase lock row a dead process left is a write: an up-to-date update beside a shop with no
     * {@code <db>.lock} still takes the upgrade lock for it (creating the file), and releases the row.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void anUpToDateUpdateReleasingAStaleLiquibaseLockTakesTheUpgradeLockForIt(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        boot(file).close();
        Files.delete(UpgradeLock.lockFile(file));
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-7 (10.0.0.7)', "
                + "LOCKGRANTED = '2026-11-20 07:00:00' WHERE ID = 1");

        PosdbProcess.Result upToDate = PosdbInProcess.run("update", "--db", file.toString());

        assertThat(upToDate.exitCode()).as(upToDate.stderr()).isZero();
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED = 1")).isZero();
        assertThat(UpgradeLock.lockFile(file)).exists();
    }

    @Test
    void refusesWhenAnAppliedChangeSetWasEditedNamingItsIdAndFile() throws Exception {
        Path file = bootedDatabase();
        execute(file, "UPDATE DATABASECHANGELOG SET MD5SUM = '9:00000000000000000000000000000000' "
                + "WHERE ID = '0003-baseline-product'");

        assertThatThrownBy(() -> boot(file))
                .isInstanceOf(PosDatabaseException.class)
                .hasMessageContaining("0003-baseline-product")
                .hasMessageContaining("changelog/changes/0003-baseline-product.yaml")
                .hasMessageContaining("checksum");
        assertThat(failureOf(() -> boot(file))).isEqualTo(BootFailure.CHECKSUM_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void releasesALiquibaseLockLeftByADeadProcess(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("legacy.db"), mode);
        boot(file).close();
        execute(file, "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-7 (10.0.0.7)', "
                + "LOCKGRANTED = '2026-11-20 07:00:00' WHERE ID = 1");
        execute(file, "DELETE FROM DATABASECHANGELOG WHERE ID = '0007-data-migration-audit'");
        if (mode == JournalMode.WAL) {
            // The row is read through the read-only handle then: the sales only the -wal holds must survive.
            WalFiles.commitToWalOnly(file, 3);
        }

        try (CapturedLogs logs = new CapturedLogs(); BootResult result = boot(file)) {
            assertThat(result.applied()).extracting(a -> a.id()).contains("0007-data-migration-audit");
            assertThat(logs.messages()).anySatisfy(m -> assertThat(m)
                    .contains("Released a stale Liquibase lock").contains("till-7"));
        }
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale WHERE receipt_no LIKE '"
                + WalFiles.HOT_RECEIPT_PREFIX + "%'")).isEqualTo(mode == JournalMode.WAL ? 3 : 0);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED = 1")).isZero();
    }

    @Nested
    class BadInput {

        @Test
        void aFileThatIsNotAnSqliteDatabase() throws Exception {
            Path file = Files.writeString(dir.resolve("notes.db"), "shopping list: milk, bread\n".repeat(20));
            String before = Bytes.digest(file);

            assertThatThrownBy(() -> boot(file))
                    .hasMessageContaining(file.toString()).hasMessageContaining("not an SQLite database");
            assertThat(failureOf(() -> boot(file))).isEqualTo(BootFailure.UNUSABLE_DATABASE);
            assertThat(Bytes.digest(file)).isEqualTo(before);
        }

        @Test
        void aTruncatedDatabase() throws Exception {
            Path legacy = LegacyDatabases.shop(dir.resolve("legacy.db"));
            byte[] bytes = Files.readAllBytes(legacy);
            Path file = Files.write(dir.resolve("truncated.db"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            String before = Bytes.digest(file);

            assertThatThrownBy(() -> boot(file)).hasMessageContaining("truncated");
            assertThat(failureOf(() -> boot(file))).isEqualTo(BootFailure.UNUSABLE_DATABASE);
            assertThat(Bytes.digest(file)).isEqualTo(before);
        }

        /**
         * A damaged file is refused and left as it was found: in WAL mode with sales only in its -wal, the -wal is
         * still there beside it afterwards, and the main file unchanged. The integrity check used to read through a
         * read-write connection whose close emptied the -wal into the damaged file and deleted it: the evidence
         * (and the sales) the operator is told to copy first.
         */
        @ParameterizedTest
        @EnumSource(JournalMode.class)
        void aCorruptDatabaseFailsTheIntegrityCheckAndKeepsItsWal(JournalMode mode) throws Exception {
            Path file = WalFiles.shop(dir.resolve("legacy.db"), mode);
            if (mode == JournalMode.WAL) {
                WalFiles.commitToWalOnly(file, 3);
            }
            byte[] bytes = Files.readAllBytes(file);
            // Scribble over the second page (a table's b-tree page), leaving the header intact.
            for (int i = 4096 + 8; i < 4096 + 200; i++) {
                bytes[i] = (byte) 0xA5;
            }
            Files.write(file, bytes);
            String before = Bytes.digest(file);
            Path wal = file.resolveSibling("legacy.db-wal");
            String walBefore = mode == JournalMode.WAL ? Bytes.digest(wal) : null;

            assertThat(failureOf(() -> boot(file))).isEqualTo(BootFailure.UNUSABLE_DATABASE);
            assertThat(Bytes.digest(file)).as("the damaged file").isEqualTo(before);
            if (mode == JournalMode.WAL) {
                assertThat(wal).as("its -wal, with the sales").exists();
                assertThat(Bytes.digest(wal)).as("its -wal").isEqualTo(walBefore);
            }
        }

        @Test
        void aMissingChangelog() throws Exception {
            Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
            String before = Bytes.digest(file);

            assertThatThrownBy(() -> boot(file, PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).keepSnapshots(3).allowNewerDatabase(false)
                .changelog(ChangelogSource.file(dir.resolve("nowhere/master.yaml"))).build()))
                    .hasMessageContaining("nowhere/master.yaml");
            assertThat(Bytes.digest(file)).isEqualTo(before);
        }

        @Test
        void aMalformedChangelogNamesTheFile() throws Exception {
            Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
            String before = Bytes.digest(file);
            Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0099-broken.yaml",
                    "databaseChangeLog:\n  - changeSet:\n      id: [unclosed\n");
            PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).lockWait(Duration.ofSeconds(5)).keepSnapshots(3).allowNewerDatabase(false)
                .changelog(ChangelogSource.file(changelog)).build();

            assertThatThrownBy(() -> boot(file, settings)).hasMessageContaining("0099-broken.yaml");
            assertThat(failureOf(() -> boot(file, settings))).isEqualTo(BootFailure.BAD_CHANGELOG);
            assertThat(Bytes.digest(file)).isEqualTo(before);
        }

        @Test
        void aParentFolderThatCannotBeCreated() throws Exception {
            Path blocker = Files.writeString(dir.resolve("shop"), "a file where a folder should be");

            assertThatThrownBy(() -> boot(blocker.resolve("pos.db")))
                    .hasMessageContaining(blocker.toString());
            assertThat(failureOf(() -> boot(blocker.resolve("pos.db"))))
                    .isEqualTo(BootFailure.NOT_WRITABLE);
        }
    }
}
