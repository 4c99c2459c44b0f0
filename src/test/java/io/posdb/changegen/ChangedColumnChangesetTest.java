package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.ProductActiveAsText;
import io.posdb.changegen.variants.SaleItemCheckedAndWider;
import io.posdb.changegen.variants.SaleItemLongerNote;
import io.posdb.changegen.variants.SaleItemNoted;
import io.posdb.changegen.variants.SaleItemNumericPrice;
import io.posdb.changegen.variants.SaleItemOptionalPrice;
import io.posdb.changegen.variants.SaleItemQuantityCheck;
import io.posdb.changegen.variants.SaleItemWiderPrice;
import io.posdb.database.PostgresDatabase;
import io.posdb.orm.Entities;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A changed CHECK or nullability (and, on PostgreSQL, a changed length): the SQLite table
 * rebuild and the PostgreSQL ALTER TABLE apply on real databases with rows, Hibernate
 * validates, rollback --count 1 puts the old definition back with every row, update again.
 */
class ChangedColumnChangesetTest {

    private static final String ROWS = "SELECT id || '|' || quantity || '|' || unit_price FROM saleitem ORDER BY id";

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aNewCheckIsVerifiedThenRebuiltOnSqliteKeepingTheRows(String journalMode) throws Exception {
        Path file = workspace.generate("check-quantity", SaleItemQuantityCheck.ALL).file();
        assertThat(Files.readString(file)).contains("onFail: HALT", "RowsMeetNarrowing", "value: 'quantity > 0'", "SqliteTableRebuild",
                "CHECK (quantity > 0)");
        Path legacy = GeneratedRuns.legacy(dir.resolve("legacy.db"), journalMode);
        List<String> before = rows(legacy);

        GeneratedRuns.appliesValidatesRollsBackAndUpdatesAgain(workspace, legacy, SaleItemQuantityCheck.ALL);

        assertThat(rows(legacy)).isEqualTo(before);
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            assertThatThrownBy(() -> GeneratedRuns.execute(connection, List.of("UPDATE saleitem SET quantity = 0")))
                    .hasMessageContaining("CHECK constraint failed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aRowBreakingTheNewCheckHaltsTheUpdateNamingTheCheckAndChangesNothing(String journalMode) throws Exception {
        workspace.generate("check-quantity", SaleItemQuantityCheck.ALL);
        Path db = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, List.of("UPDATE saleitem SET quantity = 0"));
            String table = strings(connection, "SELECT sql FROM sqlite_master WHERE name = 'saleitem'").get(0);

            assertThatThrownBy(() -> workspace.update(connection)).hasStackTraceContaining(
                    "rows of table saleitem break the narrower definition of quantity: 1 row(s) breaking CHECK "
                            + "(quantity > 0) (id 1)");
            assertThat(strings(connection, "SELECT sql FROM sqlite_master WHERE name = 'saleitem'")).containsExactly(table);
            assertThat(strings(connection, "SELECT quantity FROM saleitem")).containsOnly("0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aColumnThatBecomesNullableIsRebuiltOnSqliteAndRollsBackWhileNoRowHoldsNull(String journalMode)
            throws Exception {
        workspace.generate("optional-unit-price", SaleItemOptionalPrice.ALL);
        Path db = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        List<String> before = rows(db);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            assertThat(notNull(connection)).containsExactly("0");
        }
        GeneratedRuns.appliesValidatesRollsBackAndUpdatesAgain(workspace, db, SaleItemOptionalPrice.ALL);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.rollback(connection, 1);
            assertThat(notNull(connection)).containsExactly("1");
        }
        assertThat(rows(db)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void twoChangesToOneTableAreTwoRebuildsTheSecondKeepingTheFirst(String journalMode) throws Exception {
        List<Path> files = workspace.generate("saleitem-2-1", SaleItemCheckedAndWider.ALL).files();
        assertThat(files).hasSize(2);
        Path legacy = GeneratedRuns.legacy(dir.resolve("legacy.db"), journalMode);
        List<String> before = rows(legacy);
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            workspace.update(connection);
            assertThat(strings(connection, "SELECT sql FROM sqlite_master WHERE name = 'saleitem'").get(0))
                    .contains("CHECK (quantity > 0)", "\"unit_price\" VARCHAR(60) NOT NULL");
        }
        GeneratorWorkspace.validateSqlite(legacy, SaleItemCheckedAndWider.ALL);
        assertThat(workspace.generate("again", SaleItemCheckedAndWider.ALL).noChanges()).isTrue();
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            int applied = Integer.parseInt(strings(connection, "SELECT COUNT(*) FROM databasechangelog WHERE filename IN ('"
                    + String.join("', '", files.stream().map(f -> "changelog/changes/" + f.getFileName()).toList())
                    + "')").get(0));
            workspace.rollback(connection, applied);
            assertThat(strings(connection, "SELECT sql FROM sqlite_master WHERE name = 'saleitem'").get(0))
                    .doesNotContain("CHECK").contains("\"unit_price\" VARCHAR(40) NOT NULL");
        }
        GeneratorWorkspace.validateSqlite(legacy, Entities.ALL);
        assertThat(rows(legacy)).isEqualTo(before);
    }

