package io.posdb.api;

import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.failure.BootFailure;
import io.posdb.orm.Sale;
import io.posdb.orm.User;
import io.posdb.schema.Compatibility;
import io.posdb.testsupport.NewerRelease;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.upgrade.sqlite.UpgradeLock;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PrintedCommand;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Release 2.0 (the packaged changelog) meets a database a test-only release 2.1 upgraded (issue
 * 21): a compatible 2.1 (a nullable column) starts with one WARN and takes sales; a breaking 2.1
 * (NOT NULL on an existing column) is refused naming the changeset and posdb downgrade, which
 * undoes 2.1 from what the database recorded, keeping every row, archiving what only 2.1 knew.
 * "2.0" is whatever release is being built and "2.1" the one after it (its label computed), and
 * 2.1's column is one no real release adds ({@code test_email}): the next real release, which
 * may add {@code user.email} itself, must not collide with this test.
 */
@ExtendWith(QuietLogs.class)
class OlderReleaseOnNewerDatabaseTest {

    private static final String SHOP = "shop-";

    @TempDir
    Path dir;

    /** Where {@link #upgradeBy21} upgrades each shop once for the class ({@link #upgradedBy21} copies it). */
    @TempDir
    static Path prepared;
    /** The folders {@link #upgradeBy21} filled, by journal mode and 2.1's changes. */
    private static final Map<List<Object>, Path> UPGRADED_BY_21 = new HashMap<>();

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void release20StartsOnA21DatabaseWhoseNewChangesetIsCompatibleWarnsOnceAndTakesASale(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE);

