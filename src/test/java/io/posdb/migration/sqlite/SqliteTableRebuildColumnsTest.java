package io.posdb.migration.sqlite;

import static io.posdb.migration.sqlite.Rebuilds.CHECKED;
import static io.posdb.migration.sqlite.Rebuilds.query;
import static io.posdb.migration.sqlite.Rebuilds.roleConstraint;
import static io.posdb.migration.sqlite.Rebuilds.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import liquibase.exception.CustomChangeException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 §3: a rebuild never drops a column holding data silently, and keeps one no definition of
 * its changeset knows. The shop is upgraded by the
 * real changelog to release 2.0 (whose user table {@link Rebuilds#CHECKED} is), then gets a
 * 2.1-style {@code user.email} column (ALTER TABLE ADD COLUMN) with two addresses and one NULL;
 * each test runs in both journal modes. The tests that run the whole changelog name their own
 * column {@code test_email} and number their changesets after the newest real one, so that a
 * release that adds {@code user.email} itself does not collide with them.
 */
class SqliteTableRebuildColumnsTest {

    /** Where a definition sits under {@code createTableSql: |} in the YAML below. */
    private static final int DEFINITION_INDENT = 22;
    private static final List<String> EMAILS = List.of("1|'owner@shop.test'", "2|'staff@shop.test'", "3|NULL");

    @TempDir
    Path dir;

    private Path upgradedShopWithEmails(String journalMode) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("shop.db"));
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(query(connection, "PRAGMA journal_mode = " + journalMode)).isEqualToIgnoringCase(journalMode);
        }
        // Release 2.0's schema exactly: a later release's changesets would change the user table CHECKED describes.
        new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged())
                .update(Changelogs.countThrough("0011-tag-release-2.0"));
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, "ALTER TABLE \"user\" ADD COLUMN \"email\" VARCHAR(100)",
                    "UPDATE \"user\" SET email = 'owner@shop.test' WHERE id = 1",
                    "UPDATE \"user\" SET email = 'staff@shop.test' WHERE id = 2");
        }
        return file;
    }

    private static List<String> emails(Connection connection) throws Exception {
        return DatabaseContents.rows(connection, "user", List.of("username", "name", "pin_hash", "role", "is_active",
                "created_at", "updated_at"));
    }

    /** The rebuild of 0010 as a changeset whose previous definition has {@code email}: its new one drops it. */
    private static SqliteTableRebuild droppingEmail() {
        SqliteTableRebuild change = roleConstraint();
        change.setRollbackCreateTableSql(CHECKED.substring(0, CHECKED.lastIndexOf(')')) + ",\n    \"email\" VARCHAR(100)\n)");
        return change;
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aColumnNeitherDefinitionKnowsIsKeptWithItsValues(String journalMode) throws Exception {
        // Made by hand on the shop's file (the sqlite3 shell): no changeset knows it, the till runs with it.
        Path file = upgradedShopWithEmails(journalMode);
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        SqliteTableRebuild change = roleConstraint();

        try (Connection connection = LegacyDatabases.open(file)) {
            Rebuilds.execute(connection, change);

            Rebuilds.assertConnectionRestored(connection);
            assertThat(emails(connection)).isEqualTo(EMAILS);
            assertThat(query(connection, "SELECT sql FROM sqlite_master WHERE name = 'user'"))
                    .contains("CHECK (\"role\" IN ('admin', 'user'))").contains("\"email\" VARCHAR(100)");
        }
        assertThat(change.getConfirmationMessage())
                .isEqualTo("table user rebuilt: 3 rows, columns kept from the live table: email");
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void refusesToDropAColumnHoldingDataNamingItAndChangesNothing(String journalMode) throws Exception {
        Path file = upgradedShopWithEmails(journalMode);
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThatThrownBy(() -> Rebuilds.execute(connection, droppingEmail()))
                    .isInstanceOf(CustomChangeException.class)
                    .hasMessageStartingWith("Rebuilding table user refused, nothing was changed: the new definition "
                            + "of table user lacks column(s) holding data: email (2 non-NULL values);")
                    .hasMessageContaining("name them in the parameter dropColumns");
            Rebuilds.assertConnectionRestored(connection);
            assertThat(query(connection, "SELECT COUNT(*) FROM data_migration_audit WHERE note LIKE 'archived:%'"))
                    .isEqualTo("0");
        }
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).isEqualTo(schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void dropColumnsArchivesEveryValueIntoTheAuditBeforeDroppingTheColumn(String journalMode) throws Exception {
        Path file = upgradedShopWithEmails(journalMode);
        Map<String, List<String>> rowsWithoutEmail = DatabaseContents.businessRowsExcept(file, "user.email");
        SqliteTableRebuild change = roleConstraint();
        change.setDropColumns(" email ");

        try (Connection connection = LegacyDatabases.open(file)) {
            Rebuilds.execute(connection, change);

            assertThat(query(connection, "SELECT COUNT(*) FROM pragma_table_info('user') WHERE name = 'email'"))
                    .isEqualTo("0");
            assertThat(DatabaseContents.rows(connection, "data_migration_audit", List.of("id", "migrated_at")))
                    .filteredOn(row -> row.contains("'archived:")).containsExactly(
                            "'SqliteTableRebuild user'|'user'|'1'|'email'|'owner@shop.test'|NULL|"
                                    + "'archived: column dropped by the rebuild of table user'",
                            "'SqliteTableRebuild user'|'user'|'2'|'email'|'staff@shop.test'|NULL|"
                                    + "'archived: column dropped by the rebuild of table user'");
        }
        assertThat(change.getConfirmationMessage()).isEqualTo("table user rebuilt: 3 rows, "
                + "dropped after archiving their values into data_migration_audit: {email=2}");
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rowsWithoutEmail);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void aColumnHoldingOnlyNullsIsDroppedWithoutArchiving(String journalMode) throws Exception {
        Path file = upgradedShopWithEmails(journalMode);
        try (Connection connection = LegacyDatabases.open(file)) {
            run(connection, "UPDATE \"user\" SET email = NULL");
            String auditRows = query(connection, "SELECT COUNT(*) FROM data_migration_audit");

            Rebuilds.execute(connection, droppingEmail());

            assertThat(query(connection, "SELECT COUNT(*) FROM pragma_table_info('user') WHERE name = 'email'"))
                    .isEqualTo("0");
            assertThat(query(connection, "SELECT COUNT(*) FROM data_migration_audit")).isEqualTo(auditRows);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void rollbackKeepsAColumnAddedAfterTheChangeset(String journalMode) throws Exception {
        Path file = upgradedShopWithEmails(journalMode);
        Map<String, List<String>> rows = DatabaseContents.businessRows(file);
        SqliteTableRebuild change = roleConstraint();

        try (Connection connection = LegacyDatabases.open(file)) {
            Rebuilds.rollback(connection, change);

            assertThat(emails(connection)).isEqualTo(EMAILS);
            assertThat(query(connection, "SELECT sql FROM sqlite_master WHERE name = 'user'"))
                    .contains("DEFAULT 'staff'").contains("\"email\" VARCHAR(100)");
        }
        assertThat(change.getConfirmationMessage())
                .isEqualTo("table user rebuilt: 3 rows, columns kept from the live table: email");
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(rows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void rollbackToV10ThroughTheChangelogKeepsEveryEmailAddedByALaterRelease(String journalMode) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("shop.db"));
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(query(connection, "PRAGMA journal_mode = " + journalMode)).isEqualToIgnoringCase(journalMode);
        }
        String id = Changelogs.nextNumber() + "-add-user-test-email";
        Path master = Changelogs.withExtraChangeSet(Files.createDirectory(dir.resolve("changelog")),
                id + ".yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: %s
                      author: test
                      labels: %s
                      changes:
                        - sql:
                            sql: ALTER TABLE "user" ADD COLUMN "test_email" VARCHAR(100)
                        - sql:
                            sql: UPDATE "user" SET "test_email" = CASE "id" WHEN 1 THEN 'owner@shop.test' WHEN 2 THEN 'staff@shop.test' END
                      rollback:
                        - sql:
                            sql: SELECT 'test_email is kept on rollback'
                """.formatted(id, Changelogs.nextReleaseLabel()));
        LiquibaseMigrations migrations = new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.file(master));
        migrations.update();

        migrations.rollbackToTag("v1.0");

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(emails(connection)).isEqualTo(EMAILS);
            assertThat(query(connection, "SELECT role FROM \"user\" WHERE id = 1")).isEqualTo("primary");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "WAL"})
    void throughTheChangelogTheArchiveRowsNameTheChangesetThatDroppedTheColumn(String journalMode) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("shop.db"));
        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(query(connection, "PRAGMA journal_mode = " + journalMode)).isEqualToIgnoringCase(journalMode);
        }
        // The user table as the whole real changelog leaves it (a later release may have changed it):
        // the rebuild keeps it as it is and only drops the test's column.
        Path scratch = LegacyDatabases.shop(dir.resolve("scratch.db"));
        new LiquibaseMigrations(SqliteDatabase.at(scratch), ChangelogSource.packaged()).update();
        String user;
        try (Connection connection = LegacyDatabases.open(scratch)) {
            user = query(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'user'")
                    .replaceFirst("^CREATE TABLE\\s+\"?user\"?\\s*\\(", "CREATE TABLE {table} (");
        }
        String userWithTestEmail = user.substring(0, user.lastIndexOf(')')) + ", \"test_email\" VARCHAR(100))";
        String next = Changelogs.nextNumber();
        String drop = String.format("%04d", Integer.parseInt(next) + 1) + "-drop-user-test-email";
        Path master = Changelogs.withExtraChangeSet(Files.createDirectory(dir.resolve("changelog")),
                next + "-user-test-email.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: %s-add-user-test-email
                      author: test
                      changes:
                        - sql:
                            sql: ALTER TABLE "user" ADD COLUMN "test_email" VARCHAR(100)
                        - sql:
                            sql: UPDATE "user" SET "test_email" = 'owner@shop.test' WHERE "id" = 1
                      rollback:
                        - sql:
                            sql: SELECT 'test_email is kept on rollback'
                  - changeSet:
                      id: %s
                      author: test
                      runInTransaction: false
                      changes:
                        - customChange:
                            class: io.posdb.migration.sqlite.SqliteTableRebuild
                            tableName: user
                            dropColumns: test_email
                            createTableSql: |
                %s
                            rollbackCreateTableSql: |
                %s
                """.formatted(next, drop, user.indent(DEFINITION_INDENT).stripTrailing(),
                        userWithTestEmail.indent(DEFINITION_INDENT).stripTrailing()));

        new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.file(master)).update();

        try (Connection connection = LegacyDatabases.open(file)) {
            assertThat(query(connection, "SELECT changeset_id || ' ' || row_id || ' ' || old_value FROM "
                    + "data_migration_audit WHERE note LIKE 'archived:%'")).isEqualTo(drop + " 1 owner@shop.test");
            assertThat(query(connection, "SELECT COUNT(*) FROM pragma_table_info('user') WHERE name = 'test_email'"))
                    .isEqualTo("0");
        }
    }
}