    @Test
    void aTypeChangedAcrossAffinitiesIsCastEachWayAndRolledBackToPostgresqlsOwnType() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("active-as-text", ProductActiveAsText.ALL);
        assertThat(outcome.refusals()).isEmpty();
        String activeAsText = Files.readString(outcome.file());
        // SQLite's changeset says INT; PostgreSQL's (0003) says BOOLEAN DEFAULT TRUE: the default is dropped around
        // each cast, carried over as text, and put back as it was.
        assertThat(activeAsText).contains(
                "ALTER TABLE \"product\" ALTER COLUMN \"is_active\" DROP DEFAULT, ALTER COLUMN \"is_active\" TYPE "
                        + "VARCHAR(5) USING \"is_active\"::VARCHAR(5), ALTER COLUMN \"is_active\" SET DEFAULT ''true'''",
                "ALTER TABLE \"product\" ALTER COLUMN \"is_active\" DROP DEFAULT, ALTER COLUMN \"is_active\" TYPE "
                        + "BOOLEAN USING \"is_active\"::BOOLEAN, ALTER COLUMN \"is_active\" SET DEFAULT TRUE'");

        GeneratorWorkspace other = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("other"));
        assertThat(Files.readString(other.generate("numeric-unit-price", SaleItemNumericPrice.ALL).file())).contains(
                "ALTER COLUMN \"unit_price\" TYPE NUMERIC(12,2) USING \"unit_price\"::NUMERIC(12,2)'",
                "ALTER COLUMN \"unit_price\" TYPE VARCHAR(40) USING \"unit_price\"::VARCHAR(40)'");
    }

    @Test
    void aColumnAnEarlierChangesetAddedIsRolledBackOnPostgresqlToTheTypeThatChangesetGaveIt() throws Exception {
        workspace.generate("add-note", SaleItemNoted.ALL);

        Path file = workspace.generate("longer-note", SaleItemLongerNote.ALL).file();

        // The earlier changeset's addColumn (Liquibase's change, not SQL) said VARCHAR(80) on PostgreSQL.
        assertThat(Files.readString(file)).contains("'ALTER TABLE \"saleitem\" ALTER COLUMN \"note\" TYPE VARCHAR(120)'",
                "'ALTER TABLE \"saleitem\" ALTER COLUMN \"note\" TYPE VARCHAR(80)'");
    }

    static Stream<Arguments> changedColumns() {
        return Stream.of(
                Arguments.of("widen-unit-price", SaleItemWiderPrice.ALL,
                        "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'saleitem' "
                                + "AND column_name = 'unit_price'", "60", "40"),
                Arguments.of("optional-unit-price", SaleItemOptionalPrice.ALL,
                        "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'saleitem' "
                                + "AND column_name = 'unit_price'", "YES", "NO"),
                Arguments.of("check-quantity", SaleItemQuantityCheck.ALL,
                        "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'ck_saleitem_quantity'", "1", "0"),
                // Across affinities: the rollback gives back PostgreSQL's own type (BOOLEAN, where SQLite's changeset
                // says INT), and each way is cast.
                Arguments.of("active-as-text", ProductActiveAsText.ALL,
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'product'::regclass "
                                + "AND attname = 'is_active'", "character varying(5)", "boolean"),
                Arguments.of("numeric-unit-price", SaleItemNumericPrice.ALL,
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'saleitem'::regclass "
                                + "AND attname = 'unit_price'", "numeric(12,2)", "character varying(40)"));
    }

    @Tag("postgres")
    @ParameterizedTest(name = "{0}")
    @MethodSource("changedColumns")
    void aChangedColumnIsAlteredInPlaceOnPostgresqlAndRollsBack(String name, List<Class<?>> entities, String probe,
                                                                String after, String before) throws Exception {
        workspace.generate(name, entities);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            List<String> rows = strings(connection, ROWS);

            workspace.update(connection);
            assertThat(strings(connection, probe)).containsExactly(after);
            GeneratorWorkspace.validate(database.dataSource(), entities, null);
            workspace.rollback(connection, 1);
            assertThat(strings(connection, probe)).containsExactly(before);
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
            workspace.update(connection);
            assertThat(strings(connection, probe)).containsExactly(after);
            GeneratorWorkspace.validate(database.dataSource(), entities, null);
            assertThat(strings(connection, ROWS)).isEqualTo(rows);
        } finally {
            PostgresServer.drop(database);
        }
    }

    private static List<String> rows(Path db) throws Exception {
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            return strings(connection, ROWS);
        }
    }

    private static List<String> notNull(Connection connection) throws Exception {
        return strings(connection, "SELECT \"notnull\" FROM pragma_table_info('saleitem') WHERE name = 'unit_price'");
    }
}