        try (CapturedLogs logs = new CapturedLogs();
             PosDatabase db = PosDatabase.boot(PosDatabaseSettings.sqlite(file).build())) {
            assertThat(db.applied()).as("nothing pending for 2.0").isEmpty();
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .filteredOn(e -> e.getFormattedMessage().contains("0100-user-email"))
                    .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("compatible"));
            Long saleId = db.sessionFactory().fromTransaction(session -> {
                Sale sale = new Sale();
                sale.setReceiptNo("R-21-1");
                sale.setTotal(new BigDecimal("3.50"));
                sale.setPaymentMethod("cash");
                sale.setCreatedAt(LocalDateTime.of(2026, 12, 3, 9, 0));
                sale.setCashier(session.find(User.class, 2L));
                session.persist(sale);
                return sale.getId();
            });
            BigDecimal total = db.sessionFactory().fromSession(session -> session.find(Sale.class, saleId).getTotal());
            assertThat(total).isEqualTo(new BigDecimal("3.50"));
        }
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(DatabaseContents.columns(connection, "user")).as("2.1's column stays").contains("test_email");
        }
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void release20WithStrictSchemaStartsOnACompatible21DatabaseWhose21ObjectsAreNotDriftButAHandMadeViewIs(
            JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE);
        PosDatabaseSettings strict = PosDatabaseSettings.sqlite(file).strictSchema(true).build();

        // 2.1's column is what 2.1's changeset recorded it added: not drift, so a strict 2.0 starts.
        PosDatabase.boot(strict).close();
        assertThat(PosDatabaseChecks.drift(strict).differences()).isEmpty();

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIEW daily AS SELECT count(*) AS sales FROM sale");
        }
        assertRefused(() -> PosDatabase.boot(strict), BootFailure.SCHEMA_DRIFT, "view daily is not in the changelog");
        assertThat(PosDatabaseChecks.drift(strict).differences()).containsExactly("view daily is not in the changelog");
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDeclaredCompatibleDataChangeOf21RecordsItsColumnSoAStrict20StartsOnIt(JournalMode mode) throws Exception {
        // A data change is breaking unless declared; declared, its record still names the column it added.
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0101-product-note
                      author: test
                      labels: {newer}
                      comment: "compatibility: compatible, because 2.0 never reads test_note"
                      changes:
                        - sql:
                            sql: ALTER TABLE product ADD COLUMN test_note VARCHAR(40)
                        - sql:
                            sql: UPDATE product SET test_note = 'kept'
                """);
        PosDatabaseSettings strict = PosDatabaseSettings.sqlite(file).strictSchema(true).build();

        assertThat(PosDatabaseChecks.plan(strict).unknown()).filteredOn(entry -> entry.id().equals("0101-product-note"))
                .singleElement().satisfies(entry -> assertThat(entry.compatibilityText())
                        .startsWith("compatible — declared compatible: because 2.0 never reads test_note")
                        .contains("column product.test_note added"));
        PosDatabase.boot(strict).close();
        assertThat(PosDatabaseChecks.drift(strict).differences()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void release20RefusesABreaking21DatabaseNamingItAndDowngradeReturnsItTo20KeepingEveryRow(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        Path twenty = WalFiles.shop(dir.resolve("twenty-" + mode + ".db"), mode);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(twenty).build());
        Map<String, List<String>> rowsAt21 = DatabaseContents.businessRowsExcept(file, "user.test_email");
        List<String> emails = values(file, "SELECT test_email FROM \"user\" WHERE test_email IS NOT NULL ORDER BY id");
        assertThat(emails).isNotEmpty();
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        assertRefused(() -> PosDatabase.boot(settings), BootFailure.NEWER_DATABASE, "0102-product-category-required");
        assertRefused(() -> PosDatabase.boot(settings), BootFailure.NEWER_DATABASE,
                "posdb downgrade --db '" + file + "' (in an application: PosDatabaseMaintenance.downgrade)");

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(settings);

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0102-product-category-required",
                "0101-fill-product-category", "0100-user-email");
        assertThat(DatabaseContents.schema(file)).as("release 2.0's schema")
                .isEqualTo(DatabaseContents.schema(twenty));
        assertThat(DatabaseContents.businessRows(file)).as("every row, 2.1's values kept where 2.0 has the column")
                .isEqualTo(rowsAt21);
        assertThat(values(file, "SELECT old_value FROM data_migration_audit WHERE changeset_id = '0100-user-email' "
                + "AND column_name = 'test_email' ORDER BY CAST(row_id AS INTEGER)")).as("values only 2.1 knew, archived")
                .isEqualTo(emails);
        assertThat(PosDatabaseChecks.runs(settings)).filteredOn(run -> run.operation().equals(UpgradeRun.DOWNGRADE))
                .as("the downgrade's record names each changeset it undid").singleElement().satisfies(run -> {
                    assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED);
                    assertThat(run.releaseFrom()).isEqualTo(NewerRelease.release());
                    assertThat(run.steps()).extracting(UpgradeStep::changesetId)
                            .isEqualTo(undone.stream().map(AppliedChangeSet::id).toList());
                    assertThat(run.steps()).extracting(UpgradeStep::outcome).containsOnly("UNDONE");
                    // A step's rows are those the undo changed: not the rows a table rebuild copies into the previous
                    // definition, nor the changeset's history row and record the downgrade deletes after it.
                    assertThat(run.steps())
                            .filteredOn(step -> step.changesetId().equals("0102-product-category-required"))
                            .extracting(UpgradeStep::rowsChanged).as("product's previous definition, no row changed")
                            .containsExactly(0L);
                    assertThat(run.steps()).filteredOn(step -> step.changesetId().equals("0100-user-email"))
                            .extracting(UpgradeStep::rowsChanged).as("the values only 2.1 knew, archived")
                            .containsExactly((long) emails.size());
                });
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(PosDatabaseMaintenance.downgrade(settings)).as("nothing left to undo").isEmpty();
            assertThat(logs.messages()).as("the operator is told, as on a server")
                    .contains("Nothing to downgrade: " + file.toAbsolutePath().normalize()
                            + " has no changeset this release does not know");
        }
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
    }

    /**
     * A table only 2.1 knew that holds rows is kept by the downgrade as {@code archived_<table>}, never dropped: it is
     * posdb's archive, not drift, so release 2.0 with a strict schema starts on the downgraded file and drift (the
     * command) finds nothing, while a hand-made table beside it still is drift (before, the archive was "not in the
     * changelog": exit 12 at a strict boot after the documented downgrade succeeded).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aTableTheDowngradeArchivedIsNotDriftSoAStrictBootStartsOnTheDowngradedFile(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0101-loyalty
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: CREATE TABLE test_loyalty (id INTEGER PRIMARY KEY, user_id INT, points INT)
                        - sql:
                            sql: CREATE INDEX idx_test_loyalty_user ON test_loyalty (user_id)
                      rollback:
                        - sql:
                            sql: DROP TABLE test_loyalty
                """);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO test_loyalty VALUES (1, 2, 50)");
        }
        PosDatabaseSettings strict = PosDatabaseSettings.sqlite(file).strictSchema(true).build();

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());
        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(values(file, "SELECT points FROM archived_test_loyalty")).as("the row kept, archived")
                .containsExactly("50");

        PosdbProcess.Result strictBoot = PosdbInProcess.run("boot", "--strict-schema", "--db", file.toString());
        assertThat(strictBoot.exitCode()).as(strictBoot.stderr()).isZero();
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isZero();
        assertThat(PosDatabaseChecks.drift(strict).differences()).isEmpty();

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE loyalty_by_hand (id INTEGER PRIMARY KEY)");
        }
        assertThat(PosDatabaseChecks.drift(strict).differences()).as("a hand-made table still is drift")
                .containsExactly("table loyalty_by_hand is not in the changelog");
    }

    /**
     * A downgrade with nothing to undo (a legacy shop, which no release upgraded) writes nothing: judged before the
     * upgrade lock, as a rollback's refusal is, it leaves no lock file beside a shop that had none (before, it took
     * the lock first and left {@code <db>.lock} behind), the shop's folder byte for byte as it was.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeWithNothingToUndoLeavesNoLockFileBesideTheShop(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("legacy-" + mode + ".db"), mode);
        Map<String, String> before = Bytes.folder(dir);

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(downgrade.stdout()).contains("Nothing to downgrade");
        assertThat(UpgradeLock.lockFile(file)).doesNotExist();
        assertThat(Bytes.folder(dir)).as("no lock file, every file as it was").isEqualTo(before);
    }

    /**
     * A changeset the database kept no undo for is refused before anything is written, naming it, with a failed
     * downgrade's exit code: no snapshot, no lock file, no record of an attempt, the shop's folder byte for byte as
     * it was (issue: it used to be found half way, after a snapshot, and restored).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeOfAChangesetWithoutARecordedUndoIsRefusedBeforeAnythingIsWritten(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement forget = connection.prepareStatement("DELETE FROM posdb_changeset WHERE id = ?")) {
            forget.setString(1, "0101-fill-product-category");
            assertThat(forget.executeUpdate()).isEqualTo(1);
        }
        Files.delete(UpgradeLock.lockFile(file)); // the upgrade by 2.1 left one: the refusal must not make one
        Map<String, String> before = Bytes.folder(dir);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        PosdbProcess.Result refused = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refused.stderr()).contains("changeset 0101-fill-product-category", "has no record of how to undo it",
                "nothing was changed").doesNotContain("restored");
        assertThat(Bytes.folder(dir)).as("no snapshot, no lock file, every file as it was").isEqualTo(before);
        assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /**
     * A newer changeset the database kept no posdb record of (applied by {@code bin/liquibase update}, which keeps
     * none, after posdb recorded the earlier ones) is said to be that by the boot, the doctor and the downgrade in the
     * same words (before, the boot and the doctor said "written before posdb recorded it", untrue here, while the
     * downgrade said Liquibase applied it).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aNewerChangesetWithoutARecordIsSaidToBeLiquibasesByBootDoctorAndDowngradeAlike(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE);
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement forget = connection.prepareStatement("DELETE FROM posdb_changeset WHERE id = ?")) {
            forget.setString(1, "0100-user-email"); // as bin/liquibase update leaves it: no posdb record
            assertThat(forget.executeUpdate()).isEqualTo(1);
        }
        String byLiquibase = "0100-user-email (applied by Liquibase directly, by Maven's liquibase:update or "
                + "bin/liquibase, which keep no posdb record)";

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());
        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--db", file.toString());
        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(boot.stderr()).contains(byLiquibase).doesNotContain("written before posdb recorded it");
        assertThat(doctor.stdout()).contains(byLiquibase).doesNotContain("written before posdb recorded it");
        assertThat(downgrade.stderr()).contains("changeset 0100-user-email",
                "has no record of how to undo it (applied by Liquibase directly, by Maven's liquibase:update or "
                        + "bin/liquibase, which keep no posdb record)");
    }

    /** Undo records whose steps this release cannot run, each with what the refusal says is missing. */
    static Stream<Arguments> undoThatCannotRun() {
        Map<String, String> undos = Map.of(
                "[{\"kind\":\"reindexEverything\",\"table\":\"product\"}]",
                "has an undo step posdb " + Release.current() + " does not know: reindexEverything",
                "[{\"kind\":\"rebuildTable\",\"table\":\"product\"}]",
                "changed table product and the database recorded no previous definition of it to put back",
                "[{\"kind\":\"rebuildTable\",\"table\":\"product\",\"sql\":\"DROP TABLE product\"}]",
                "changed table product and the previous definition recorded for it is not a CREATE TABLE statement",
                "[{\"kind\":\"archiveColumn\",\"table\":\"product\"}]",
                "has an undo step archiveColumn recorded without its column",
                "[{\"kind\":\"sql\"}]",
                "has an undo step sql recorded without its sql",
                "[{\"kind\":\"unauditedRowsChanged\"}]",
                "changed rows without auditing them: data_migration_audit holds none of their old values");
        List<Arguments> cases = new ArrayList<>();
        for (JournalMode mode : JournalMode.values()) {
            undos.forEach((undo, missing) -> cases.add(Arguments.of(mode, undo, missing)));
        }
        return cases.stream();
    }

    /**
     * A changeset whose recorded undo cannot run (a step of a kind this release does not know, a table rebuild
     * without the table's previous definition, or with one that is no CREATE TABLE) is known from the record alone:
     * refused before anything is written, as one without a record is, naming it, its file and what is missing
     * (issue: it used to be found half way, after the newer 0102 was undone, and the snapshot put back).
     */
    @ParameterizedTest
    @MethodSource("undoThatCannotRun")
    void aDowngradeOfAChangesetWhoseRecordedUndoCannotRunIsRefusedBeforeAnythingIsWritten(JournalMode mode,
                                                                                           String undo, String missing)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        String changelogFile;
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement bad = connection.prepareStatement("UPDATE posdb_changeset SET undo = ? WHERE id = ?");
             PreparedStatement filename = connection.prepareStatement(
                     "SELECT filename FROM DATABASECHANGELOG WHERE id = ?")) {
            bad.setString(1, undo);
            bad.setString(2, "0101-fill-product-category");
            assertThat(bad.executeUpdate()).isEqualTo(1);
            filename.setString(1, "0101-fill-product-category");
            try (ResultSet rs = filename.executeQuery()) {
                assertThat(rs.next()).isTrue();
                changelogFile = rs.getString(1);
            }
        }
        Files.delete(UpgradeLock.lockFile(file)); // the upgrade by 2.1 left one: the refusal must not make one
        Map<String, String> before = Bytes.folder(dir);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        PosdbProcess.Result refused = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(refused.stderr()).contains("Cannot downgrade " + file.toAbsolutePath().normalize()
                        + ": changeset 0101-fill-product-category (" + changelogFile + ") " + missing,
                "nothing was changed").doesNotContain("restored");
        assertThat(Bytes.folder(dir)).as("no snapshot, no lock file, every file as it was").isEqualTo(before);
        assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /**
     * A downgrade step that fails as it runs (here the recorded undo of 0101 drops a table that is not there) stops
     * the downgrade at it: the file is restored, and the run's record times each step, the one undone before it as
     * undone and that one as failed, saying why.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeStepThatFailsRestoresTheFileAndIsRecordedAsTheFailedStep(JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement failing = connection.prepareStatement("UPDATE posdb_changeset SET undo = ? WHERE id = ?")) {
            failing.setString(1, "[{\"kind\":\"sql\",\"sql\":\"DROP TABLE no_such_table\"}]");
            failing.setString(2, "0101-fill-product-category");
            assertThat(failing.executeUpdate()).isEqualTo(1);
        }
        Map<String, List<String>> before = DatabaseContents.businessRows(file);
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "no_such_table");

        assertThat(DatabaseContents.businessRows(file)).as("restored").isEqualTo(before);
        assertThat(PosDatabaseChecks.runs(settings)).filteredOn(run -> run.operation().equals(UpgradeRun.DOWNGRADE))
                .singleElement().satisfies(run -> {
                    assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
                    assertThat(run.steps()).extracting(UpgradeStep::changesetId, UpgradeStep::outcome).containsExactly(
                            tuple("0102-product-category-required", "UNDONE"),
                            tuple("0101-fill-product-category", UpgradeStep.FAILED));
                    assertThat(run.message()).contains("changeset 0101-fill-product-category", "no_such_table",
                            "restored");
                });
        assertThat(WalFiles.journalMode(file)).isEqualToIgnoringCase(mode.name());
    }

    /** The message of a downgrade step that fails as it runs names the changeset being undone and its file. */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeStepThatFailsIsNamedWithItsFileInTheFailureMessage(JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        String changelogFile;
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement failing = connection.prepareStatement("UPDATE posdb_changeset SET undo = ? WHERE id = ?");
             PreparedStatement filename = connection.prepareStatement(
                     "SELECT filename FROM DATABASECHANGELOG WHERE id = ?")) {
            failing.setString(1, "[{\"kind\":\"sql\",\"sql\":\"DROP TABLE no_such_table\"}]");
            failing.setString(2, "0101-fill-product-category");
            assertThat(failing.executeUpdate()).isEqualTo(1);
            filename.setString(1, "0101-fill-product-category");
            try (ResultSet rs = filename.executeQuery()) {
                assertThat(rs.next()).isTrue();
                changelogFile = rs.getString(1);
            }
        }
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "the undo of changeset 0101-fill-product-category (" + changelogFile + ") failed: ");
    }

    /**
     * docs/running-tills.md (exit 4): the refusal names the breaking changesets and the release label that wrote
     * them, in boot's, status's and update's words alike (one guard), so the operator knows which release to run.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theBreakingRefusalNamesTheReleaseThatWroteEachChangeset(JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        String label = Changelogs.nextReleaseLabel();

        for (String command : List.of("boot", "status", "update")) {
            PosdbProcess.Result refused = PosdbInProcess.run(command, "--db", file.toString());

            assertThat(refused.exitCode()).as(command).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
            assertThat(refused.stderr()).as(command)
                    .containsPattern("0102-product-category-required \\([^)]*by " + label + "\\): breaking")
                    .contains("Run that release (" + label + ")");
        }
    }

    /**
     * README (exit codes): validate on a database 2.1 upgraded with a rename (user.name, which the entities map, now
     * test_full_name) says what boot says, exit 4 naming 2.1's changeset, its release and posdb downgrade, in boot's
     * line; before, it said "Schema validation failed on …: missing column [name] in table [user]", exit 1, as if the
     * schema were damaged.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void validateOnA21DatabaseWhoseRenameBreaksTheEntitiesIsRefusedAsBootRefusesIt(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0101-rename-user-name
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: ALTER TABLE "user" RENAME COLUMN "name" TO "test_full_name"
                """);

        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());
        PosdbProcess.Result validate = PosdbInProcess.run("validate", "--db", file.toString());

        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(validate.exitCode()).as(validate.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(validate.stderr()).containsPattern("0101-rename-user-name \\([^)]*by "
                + Changelogs.nextReleaseLabel() + "\\): breaking").contains("posdb downgrade --db '" + file + "'")
                .doesNotContain("Schema validation failed");
        assertThat(failureLine(validate.stderr(), "validate")).as("boot's line")
                .isEqualTo(failureLine(boot.stderr(), "boot"));

    }

    /**
     * The same rename made by hand on a shop no newer release touched is a schema that does not match the entities:
     * validate says so, exit 1 naming the column, as boot does.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void validateOnAShopWhoseColumnWasRenamedByHandSaysTheSchemaDoesNotMatch(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("renamed-by-hand-" + mode + ".db"), mode);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE \"user\" RENAME COLUMN \"name\" TO \"test_full_name\"");
        }

        PosdbProcess.Result validate = PosdbInProcess.run("validate", "--db", file.toString());
        PosdbProcess.Result boot = PosdbInProcess.run("boot", "--db", file.toString());

        assertThat(validate.exitCode()).as(validate.stderr()).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
        assertThat(failureLine(validate.stderr(), "validate")).startsWith("Schema validation failed on " + file)
                .contains("missing column [name] in table");
        assertThat(boot.exitCode()).as(boot.stderr()).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
    }

    /** The failure a command printed ({@code posdb <command>: …}), without its prefix. */
    private static String failureLine(String stderr, String command) {
        String prefix = "posdb " + command + ": ";
        return stderr.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .reduce((first, second) -> first + "\n" + second).orElse("");
    }

    /**
     * Every exit-4 refusal's way out names the database it refused, as the doctor's next steps do: typed as printed,
     * the downgrade runs on that file, not on data/pos.db or POSDB_URL. A rollback is refused with the other wording
     * ("Undo them first with this release"), the start and the reads with "or undo them with this one".
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void eachRefusalsDowngradeNamesTheDatabaseAndRunsOnItAsPrinted(JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);
        List<String> printed = new ArrayList<>();

        for (List<String> command : List.of(List.of("boot"), List.of("status"), List.of("update"),
                List.of("rollback", "--count", "1"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--db", file.toString()));
            PosdbProcess.Result refused = PosdbInProcess.run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(command + ": " + refused.stderr())
                    .isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
            printed.add(PrintedCommand.in(refused.stderr().substring(refused.stderr().indexOf("posdb downgrade"))));
        }

        assertThat(printed).as("one command, naming this file").containsOnly("posdb downgrade --db '" + file + "'");
        PosdbProcess.Result downgrade = PosdbInProcess.run(PrintedCommand.arguments(printed.get(0)));
        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(downgrade.stdout()).contains("Undid 3 changeset(s)");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theCommandLineRefusesTheBreakingDatabaseNamingDowngradeAndDowngradeThenBootSucceed(JournalMode mode)
            throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.BREAKING_ON_SQLITE);

        PosdbProcess.Result refused = PosdbInProcess.run("boot", "--db", file.toString());
        assertThat(refused.exitCode()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(refused.stderr()).contains("0102-product-category-required", "posdb downgrade")
                .as("the operator is told what the data change is, not how a developer declares it")
                .containsPattern("0101-fill-product-category \\([^)]*\\): breaking — " + Compatibility.CHANGES_DATA)
                .doesNotContain("declare 'compatibility");

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());
        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(downgrade.stdout()).contains("Undid 3 changeset(s), newest first: 0102-product-category-required, "
                + "0101-fill-product-category, 0100-user-email.");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        assertThat(PosdbInProcess.run("downgrade", "--db", file.toString()).stdout()).contains("Nothing to downgrade");
    }

    /**
     * Status on a database a newer release upgraded with a compatible changeset only: not "up to date" but the
     * truth, the newer changeset named as compatible (this release runs on it), exit 0; --json lists it. The
     * WAL file's sales are only in its -wal.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void statusOnA21DatabaseWhoseNewChangesetIsCompatibleNamesItAndExitsZero(JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE);
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }

        PosdbProcess.Result status = PosdbInProcess.run("status", "--db", file.toString());
        PosdbProcess.Result json = PosdbInProcess.run("status", "--json", "--db", file.toString());

        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).doesNotContain("is up to date")
                .contains("Database " + file + " has 1 changeset(s) from a newer release that posdb "
                        + io.posdb.changelog.Release.current() + " does not know, all recorded compatible with it: "
                        + "this release runs on it")
                .contains("0100-user-email").contains(Changelogs.nextReleaseLabel() + "  compatible");
        assertThat(json.exitCode()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.stdout());
        assertThat(result.get("up_to_date").asBoolean()).isFalse();
        assertThat(result.get("newer_compatible")).singleElement().satisfies(changeSet -> {
            assertThat(changeSet.get("id").asText()).isEqualTo("0100-user-email");
            assertThat(changeSet.get("labels").asText()).isEqualTo(Changelogs.nextReleaseLabel());
            assertThat(changeSet.get("compatibility").asText()).startsWith("compatible");
        });
    }

    /**
     * {@code status --json} says in a readable key whether every changeset this release does not know is a newer
     * release's: {@code unknown_all_of_newer_releases}, the plan's own name (before, Jackson split the record's
     * {@code unknownAreOfANewerRelease} into {@code unknown_are_of_anewer_release}).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void statusJsonSaysTheUnknownChangesetsAreAllOfNewerReleasesUnderAReadableKey(JournalMode mode) throws Exception {
        Path file = upgradedBy21(mode, NewerRelease.COMPATIBLE);

        PosdbProcess.Result json = PosdbInProcess.run("status", "--json", "--db", file.toString());

        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.stdout());
        assertThat(result.has("unknown_are_of_anewer_release")).as("the garbled key is gone").isFalse();
        assertThat(result.path("unknown_all_of_newer_releases").isBoolean()).as(json.stdout()).isTrue();
        assertThat(result.get("unknown_all_of_newer_releases").asBoolean()).isTrue();
    }

    /**
     * A legacy shop upgraded by "release 2.1": the packaged changelog plus {@code changes}; users get e-mails. A copy
     * in the test's folder of what {@link #upgradeBy21} left (the file, its lock file, the upgrade's snapshot), made
     * once per journal mode and changes for the class: the upgrade is every test's starting point, not what it
     * tests, and took 1 to 1.5 s of each of 28 tests. The files name neither folder (the history records the
     * changelog as {@code changelog/db.changelog-master.yaml}).
     */
    private Path upgradedBy21(JournalMode mode, String changes) throws Exception {
        Path made = UPGRADED_BY_21.get(List.of(mode, changes));
        if (made == null) {
            made = Files.createDirectory(prepared.resolve("upgraded-" + UPGRADED_BY_21.size()));
            upgradeBy21(made, mode, changes);
            UPGRADED_BY_21.put(List.of(mode, changes), made);
        }
        try (Stream<Path> files = Files.list(made)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir.resolve(SHOP + mode + ".db");
    }

    private static void upgradeBy21(Path folder, JournalMode mode, String changes) throws Exception {
        Path file = WalFiles.shop(folder.resolve(SHOP + mode + ".db"), mode);
        NewerRelease.categoriseEveryProduct(file);
        Path master = NewerRelease.changelog(prepared.resolve("changelog-2.1-" + folder.getFileName()), changes);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(master)).build());
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE \"user\" SET test_email = username || '@shop.example' WHERE id % 2 = 0");
        }
        assertThat(WalFiles.sideFiles(file)).as("closed, its WAL checkpointed into the file").isEmpty();
    }


    private static List<String> values(Path file, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
