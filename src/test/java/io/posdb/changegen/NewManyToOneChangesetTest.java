package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.SaleItemReturnedBy;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.Finding;
import io.posdb.orm.Entities;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new nullable {@code @ManyToOne} on an existing table: SQLite's own ADD COLUMN with the column's REFERENCES
 * clause (allowed while the column defaults to NULL), PostgreSQL's ADD COLUMN and FOREIGN KEY constraint. It
 * passes lint, applies on every kind of database with the foreign key enforced, rolls back archiving the
 * column's values, applies again; drift then finds nothing and the generator no changes.
 */
class NewManyToOneChangesetTest {

    private static final String REFERENCES = "REFERENCES \"user\" (\"id\") ON DELETE SET NULL";
    private static final String RETURNED = "UPDATE saleitem SET test_returned_by_id = (SELECT MIN(id) FROM \"user\") "
            + "WHERE id = (SELECT MIN(id) FROM saleitem)";

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;
    private Path master;
    private String id;

    @BeforeEach
    void generate() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        ChangesetGenerator.Outcome outcome = workspace.generate("add-returned-by", SaleItemReturnedBy.ALL);
        assertThat(outcome.refusals()).isEmpty();
        id = outcome.file().getFileName().toString().replace(".yaml", "");
    }

    @Test
    void theChangesetAddsTheColumnWithItsForeignKeyOnBothEnginesPassesLintAndLeavesNoChanges() throws Exception {
        assertThat(Files.readString(workspace.root.resolve("changelog/changes/" + id + ".yaml"))).contains(
                "ALTER TABLE \"saleitem\" ADD COLUMN \"test_returned_by_id\" BIGINT " + REFERENCES,
                "ALTER TABLE \"saleitem\" ADD CONSTRAINT \"fk_saleitem_test_returned_by_id\" FOREIGN KEY "
                        + "(\"test_returned_by_id\") " + REFERENCES,
                "# - new column saleitem.test_returned_by_id BIGINT (nullable) referring to user(id) ON DELETE SET NULL",
                "compatibility: breaking, because an older release");

        assertThat(new ChangelogLinter(Release.current()).lint(master).errors().stream().map(Finding::format)).isEmpty();
        assertThat(workspace.generate("again", SaleItemReturnedBy.ALL).noChanges()).isTrue();
    }

    @ParameterizedTest(name = "{0} database, {1} journal")
    @CsvSource({"legacy, WAL", "legacy, DELETE", "2.0, WAL", "2.0, DELETE"})
    void onSqliteTheColumnRefersToUserRollsBackArchivingItsValuesAndLeavesNoDrift(String kind, String journalMode)
            throws Exception {
        Path db = "legacy".equals(kind) ? GeneratedRuns.legacy(dir.resolve("legacy.db"), journalMode)
                : GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        String returner;
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            assertThat(strings(connection, "SELECT \"table\" || '|' || \"to\" || '|' || on_delete "
                    + "FROM pragma_foreign_key_list('saleitem') WHERE \"from\" = 'test_returned_by_id'"))
                    .containsExactly("user|id|SET NULL");
            GeneratedRuns.execute(connection, List.of(RETURNED));
            returner = strings(connection, "SELECT test_returned_by_id FROM saleitem WHERE test_returned_by_id IS NOT NULL")
                    .get(0);
            assertThatThrownBy(() -> GeneratedRuns.execute(connection,
                    List.of("UPDATE saleitem SET test_returned_by_id = -1"))).hasMessageContaining("FOREIGN KEY");
        }
        GeneratorWorkspace.validateSqlite(db, SaleItemReturnedBy.ALL);
        assertThat(drift(SqliteDatabase.at(db))).isEmpty();

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.rollback(connection, 1);
            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('saleitem') "
                    + "WHERE name = 'test_returned_by_id'")).containsExactly("0");
            assertThat(strings(connection, "SELECT old_value FROM data_migration_audit "
                    + "WHERE column_name = 'test_returned_by_id'")).containsExactly(returner);
            assertThat(strings(connection, "SELECT journal_mode FROM pragma_journal_mode"))
                    .containsExactly(journalMode.toLowerCase());
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(db, SaleItemReturnedBy.ALL);
        assertThat(drift(SqliteDatabase.at(db))).isEmpty();
    }

    @Tag("postgres")
    @Test
    void onPostgresqlTheColumnAndItsConstraintApplyRollBackArchivingItsValuesAndLeaveNoDrift() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);

            workspace.update(connection);
            assertThat(strings(connection, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                    + "WHERE conname = 'fk_saleitem_test_returned_by_id'"))
                    .containsExactly("FOREIGN KEY (test_returned_by_id) REFERENCES \"user\"(id) ON DELETE SET NULL");
            GeneratorWorkspace.validate(database.dataSource(), SaleItemReturnedBy.ALL, null);
            assertThat(drift(database)).isEmpty();
            GeneratedRuns.execute(connection, List.of(RETURNED));
            String returner = strings(connection, "SELECT test_returned_by_id FROM saleitem "
                    + "WHERE test_returned_by_id IS NOT NULL").get(0);

            workspace.rollback(connection, 1);
            assertThat(strings(connection, "SELECT old_value || '|' || note FROM data_migration_audit "
                    + "WHERE column_name = 'test_returned_by_id'")).containsExactly(returner + "|archived: rollback of " + id);
            assertThat(strings(connection, "SELECT COUNT(*) FROM pg_constraint "
                    + "WHERE conname = 'fk_saleitem_test_returned_by_id'")).containsExactly("0");
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);

            workspace.update(connection);
            GeneratorWorkspace.validate(database.dataSource(), SaleItemReturnedBy.ALL, null);
            assertThat(drift(database)).isEmpty();
        } finally {
            PostgresServer.drop(database);
        }
    }

    private List<String> drift(TillDatabase database) throws Exception {
        return new DriftCheck(database, ChangelogSource.file(master)).check().differences();
    }
}
