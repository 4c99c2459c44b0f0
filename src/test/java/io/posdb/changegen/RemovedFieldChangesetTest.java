package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changegen.variants.SaleItemWithoutPrice;
import io.posdb.database.PostgresDatabase;
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
 * A field removed from an entity: once a person deletes the review marker, the generated
 * changeset archives the column's values into data_migration_audit and drops it (SQLite
 * rebuild with dropColumns, PostgreSQL DROP COLUMN); rollback --count 1 puts every value
 * back from the archive; the update after it drops it again; generating again finds nothing.
 */
class RemovedFieldChangesetTest {

    private static final String VALUES = "SELECT id || '|' || unit_price FROM saleitem ORDER BY id";

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;
    private String id;

    @BeforeEach
    void generateAndReview() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        Path file = workspace.generate("drop-unit-price", SaleItemWithoutPrice.ALL).file();
        id = file.getFileName().toString().replace(".yaml", "");
        GeneratedRuns.confirmReview(file);
    }

    @ParameterizedTest(name = "{0} database, {1} journal")
    @CsvSource({"legacy, WAL", "legacy, DELETE", "2.0, WAL", "2.0, DELETE"})
    void onSqliteTheValuesAreArchivedTheColumnDroppedAndARollbackRestoresThem(String kind, String journalMode)
            throws Exception {
        Path db = "legacy".equals(kind) ? GeneratedRuns.legacy(dir.resolve("legacy.db"), journalMode)
                : GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        List<String> before;
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            before = strings(connection, VALUES);
            assertThat(before).isNotEmpty();
            workspace.update(connection);
            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('saleitem') WHERE name = 'unit_price'"))
                    .containsExactly("0");
            assertThat(strings(connection, "SELECT row_id || '|' || old_value FROM data_migration_audit WHERE "
                    + "changeset_id = '" + id + "' AND column_name = 'unit_price' AND note LIKE 'archived:%' "
                    + "ORDER BY CAST(row_id AS INTEGER)")).isEqualTo(before);
        }
        GeneratorWorkspace.validateSqlite(db, SaleItemWithoutPrice.ALL);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.rollback(connection, 1);
            assertThat(strings(connection, VALUES)).isEqualTo(before);
            assertThat(strings(connection, "SELECT \"notnull\" FROM pragma_table_info('saleitem') WHERE name = 'unit_price'"))
                    .containsExactly("1");
            assertThat(strings(connection, "SELECT journal_mode FROM pragma_journal_mode")).containsExactly(
                    journalMode.toLowerCase());
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            assertThat(strings(connection, "SELECT COUNT(*) FROM pragma_table_info('saleitem') WHERE name = 'unit_price'"))
                    .containsExactly("0");
        }
        GeneratorWorkspace.validateSqlite(db, SaleItemWithoutPrice.ALL);
        assertThat(workspace.generate("drop-unit-price-again", SaleItemWithoutPrice.ALL).noChanges()).isTrue();
    }

    @Tag("postgres")
    @Test
    void onPostgresqlTheValuesAreArchivedBeforeDropColumnAndTheRollbackRestoresThem() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            List<String> before = strings(connection, VALUES);

            workspace.update(connection);
            assertThat(strings(connection, "SELECT COUNT(*) FROM information_schema.columns "
                    + "WHERE table_name = 'saleitem' AND column_name = 'unit_price'")).containsExactly("0");
            assertThat(strings(connection, "SELECT row_id || '|' || old_value FROM data_migration_audit WHERE "
                    + "changeset_id = '" + id + "-postgresql' AND note LIKE 'archived:%'")).isEqualTo(before);
            GeneratorWorkspace.validate(database.dataSource(), SaleItemWithoutPrice.ALL, null);

            workspace.rollback(connection, 1);
            assertThat(strings(connection, VALUES)).isEqualTo(before);
            assertThat(strings(connection, "SELECT is_nullable FROM information_schema.columns "
                    + "WHERE table_name = 'saleitem' AND column_name = 'unit_price'")).containsExactly("NO");
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);

            workspace.update(connection);
            GeneratorWorkspace.validate(database.dataSource(), SaleItemWithoutPrice.ALL, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Test
    void theReviewedChangesetIsWhatWasGeneratedWithoutTheMarker() throws Exception {
        assertThat(Files.readString(workspace.root.resolve("changelog/changes/" + id + ".yaml")))
                .doesNotContain("review-required").contains("dropColumns: unit_price");
    }
}
