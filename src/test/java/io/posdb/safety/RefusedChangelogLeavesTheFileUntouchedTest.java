package io.posdb.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootFailure;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A changelog the upgrade cannot use is refused before anything beside the shop is copied or written: a pending
 * changeset whose change type SQLite refuses (the hazard guard, Liquibase's validation) gets no lock file, no snapshot,
 * no run record and no restore from boot, update or rollback, which say the database was not changed, and no copy of
 * the shop from rehearse; a changelog that cannot be read leaves no upgrade lock file (nor a folder for a database that
 * does not exist yet), whichever command writes. Real files in both journal modes: in WAL mode with
 * sales committed only to the {@code -wal}, which must not be checkpointed away; in rollback-journal mode (for the
 * unreadable changelog, beside a {@code -journal} a power cut left, which only the lock's holder rolls back).
 */
@ExtendWith(QuietLogs.class)
class RefusedChangelogLeavesTheFileUntouchedTest {

    private static final String ID = Changelogs.nextNumber() + "-product-category-fk";
    private static final String FILE = "changelog/changes/" + ID + ".yaml";

    /** The commands that write to the shop under its upgrade lock, with the options each needs. */
    private static final List<List<String>> COMMANDS_THAT_TAKE_THE_LOCK = List.of(List.of("boot"), List.of("update"),
            List.of("rollback", "--count", "1"), List.of("downgrade"));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void bootRefusesAChangeTypeSqliteRefusesBeforeTheSnapshot(JournalMode mode) throws Exception {
        assertRefusedBeforeTheSnapshot("boot", mode);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void updateRefusesAChangeTypeSqliteRefusesBeforeTheSnapshot(JournalMode mode) throws Exception {
        assertRefusedBeforeTheSnapshot("update", mode);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void rollbackRefusesAChangeTypeSqliteRefusesBeforeTheLock(JournalMode mode) throws Exception {
        // A shop the project's changelog upgraded, so that there is a changeset to roll back, alone in its folder:
        // no lock file yet, which a rollback refused under the lock would leave.
        assertRefusedBeforeTheSnapshot(upgradedShop(mode), "rollback", "--count", "1");
    }

    /** The unsplit block of two statements, as an {@code sql} change's text or an {@code sqlFile}'s file. */
    private static final String TWO_INDEXES = """
            CREATE INDEX IF NOT EXISTS ix_sale_created ON sale (created_at);
            CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total);
            """;

    static Stream<Arguments> unsplitBlocks() {
        return Stream.of(JournalMode.values()).flatMap(mode -> Stream.of(
                Arguments.of(mode, "sql", """
                                - sql:
                                    splitStatements: false
                                    sql: |
                        """ + TWO_INDEXES.indent(18)),
                Arguments.of(mode, "sqlFile", """
                                - sqlFile:
                                    splitStatements: false
                                    path: two-indexes.sql
                                    relativeToChangelogFile: true
                        """)));
    }

    /**
     * SQLite runs only the first statement of an unsplit block, given as an {@code sql} change or in an {@code sqlFile}:
     * before, boot applied the first CREATE INDEX, recorded the changeset and reported success without the second
     * (for an sqlFile until the guard read its file too).
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("unsplitBlocks")
    void bootRefusesAnUnsplitBlockOfSeveralStatementsBeforeTheSnapshot(JournalMode mode, String type, String change)
            throws Exception {
        Path shop = shop(mode);
        Map<String, String> before = Bytes.folder(shop.getParent());
        String id = Changelogs.nextNumber() + "-two-indexes";
        String file = "changelog/changes/" + id + ".yaml";
        Path changelog = Changelogs.withExtraChangeSet(Files.createTempDirectory(dir, "changelog"), id + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: %s
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: %s
                      changes:
                %s
                      rollback:
                        - sql: { sql: DROP INDEX IF EXISTS ix_sale_total }
                        - sql: { sql: DROP INDEX IF EXISTS ix_sale_created }
                """.formatted(file, id, Changelogs.nextReleaseLabel(), change.stripTrailing()));
        Files.writeString(changelog.resolveSibling("changes").resolve("two-indexes.sql"), TWO_INDEXES);

        PosdbProcess.Result boot = run(List.of("boot"), shop, changelog);

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refusalLine("boot", boot)).contains("changeset " + id + " (" + file + "): "
                + SqliteHazard.SEVERAL_STATEMENTS_UNSPLIT.refusal(), shop.toString(), "the database was not changed")
                .doesNotContain("restored");
        assertThat(Bytes.folder(shop.getParent())).as("the shop's folder").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void rehearseRefusesAChangeTypeSqliteRefusesBeforeCopyingTheShop(JournalMode mode) throws Exception {
        Path shop = shop(mode);
        Map<String, String> before = Bytes.folder(shop.getParent());
        Path changelog = changelogWithAForeignKey(); // made before the temporary folder is watched

        PosdbProcess.Result rehearse;
        List<Path> madeInTheTemporaryFolder;
        List<String> log;
        try (CapturedLogs logs = new CapturedLogs(); TemporaryFolderWatch temporary = new TemporaryFolderWatch()) {
            rehearse = PosdbInProcess.run("rehearse", "--db", shop.toString(), "--changelog", changelog.toString());
            madeInTheTemporaryFolder = temporary.created();
            log = logs.messages();
        }

        assertThat(rehearse.exitCode()).as(rehearse.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refusalLine("rehearse", rehearse)).contains("changeset " + ID + " (" + FILE + "): "
                + SqliteHazard.ADD_FOREIGN_KEY_CONSTRAINT.refusal(), shop.toString()).doesNotContain("restored");
        assertThat(madeInTheTemporaryFolder).as("copies made in java.io.tmpdir").isEmpty();
        assertThat(log).as("the rehearsal's log").noneMatch(line -> line.contains(" on a copy: "))
                .noneMatch(line -> line.startsWith("Snapshot of ")).noneMatch(line -> line.startsWith("Restored "));
        assertThat(Bytes.folder(shop.getParent())).as("the shop's folder").isEqualTo(before);
    }

    @Test
    void aChangeTypeSqliteRefusesCreatesNoNewDatabaseNorItsFolder() throws Exception {
        Path folder = dir.resolve("new-shop");
        Path shop = folder.resolve("pos.db");

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", shop.toString(), "--changelog",
                changelogWithAForeignKey().toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refusalLine("boot", boot)).contains(SqliteHazard.ADD_FOREIGN_KEY_CONSTRAINT.refusal(),
                "the database was not changed");
        assertThat(folder).as("the database's folder").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void aChangelogMissingAnIncludeLeavesNoLockFileBesideAShopWithSomethingToRecover(JournalMode mode)
            throws Exception {
        // WAL: sales only in the -wal; rollback journal: a transaction a power cut left in the -journal, which
        // only the upgrade lock's holder rolls back (the plan is not read before the lock beside it).
        Path shop = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shopPath(), 3)
                : WalFiles.shopWithHotJournal(shopPath(), 40);
        Map<String, String> before = Bytes.folder(shop.getParent());

        for (List<String> command : COMMANDS_THAT_TAKE_THE_LOCK) {
            PosdbProcess.Result run = run(command, shop, changelogMissingAnInclude());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command.get(0), run)).contains("9999-not-there.yaml");
            assertThat(Bytes.folder(shop.getParent())).as(command + " on the shop's folder").isEqualTo(before);
        }
    }

    /**
     * Two changesets with one id, author and file: before, boot and update failed as a migration (exit 1, Liquibase's
     * "duplicate identifiers" at validation) and status said pending; the changelog is malformed, as every command
     * now says (exit 9), naming the changeset and its file, before the lock.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(JournalMode.class)
    void aChangelogDeclaringAChangesetTwiceIsRefusedAsMalformedByEveryCommandBeforeTheLock(JournalMode mode)
            throws Exception {
        Path shop = shop(mode);
        Map<String, String> before = Bytes.folder(shop.getParent());
        String id = Changelogs.nextNumber() + "-twice";
        String file = "changelog/changes/" + id + ".yaml";
        String changeSet = """
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: %s
                      changes:
                        - sql: { sql: CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total) }
                      rollback:
                        - sql: { sql: DROP INDEX IF EXISTS ix_sale_total }
                """.formatted(id, Changelogs.nextReleaseLabel());
        Path changelog = Changelogs.withExtraChangeSet(Files.createTempDirectory(dir, "changelog"), id + ".yaml",
                "databaseChangeLog:\n  - logicalFilePath: " + file + "\n" + changeSet + changeSet);

        List<List<String>> commands = new ArrayList<>(COMMANDS_THAT_TAKE_THE_LOCK);
        commands.add(List.of("status"));
        for (List<String> command : commands) {
            PosdbProcess.Result run = run(command, shop, changelog);

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command.get(0), run)).contains("changeset " + id + " (author posdb) twice in " + file);
            assertThat(Bytes.folder(shop.getParent())).as(command + " on the shop's folder").isEqualTo(before);
        }
    }

    /**
     * An {@code sqlFile} naming a file that is not there, in the changes or in the rollback block: Liquibase reads the
     * first for the changeset's checksum, so every command met it as a failed migration (exit 1, the path alone), and
     * the second only when the rollback ran, on a till, years later. Either is a malformed changelog, refused by
     * every command and by lint with exit 9, naming the changeset and the path, before the lock.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"WAL, changes", "WAL, rollback", "DELETE, changes", "DELETE, rollback"})
    void aChangesetNamingAnSqlFileThatIsNotThereIsRefusedAsMalformedByEveryCommandAndLintBeforeTheLock(
            JournalMode mode, String block) throws Exception {
        Path shop = shop(mode);
        Map<String, String> before = Bytes.folder(shop.getParent());
        String id = Changelogs.nextNumber() + "-sql-file-not-there";
        String missing = "- sqlFile: { path: " + id + ".sql, relativeToChangelogFile: true }";
        String index = "- sql: { sql: CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total) }";
        Path changelog = Changelogs.withExtraChangeSet(Files.createTempDirectory(dir, "changelog"), id + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%s.yaml
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: %s
                      changes:
                        %s
                      rollback:
                        %s
                """.formatted(id, id, Changelogs.nextReleaseLabel(), block.equals("changes") ? missing : index,
                block.equals("changes") ? "- sql: { sql: SELECT 1 }" : missing));

        List<List<String>> commands = new ArrayList<>(COMMANDS_THAT_TAKE_THE_LOCK);
        commands.add(List.of("status"));
        for (List<String> command : commands) {
            PosdbProcess.Result run = run(command, shop, changelog);

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command.get(0), run)).contains("Changeset " + id).contains(id + ".sql");
            assertThat(Bytes.folder(shop.getParent())).as(command + " on the shop's folder").isEqualTo(before);
        }
        PosdbProcess.Result lint = PosdbInProcess.run("lint", "--changelog", changelog.toString());
        assertThat(lint.exitCode()).as(lint.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
        assertThat(refusalLine("lint", lint)).contains("Changeset " + id).contains(id + ".sql");
    }

    @Test
    void aChangelogMissingAnIncludeLeavesAnInterruptedUpgradeAsItWasForTheNextBoot() throws Exception {
        // The snapshot and marker a killed upgrade left, beside a WAL file whose checkpoint was cut short: the
        // restore needs the lock, and the next boot with a changelog it can read makes it.
        Path snapshot = WalFiles.interruptedUpgradeWithCutCheckpoint(shopPath(), 400);
        Map<String, String> before = Bytes.folder(snapshot.getParent());

        for (List<String> command : COMMANDS_THAT_TAKE_THE_LOCK) {
            PosdbProcess.Result run = run(command, dir.resolve("shop/pos.db"), changelogMissingAnInclude());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command.get(0), run)).contains("9999-not-there.yaml");
            assertThat(Bytes.folder(snapshot.getParent())).as(command + " on the shop's folder").isEqualTo(before);
        }
    }

    @Test
    void aChangelogThatDoesNotExistLeavesNeitherALockFileNorAFolderForANewDatabase() {
        Path folder = dir.resolve("new-shop");
        Path missing = dir.resolve("no-such-changelog.yaml");

        for (String command : new String[] {"boot", "update"}) {
            PosdbProcess.Result run = PosdbInProcess.run(command, "--db", folder.resolve("pos.db").toString(),
                    "--changelog", missing.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
            assertThat(refusalLine(command, run)).contains(missing.getFileName().toString());
            assertThat(folder).as(command + ": the database's folder").doesNotExist();
        }
    }

    /**
     * Runs {@code command} on a shop in {@code mode} with a changeset adding a foreign key pending: refused as the
     * guard words it, with a failed changeset's exit code, saying the database was not changed, and the folder as it
     * was: the file and its -wal byte for byte, no snapshot, marker or lock file.
     */
    private void assertRefusedBeforeTheSnapshot(String command, JournalMode mode) throws Exception {
        assertRefusedBeforeTheSnapshot(shop(mode), command);
    }

    /** The same refusal of {@code command} with {@code options} on {@code shop}. */
    private void assertRefusedBeforeTheSnapshot(Path shop, String command, String... options) throws Exception {
        Map<String, String> before = Bytes.folder(shop.getParent());
        List<String> commandLine = new ArrayList<>(List.of(command));
        commandLine.addAll(List.of(options));

        PosdbProcess.Result run = run(commandLine, shop, changelogWithAForeignKey());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        String refusal = refusalLine(command, run);
        assertThat(refusal).contains("changeset " + ID + " (" + FILE + "): "
                + SqliteHazard.ADD_FOREIGN_KEY_CONSTRAINT.refusal(), shop.toString(), "the database was not changed")
                .doesNotContain("restored");
        assertThat(Bytes.folder(shop.getParent())).as("the shop's folder").isEqualTo(before);
    }

    /** {@code command} (its name and options) on {@code shop} with {@code changelog}. */
    private static PosdbProcess.Result run(List<String> command, Path shop, Path changelog) {
        List<String> arguments = new ArrayList<>(command);
        arguments.addAll(List.of("--db", shop.toString(), "--changelog", changelog.toString()));
        return PosdbInProcess.run(arguments.toArray(String[]::new));
    }

    /** The legacy shop in {@code mode}; in WAL mode with sales committed only to a non-empty -wal. */
    private Path shop(JournalMode mode) throws Exception {
        Path shop = mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shopPath(), 3)
                : WalFiles.shop(shopPath(), JournalMode.DELETE);
        if (mode == JournalMode.WAL) {
            assertThat(Files.size(shop.resolveSibling(shop.getFileName() + "-wal"))).as("the -wal").isPositive();
        }
        return shop;
    }

    /**
     * The legacy shop upgraded by the project's changelog (in a folder of its own, whose lock file and snapshot stay
     * there), alone in the shop's folder; in WAL mode with sales committed only to a non-empty -wal after the upgrade.
     */
    private Path upgradedShop(JournalMode mode) throws Exception {
        Path upgraded = WalFiles.shop(Files.createDirectories(dir.resolve("upgraded")).resolve("pos.db"), mode);
        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", upgraded.toString());
        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(WalFiles.sideFiles(upgraded)).as("closed, its WAL checkpointed into the file").isEmpty();
        Path shop = Files.copy(upgraded, shopPath());
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(shop, 3);
            assertThat(Files.size(shop.resolveSibling(shop.getFileName() + "-wal"))).as("the -wal").isPositive();
        }
        return shop;
    }

    private Path shopPath() throws Exception {
        return Files.createDirectories(dir.resolve("shop")).resolve("pos.db");
    }

    private Path changelogWithAForeignKey() throws Exception {
        return Changelogs.withExtraChangeSet(Files.createTempDirectory(dir, "changelog"), ID + ".yaml", """
                databaseChangeLog:
                  - logicalFilePath: %s
                  - changeSet:
                      id: %s
                      author: posdb
                      labels: %s
                      changes:
                        - addForeignKeyConstraint: { baseTableName: product, baseColumnNames: category_id, \
                constraintName: fk_product_category, referencedTableName: category, referencedColumnNames: id }
                """.formatted(FILE, ID, Changelogs.nextReleaseLabel()));
    }

    private Path changelogMissingAnInclude() throws Exception {
        Path master = Changelogs.copyOfProjectChangelog(Files.createTempDirectory(dir, "changelog"));
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/9999-not-there.yaml, relativeToChangelogFile: true }\n");
        return master;
    }

    /**
     * java.io.tmpdir pointed at a folder of the test's own while open, watched: what is created there, even if
     * deleted before the watch is read (a rehearsal deletes its copy however it ends).
     */
    private final class TemporaryFolderWatch implements AutoCloseable {

        private final String temporaryBefore = System.getProperty("java.io.tmpdir");
        private final Path folder;
        private final WatchService watch;

        TemporaryFolderWatch() throws IOException {
            folder = Files.createDirectory(dir.resolve("temporary"));
            watch = FileSystems.getDefault().newWatchService();
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            System.setProperty("java.io.tmpdir", folder.toString());
        }

        /**
         * What was created in the folder: a file of the watch's own is created last, and the events are read up to
         * its own (in the order they happened), so none is missed for not having been delivered yet.
         */
        List<Path> created() throws IOException, InterruptedException {
            Path lastCreated = Files.createFile(folder.resolve("watch-ends-here"));
            List<Path> created = new ArrayList<>();
            while (!created.contains(lastCreated)) {
                WatchKey key = watch.poll(10, TimeUnit.SECONDS);
                assertThat(key).as("the watch's events of " + folder).isNotNull();
                key.pollEvents().stream().filter(event -> event.kind() == StandardWatchEventKinds.ENTRY_CREATE)
                        .map(event -> folder.resolve((Path) event.context())).forEach(created::add);
                key.reset();
            }
            created.remove(lastCreated);
            return created;
        }

        @Override
        public void close() throws IOException {
            System.setProperty("java.io.tmpdir", temporaryBefore);
            watch.close();
        }
    }

    private static String refusalLine(String command, PosdbProcess.Result run) {
        return run.stderr().lines().filter(line -> line.startsWith("posdb " + command + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no refusal line in: " + run.stderr()));
    }
}
