package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.testsupport.QuietLogs;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** history, audit, rollback, update-sql and rehearse on the legacy shop, through the real command line. */
@ExtendWith(QuietLogs.class)
class OperatorCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path legacy;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void legacyShop() throws Exception {
        legacy = LegacyDatabases.shop(dir.resolve("legacy.db"));
    }

    private int posdb(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private JsonNode json(String... args) throws Exception {
        assertThat(posdb(args)).as(err.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    /** What an upgrade applied reads as a table: how each ran, its id and Liquibase's reason, each in its column. */
    @Test
    void anUpgradeListsWhatItAppliedInColumnsInTheChangelogsOrder() throws Exception {
        assertThat(posdb("update", "--db", legacy.toString())).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        List<String> ids = manifestIds();
        assertThat(lines.get(0)).isEqualTo("Applied " + ids.size() + " changeset(s):");
        List<String> rows = lines.subList(1, 1 + ids.size());
        assertThat(rows).extracting(row -> row.strip().split("\\s+")[1]).containsExactlyElementsOf(ids);
        assertThat(rows).extracting(row -> row.indexOf(row.strip().split("\\s+")[1])).as("the ids' column")
                .containsOnly(rows.get(0).indexOf(ids.get(0)));
        String adopted = rows.stream().filter(row -> row.contains("MARK_RAN")).findFirst().orElseThrow();
        assertThat(adopted).as("Liquibase's reason in its own column, not in parentheses")
                .endsWith("already exists (legacy database adopted as it is)").doesNotContain("((");
        // Every row with a reason (the legacy tables adopted, whatever else a later changeset says) starts it at one
        // column.
        Pattern columns = Pattern.compile("^  (\\S+)\\s+(\\S+)\\s+(\\S.*)$");
        assertThat(rows.stream().map(columns::matcher).filter(Matcher::matches).map(m -> m.start(3)))
                .as("the reasons' column").hasSizeGreaterThan(1).containsOnly(adopted.indexOf("table "));
    }

    @Test
    void historyShowsExecTypesAndReleaseTagsAfterALegacyUpgrade() throws Exception {
        posdb("boot", "--db", legacy.toString());

        JsonNode history = json("history", "--json", "--db", legacy.toString()).get("history");

        // Against the manifest, so the next release's changesets do not break this test.
        assertThat(history).extracting(h -> h.get("id").asText()).containsExactlyElementsOf(manifestIds());
        // The shape scripts read: the entry's planning fields (author, checksum, labels, compatibility) stay out.
        assertThat(history).allSatisfy(h -> assertThat(h.fieldNames()).toIterable()
                .containsExactly("order", "id", "file", "date_executed", "exec_type", "tag"));
        assertThat(entry(history, "0001-baseline-user").get("exec_type").asText()).isEqualTo("MARK_RAN");
        assertThat(entry(history, "0006-tag-release-1.0").get("tag").asText()).isEqualTo("v1.0");
        assertThat(entry(history, "0008-remap-user-roles").get("exec_type").asText()).isEqualTo("EXECUTED");
        assertThat(entry(history, "0011-tag-release-2.0").get("tag").asText()).isEqualTo("v2.0");
        assertThat(posdb("history", "--db", legacy.toString())).isZero();
        assertThat(out.toString()).contains("0008-remap-user-roles", "MARK_RAN", "v2.0");
    }

    @Test
    void auditListsEveryChangeAndFiltersByChangeSetAndUser() throws Exception {
        posdb("boot", "--db", legacy.toString());

        JsonNode all = json("audit", "--json", "--db", legacy.toString()).get("audit");
        JsonNode owner = json("audit", "--json", "--user-id", "1", "--changeset", "0008-remap-user-roles",
                "--db", legacy.toString()).get("audit");
        JsonNode none = json("audit", "--json", "--changeset", "0001-baseline-user", "--db", legacy.toString()).get("audit");

        assertThat(all).filteredOn(a -> a.get("changeset_id").asText().equals("0008-remap-user-roles")).hasSize(3);
        assertThat(owner).hasSize(1);
        assertThat(owner.get(0).get("old_value").asText()).isEqualTo("primary");
        assertThat(owner.get(0).get("new_value").asText()).isEqualTo("admin");
        assertThat(none).isEmpty();

        assertThat(posdb("audit", "--changeset", "0008-remap-user-role", "--db", legacy.toString()))
                .as("a changeset the history does not hold").isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());
        assertThat(err.toString()).contains("--changeset 0008-remap-user-role: no such changeset in the history of "
                + legacy);
    }

    @Test
    void rollbackToTheReleaseTagReportsTheSchemaAndDataNow() throws Exception {
        posdb("boot", "--db", legacy.toString());

        JsonNode state = json("rollback", "--tag", "v1.0", "--json", "--db", legacy.toString()).get("state");

        assertThat(state.get("last_change_set").asText()).isEqualTo("0005-baseline-saleitem");
        assertThat(state.get("tables").get("sale").asInt()).isEqualTo(5);
        assertThat(state.get("values").get("user.role").get("primary").asInt()).isEqualTo(1);
        assertThat(state.get("values").get("user.role").get("staff").asInt()).isEqualTo(2);
        assertThat(posdb("status", "--db", legacy.toString())).isEqualTo(ExitCodes.PENDING);
    }

    @Test
    void statusOnAPathWithNoDatabaseSaysSoInsteadOfReadingAsAnOldTill() throws Exception {
        Path missing = legacy.resolveSibling("typo.db");

        assertThat(posdb("status", "--db", missing.toString())).isEqualTo(ExitCodes.PENDING);

        assertThat(out.toString()).startsWith("No database at " + missing + " yet: a boot there creates it and applies "
                + manifestIds().size() + " changeset(s):");
        for (Path file : List.of(missing, legacy)) { // both pending: exit 3
            assertThat(posdb("status", "--json", "--db", file.toString())).isEqualTo(ExitCodes.PENDING);
            assertThat(JSON.readTree(out.toString()).get("exists").asBoolean()).isEqualTo(file.equals(legacy));
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void rollbackByCountUndoesTheLastChangeSets() throws Exception {
        posdb("boot", "--db", legacy.toString());

        JsonNode state = json("rollback", "--count", "2", "--json", "--db", legacy.toString()).get("state");

        List<String> ids = manifestIds();
        assertThat(state.get("last_change_set").asText()).isEqualTo(ids.get(ids.size() - 3));
    }

    @Test
    void rollbacksTextGivesRowCountsInWordsFromTheSameStateAsItsJson() throws Exception {
        posdb("boot", "--db", legacy.toString());
        assertThat(posdb("rollback", "--count", "2", "--db", legacy.toString())).as(err.toString()).isZero();
        String text = out.toString();
        JsonNode history = json("history", "--json", "--db", legacy.toString()).get("history");

        String counts = text.lines().filter(l -> l.startsWith("Tables (rows): ")).findFirst().orElseThrow();
        assertThat(counts).as("no Java map or record printed").doesNotContain("{", "=", "[")
                .matches("Tables \\(rows\\): \\w+ \\d+(, \\w+ \\d+)*").contains("user 3");
        assertThat(text).contains("Now at changeset " + history.get(history.size() - 1).get("id").asText());
    }

    @Test
    void aFailedCommandsJsonIsWhatItKnewWithTheErrorAndTheExitCode() throws Exception {
        Path missing = dir.resolve("missing.db");

        assertThat(posdb("validate", "--json", "--db", missing.toString())).isEqualTo(6);

        JsonNode failed = JSON.readTree(out.toString());
        assertThat(failed.get("database").asText()).isEqualTo(missing.toString());
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("exit_code").asInt()).isEqualTo(6);
        assertThat(failed.get("error").asText()).contains("does not exist");
        assertThat(failed.has("after")).as("a failure that wrote nothing says nothing of a restore").isFalse();
        assertThat(err.toString()).contains("posdb validate: ").contains("does not exist");
    }

    @Test
    void updateSqlPrintsTheSqlWithoutRunningIt() throws Exception {
        String before = Bytes.digest(legacy);

        assertThat(posdb("update-sql", "--db", legacy.toString())).isZero();

        assertThat(out.toString()).contains("0010-enforce-user-role-constraint", "INSERT INTO DATABASECHANGELOG",
                "Remap legacy user roles (2.0.0): remapping user.role with {primary=admin, staff=user}");
        assertThat(Bytes.digest(legacy)).isEqualTo(before);
    }

    /**
     * An empty file (SQLite's new database, which boot and rehearse upgrade): the remap's precondition (0008)
     * reads "user", which 0001 creates and a preview does not run. update-sql prints the script, leaving 0008
     * to update with a comment saying why, exits 0 and writes nothing.
     */
    @Test
    void updateSqlOnAnEmptyFilePrintsTheScriptLeavingToUpdateWhatThePreviewCannotDecide() throws Exception {
        Path empty = Files.createFile(Files.createDirectory(dir.resolve("empty")).resolve("pos.db"));
        Map<String, String> before = Bytes.folder(empty.getParent());

        assertThat(posdb("update-sql", "--db", empty.toString())).as(err.toString()).isZero();

        String sql = out.toString();
        assertThat(sql).contains("CREATE TABLE \"user\"", "0010-enforce-user-role-constraint")
                .contains("-- Changeset changelog/changes/0008-remap-user-roles.yaml::0008-remap-user-roles::posdb")
                .contains("-- Left to update: its precondition reads what the changesets above create, which a "
                        + "preview does not run, so update decides there whether to run it or mark it as ran "
                        + "(sqlCheck: ").contains("no such table: user")
                .doesNotContain("VALUES ('0008-remap-user-roles'").doesNotContain("Remap legacy user roles");
        assertThat(err.toString()).doesNotContain("Precondition@");
        assertThat(Bytes.folder(empty.getParent())).as("the empty file and its folder as they were").isEqualTo(before);
    }

    /**
     * A precondition that cannot be checked on the database as it is, before any changeset of the preview would
     * run, fails update-sql as it fails the update; either names the precondition as the changelog does, not by
     * Liquibase's object ({@code SqlPrecondition@10f7f7de}), nor the master changelog for the changeset's file.
     */
    @Test
    void aPreconditionNeitherPreviewNorUpdateCanCheckIsNamedAsTheChangelogNamesIt() throws Exception {
        assertThat(posdb("boot", "--db", legacy.toString())).as(err.toString()).isZero();
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"),
                "0099-unreadable-precondition.yaml", """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/0099-unreadable-precondition.yaml
                  - changeSet:
                      id: 0099-unreadable-precondition
                      author: test
                      preConditions:
                        - onFail: MARK_RAN
                        - sqlCheck:
                            expectedResult: 0
                            sql: SELECT COUNT(*) FROM no_such_table
                      changes:
                        - empty: {}
                      rollback:
                        - empty: {}
                """);
        for (String command : List.of("update-sql", "update")) {
            assertThat(posdb(command, "--db", legacy.toString(), "--changelog", changelog.toString()))
                    .as(command + ": " + err).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());

            assertThat(err.toString()).as(command).contains("changeset 0099-unreadable-precondition failed")
                    .contains("cause:    precondition sqlCheck could not be checked: ")
                    .contains("no such table: no_such_table")
                    .contains("to do:    fix what the cause names in changelog/changes/0099-unreadable-precondition.yaml")
                    .doesNotContain("Precondition@").doesNotContain("db.changelog-master.yaml");
        }
        assertThat(posdb("update-sql", "--json", "--db", legacy.toString(), "--changelog", changelog.toString()))
                .isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(JSON.readTree(out.toString()).get("error").asText())
                .contains("precondition sqlCheck could not be checked: ").doesNotContain("Precondition@");
    }

    @Test
    void rehearseReportsTheUpgradeAndLeavesTheOriginalByteIdentical() throws Exception {
        String before = Bytes.digest(legacy);

        JsonNode report = json("rehearse", "--json", "--db", legacy.toString());

        assertThat(report.get("upgraded").asBoolean()).isTrue();
        assertThat(report.get("valid").asBoolean()).isTrue();
        assertThat(report.get("pending")).extracting(p -> p.get("id").asText()).containsExactlyElementsOf(manifestIds());
        assertThat(report.get("reports").get("0008-remap-user-roles").get("updated_count").asInt()).isEqualTo(3);
        assertThat(Bytes.digest(legacy)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("legacy.db");
        }
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void statusUpdateSqlAndRehearseLeaveEveryFileOfTheShopAsItWas(JournalMode mode) throws Exception {
        Path file = legacyShopInItsOwnFolder(mode);
        Map<String, String> before = Bytes.folder(file.getParent());

        assertThat(posdb("status", "--db", file.toString())).as(err.toString()).isEqualTo(ExitCodes.PENDING);
        assertThat(Bytes.folder(file.getParent())).as("after status").isEqualTo(before);
        assertThat(posdb("update-sql", "--db", file.toString())).as(err.toString()).isZero();
        assertThat(Bytes.folder(file.getParent())).as("after update-sql").isEqualTo(before);
        assertThat(posdb("rehearse", "--db", file.toString())).as(err.toString()).isZero();
        assertThat(Bytes.folder(file.getParent())).as("after rehearse").isEqualTo(before);
    }

    /**
     * The legacy shop alone in a folder, in WAL mode with sales only in the {@code -wal} (a power cut): a
     * read-write connection's close would checkpoint them into the main file and delete the {@code -wal}.
     * posdb never upgraded it: it has no {@code pos.db.lock}.
     */
    private Path legacyShopInItsOwnFolder(JournalMode mode) throws Exception {
        Path shop = Files.createDirectory(dir.resolve("shop")).resolve("pos.db");
        return mode == JournalMode.WAL ? WalFiles.shopWithHotWal(shop, 3) : WalFiles.shop(shop, mode);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void historyAuditValidateAndDriftLeaveEveryFileOfAnUpgradedShopAsItWas(JournalMode mode) throws Exception {
        // Upgraded, then (WAL mode) sales committed only to the -wal, as a power cut leaves them: a
        // read-write connection's close would checkpoint them into the main file and delete the -wal.
        Path upgraded = WalFiles.shop(Files.createDirectory(dir.resolve("upgraded")).resolve("pos.db"), mode);
        assertThat(posdb("boot", "--db", upgraded.toString())).as(err.toString()).isZero();
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(upgraded, 3);
            assertThat(WalFiles.sideFiles(upgraded)).as("the sales are only in the -wal").extracting(Path::getFileName)
                    .extracting(Path::toString).containsExactly("pos.db-wal");
        }
        Map<String, String> before = Bytes.folder(upgraded.getParent());

        // Each command on its own byte copy of the folder (no connection is open on it): every one is judged.
        SoftAssertions softly = new SoftAssertions();
        for (List<String> command : List.of(List.of("history"), List.of("history", "--runs"), List.of("audit"),
                List.of("validate"), List.of("drift"))) {
            Path folder = Files.createDirectory(dir.resolve(String.join("-", command).replace("--", "")));
            try (Stream<Path> files = Files.list(upgraded.getParent())) {
                for (Path f : files.toList()) {
                    Files.copy(f, folder.resolve(f.getFileName()));
                }
            }
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--db", folder.resolve("pos.db").toString()));
            softly.assertThat(posdb(args.toArray(String[]::new))).as(command + ": " + err).isZero();
            softly.assertThat(Bytes.folder(folder)).as("after " + String.join(" ", command)).isEqualTo(before);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void releaseLocksWithNothingToReleaseLeavesEveryFileOfTheShopAsItWas(JournalMode mode) throws Exception {
        Path file = legacyShopInItsOwnFolder(mode);
        Map<String, String> before = Bytes.folder(file.getParent());

        assertThat(posdb("release-locks", "--db", file.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("No lock was held.");
        assertThat(Bytes.folder(file.getParent())).as("no pos.db.lock, the -wal as it was").isEqualTo(before);
    }

    /**
     * An upgraded shop (it has its pos.db.lock) whose lock nobody holds, and a legacy shop: a refused rollback
     * (a tag the history lacks) and release-locks with nothing to release write nothing, not even the lock
     * file's holder, and do not checkpoint the sales that are only in the {@code -wal}.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRefusedRollbackAndReleaseLocksWithNothingToReleaseLeaveEveryFileOfTheShopAsItWas(JournalMode mode)
            throws Exception {
        Path upgraded = WalFiles.shop(Files.createDirectory(dir.resolve("upgraded")).resolve("pos.db"), mode);
        assertThat(posdb("boot", "--db", upgraded.toString())).as(err.toString()).isZero();
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(upgraded, 3);
        }
        assertThat(upgraded.resolveSibling("pos.db.lock")).exists();
        for (Path file : List.of(upgraded, legacyShopInItsOwnFolder(mode))) {
            Map<String, String> before = Bytes.folder(file.getParent());

            assertThat(posdb("rollback", "--tag", "no-such-tag", "--db", file.toString())).as(err.toString())
                    .isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());
            assertThat(err.toString()).contains("nothing was changed");
            assertThat(Bytes.folder(file.getParent())).as("after the refused rollback of " + file).isEqualTo(before);
            assertThat(posdb("release-locks", "--db", file.toString())).as(err.toString()).isZero();
            assertThat(Bytes.folder(file.getParent())).as("after release-locks on " + file).isEqualTo(before);
        }
    }

    /**
     * A shop with nothing to roll back, the legacy shop (as the old backend left it, sales only in the {@code -wal}
     * in WAL mode) and an empty file: a rollback by count is refused as one to a tag the history lacks, exit 2,
     * before anything is written (no Liquibase tables, no snapshot, no lock file, no record of a run).
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRollbackByCountOfAShopWithoutHistoryIsRefusedAndLeavesEveryFileOfTheShopAsItWas(JournalMode mode)
            throws Exception {
        Path empty = Files.createFile(Files.createDirectory(dir.resolve("empty")).resolve("pos.db"));
        for (Path file : List.of(legacyShopInItsOwnFolder(mode), empty)) {
            Map<String, String> before = Bytes.folder(file.getParent());

            assertThat(posdb("rollback", "--count", "1", "--db", file.toString())).as(err.toString())
                    .isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());

            assertThat(err.toString()).isEqualTo("posdb rollback: Cannot roll back the last 1 changeset(s) of " + file
                    + ": its history has no applied changeset; nothing was changed" + System.lineSeparator());
            assertThat(out.toString()).isEmpty();
            assertThat(Bytes.folder(file.getParent())).as("after the refused rollback of " + file).isEqualTo(before);
        }
    }

    /**
     * A count beyond the applied history is refused, naming both numbers, with every file of the shop as it was:
     * an over-large count is a typo that would roll the whole shop back. The count of every applied changeset
     * rolls back all of them.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRollbackByMoreChangeSetsThanTheHistoryHoldsIsRefusedAndTheWholeHistoryStillRollsBack(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), mode);
        assertThat(posdb("boot", "--db", file.toString())).as(err.toString()).isZero();
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3);
        }
        int applied = manifestIds().size();
        Map<String, String> before = Bytes.folder(file.getParent());

        assertThat(posdb("rollback", "--count", "50", "--db", file.toString())).as(err.toString())
                .isEqualTo(BootFailure.NOT_IN_HISTORY.exitCode());

        assertThat(err.toString()).isEqualTo("posdb rollback: Cannot roll back the last 50 changeset(s) of " + file
                + ": its history has only " + applied + " applied changeset(s); nothing was changed"
                + System.lineSeparator());
        assertThat(Bytes.folder(file.getParent())).as("after the refused rollback").isEqualTo(before);

        JsonNode rolledBack = json("rollback", "--count", String.valueOf(applied), "--json", "--db", file.toString());
        assertThat(rolledBack.get("rolled_back")).hasSize(applied);
        assertThat(rolledBack.get("state").get("last_change_set").isNull()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void releaseLocksReleasesAStaleLiquibaseLockWithoutLeavingALockFileWhereThereWasNone(JournalMode mode)
            throws Exception {
        // Upgraded by hand (Liquibase's own tools take no posdb lock file), and that run died holding its lock.
        Path file = WalFiles.shop(Files.createDirectory(dir.resolve("shop")).resolve("pos.db"), mode);
        assertThat(posdb("boot", "--db", file.toString())).as(err.toString()).isZero();
        Path lockFile = file.resolveSibling("pos.db.lock");
        Files.delete(lockFile);
        try (var connection = LegacyDatabases.open(file); var statement = connection.createStatement()) {
            statement.execute("UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'till-3', "
                    + "LOCKGRANTED = '2026-11-20 07:00:00' WHERE ID = 1");
        }

        assertThat(posdb("release-locks", "--db", file.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("Released the Liquibase lock held by till-3 since 2026-11-20 07:00:00.");
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED <> 0")).isZero();
        assertThat(lockFile).as("release-locks leaves no lock file where there was none").doesNotExist();
    }

    @Test
    void rehearsesTextGivesEachDataChangesCountsInOneLineAndNamesWhereEveryRowIs() throws Exception {
        assertThat(posdb("rehearse", "--db", legacy.toString())).as(err.toString()).isZero();

        assertThat(out.toString().lines().filter(l -> l.contains("0008-remap-user-roles:")).toList()).singleElement()
                .asString().contains("3 updated, 0 skipped, 0 errors (",
                        "posdb audit --changeset 0008-remap-user-roles")
                .doesNotContain("RoleChange", "Stats[", "user_id");
    }

    private static List<String> manifestIds() throws Exception {
        return ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();
    }

    private static JsonNode entry(JsonNode history, String id) {
        for (JsonNode entry : history) {
            if (entry.get("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no history entry " + id + " in " + history);
    }
}
