package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changegen.variants.UserEmail;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.orm.Entities;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.upgrade.sqlite.UpgradeLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code posdb downgrade} of a newer release that adds a column to a table (the generator's changeset, release 2.1's
 * worked example: user gets an e-mail) and then renames another column of it (the hand-written rename of
 * docs/writing-migrations.md, user.name to full_name). The undos run newest first: the rename back first, then the
 * added column's, which on SQLite puts the table back to a definition that has {@code name}. Before, the downgrade's
 * check judged that definition against the table as it was before any undo ran (full_name, no name) and refused it:
 * "brings back column user.name, NOT NULL without a default, and N row(s) of user … have no value archived for it".
 */
@ExtendWith(QuietLogs.class)
class DowngradeOfAnAddedColumnThenARenameTest {

    /** The column {@link UserEmail} adds. */
    private static final String EMAIL = "test_email";
    private static final String NAMES = "SELECT id || ':' || name FROM \"user\" ORDER BY id";
    private static final String ARCHIVED_EMAILS = "SELECT row_id || ':' || old_value FROM data_migration_audit "
            + "WHERE table_name = 'user' AND column_name = '" + EMAIL + "' AND note LIKE 'archived:%' "
            + "ORDER BY CAST(row_id AS INTEGER)";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aDowngradeRenamesTheColumnBackThenArchivesTheAddedOneKeepingEveryValueAndDriftFindsNothing(JournalMode mode)
            throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("shop.db"), mode);
        List<String> names;
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            names = strings(connection, NAMES);
        }
        assertThat(names).as("the shop has users").isNotEmpty();
        List<String> changesets = upgradedByNewer(PosDatabaseSettings.sqlite(file));
        Files.deleteIfExists(UpgradeLock.lockFile(file));
        List<String> emails;
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            GeneratedRuns.execute(connection, List.of("UPDATE \"user\" SET " + EMAIL + " = 'u' || id "
                    + "|| '@shop.example'"));
            emails = strings(connection, "SELECT id || ':' || " + EMAIL + " FROM \"user\" ORDER BY id");
            assertThat(strings(connection, "SELECT id || ':' || full_name FROM \"user\" ORDER BY id"))
                    .as("the newer release renamed the column").isEqualTo(names);
        }
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 2);
        }

        PosdbProcess.Result downgrade = PosdbInProcess.run("downgrade", "--db", file.toString());

        assertThat(downgrade.exitCode()).as(downgrade.stderr()).isZero();
        assertThat(downgrade.stdout()).contains("Undid 2 changeset(s), newest first: " + changesets.get(1) + ", "
                + changesets.get(0));
        try (var connection = GeneratorWorkspace.sqlite(file)) {
            assertThat(strings(connection, NAMES)).as("every name back under its old name").isEqualTo(names);
            assertThat(strings(connection, ARCHIVED_EMAILS)).as("every e-mail archived").isEqualTo(emails);
        }
        assertThat(new DriftCheck(SqliteDatabase.at(file), ChangelogSource.packaged()).check().differences())
                .isEmpty();
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
    }

    /** The same newer release on PostgreSQL: the rename back, then the added column archived, in one transaction. */
    @Tag("postgres")
    @Test
    void onPostgresqlADowngradeRenamesTheColumnBackThenArchivesTheAddedOne() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
            PosDatabase.upgrade(settings);
            try (var connection = database.open()) {
                GeneratedRuns.execute(connection, List.of("INSERT INTO \"user\" (username, name, pin_hash, role) "
                        + "VALUES ('o', 'Owner', 'h', 'admin'), ('c', 'Cashier', 'h', 'user')"));
            }
            List<String> names = postgresValues(database, NAMES);
            List<String> changesets = upgradedByNewer(PosDatabaseSettings.of(database));
            try (var connection = database.open()) {
                GeneratedRuns.execute(connection, List.of("UPDATE \"user\" SET " + EMAIL + " = 'u' || id "
                        + "|| '@shop.example'"));
            }
            List<String> emails = postgresValues(database, "SELECT id || ':' || " + EMAIL
                    + " FROM \"user\" ORDER BY id");

            // Each file's changeset for this engine (the generator's has one per engine), newest first.
            assertThat(PosDatabaseMaintenance.downgrade(settings)).extracting(AppliedChangeSet::file)
                    .containsExactly("changelog/changes/" + changesets.get(1) + ".yaml",
                            "changelog/changes/" + changesets.get(0) + ".yaml");

            assertThat(postgresValues(database, NAMES)).as("every name back under its old name").isEqualTo(names);
            assertThat(postgresValues(database, ARCHIVED_EMAILS)).as("every e-mail archived").isEqualTo(emails);
            assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences()).isEmpty();
        } finally {
            PostgresServer.drop(database);
        }
    }

    private static List<String> postgresValues(PostgresDatabase database, String sql) throws Exception {
        try (var connection = database.open()) {
            return strings(connection, sql);
        }
    }

    /**
     * Release "2.1": the changelog with the changeset the generator writes for user's e-mail, then the
     * hand-written rename of user.name to full_name, applied by posdb (which records how to undo each); returns the
     * two changesets' ids, in the order they were applied.
     */
    private List<String> upgradedByNewer(PosDatabaseSettings.Builder settings) throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("newer"));
        Path added = workspace.generate("add-user-email", UserEmail.ALL).file(); // compatible: nothing to review
        String rename = workspace.nextId("rename-user-name");
        Files.writeString(workspace.root.resolve("changelog/changes/" + rename + ".yaml"), """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%s.yaml
                  - changeSet:
                      id: %s
                      author: test
                      labels: %s
                      comment: Rename user.name to full_name
                      preConditions:
                        - onFail: MARK_RAN
                        - onFailMessage: user.name is already renamed
                        - columnExists: { tableName: user, columnName: name }
                      changes:
                        - sql:
                            sql: ALTER TABLE "user" RENAME COLUMN "name" TO "full_name"
                      rollback:
                        - sql:
                            sql: ALTER TABLE "user" RENAME COLUMN "full_name" TO "name"
                """.formatted(rename, rename, Release.label()));
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/" + rename + ".yaml, relativeToChangelogFile: true }\n");
        PosDatabase.upgrade(settings.changelog(ChangelogSource.file(master)).build());
        return List.of(added.getFileName().toString().replace(".yaml", ""), rename);
    }
}
