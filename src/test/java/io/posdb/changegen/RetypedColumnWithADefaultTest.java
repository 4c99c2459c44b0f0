package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changegen.variants.ProductRetyped;
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

/**
 * A column with a default whose type changes across PostgreSQL's kinds (an integer's {@code DEFAULT 0} becoming a
 * boolean, a boolean's {@code DEFAULT TRUE} an integer): PostgreSQL casts a default only as it assigns a value and
 * refuses these ("default for column ... cannot be cast automatically"), so the generated PostgreSQL changeset
 * drops the default, casts, and sets the same value in the new type; its rollback puts back the default the column
 * had. A default the new type has no value for is refused when generating. SQLite, where these types are one
 * INTEGER, is left as it was.
 */
class RetypedColumnWithADefaultTest {

    private static final String PRODUCT = "INSERT INTO product (sku, name, price) VALUES ('GEN-%s', 'Cup', '1.00')";

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    /** The entities, the product column retyped, and its PostgreSQL type and default after the change. */
    static Stream<Arguments> retypedWithADefault() {
        return Stream.of(
                Arguments.of("stock-as-flag", ProductRetyped.STOCK_AS_FLAG_ALL, "stock", "boolean", "false"),
                Arguments.of("active-as-number", ProductRetyped.ACTIVE_AS_NUMBER_ALL, "is_active", "integer", "1"));
    }

    static Stream<Arguments> retypedWithADefaultInEachJournalMode() {
        return retypedWithADefault().flatMap(c -> Stream.of("WAL", "DELETE").map(mode -> Arguments.of(c.get()[0],
                c.get()[1], mode)));
    }

    @Tag("postgres")
    @ParameterizedTest(name = "{0}")
    @MethodSource("retypedWithADefault")
    void aColumnWithADefaultRetypedAcrossKindsAppliesOnPostgresqlWithTheSameDefaultAndRollsBackToItsOwn(
            String name, List<Class<?>> entities, String column, String type, String defaultValue) throws Exception {
        List<Path> files = generated(name, entities);
        String probe = "SELECT format_type(a.atttypid, a.atttypmod) || ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) "
                + "FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = 'product'::regclass AND a.attname = '" + column + "'";
        String after = type + " DEFAULT " + defaultValue;
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            List<String> before = strings(connection, probe);
            List<String> rows = strings(connection, "SELECT sku || '|' || " + column + " FROM product ORDER BY id");

            workspace.update(connection);
            assertThat(strings(connection, probe)).containsExactly(after);
            GeneratedRuns.execute(connection, List.of(PRODUCT.formatted("AFTER")));
            GeneratorWorkspace.validate(database.dataSource(), entities, null);

            workspace.rollback(connection, applied(connection, files));
            assertThat(strings(connection, probe)).isEqualTo(before);
            GeneratedRuns.execute(connection, List.of(PRODUCT.formatted("BACK"), "DELETE FROM product WHERE sku IN "
                    + "('GEN-AFTER', 'GEN-BACK')"));
            assertThat(strings(connection, "SELECT sku || '|' || " + column + " FROM product ORDER BY id"))
                    .isEqualTo(rows);
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);

            workspace.update(connection);
            assertThat(strings(connection, probe)).containsExactly(after);
            GeneratorWorkspace.validate(database.dataSource(), entities, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    @ParameterizedTest(name = "{0} ({2})")
    @MethodSource("retypedWithADefaultInEachJournalMode")
    void aColumnWithADefaultRetypedOnlyOnPostgresqlLeavesSqliteAsItWas(String name, List<Class<?>> entities,
                                                                       String journalMode) throws Exception {
        List<Path> files = generated(name, entities);
        Path db = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        String table = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'product'";
        List<String> before;
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            before = strings(connection, table);
            workspace.update(connection);
            assertThat(strings(connection, table)).isEqualTo(before);
        }
        GeneratorWorkspace.validateSqlite(db, entities);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.rollback(connection, applied(connection, files));
            assertThat(strings(connection, table)).isEqualTo(before);
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
            assertThat(strings(connection, table)).isEqualTo(before);
        }
        GeneratorWorkspace.validateSqlite(db, entities);
    }

    @Test
    void aDefaultTheNewTypeHasNoValueForIsRefusedNamingTheColumnAndItsDefaultAndNothingIsWritten() throws Exception {
        List<Path> before = changelogFiles();
        String master = Files.readString(workspace.root.resolve("changelog/db.changelog-master.yaml"));

        ChangesetGenerator.Outcome outcome = workspace.generate("created-at-as-number",
                ProductRetyped.CREATED_AT_AS_NUMBER_ALL);

        assertThat(outcome.files()).isEmpty();
        assertThat(outcome.refusals()).singleElement().asString()
                .contains("column product.created_at has the default CURRENT_TIMESTAMP on PostgreSQL, which BIGINT "
                        + "(its new type) has no value for")
                .doesNotContain("\n");
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(Files.readString(workspace.root.resolve("changelog/db.changelog-master.yaml"))).isEqualTo(master);
    }

    /** Generates the changesets, and checks that generating again finds the entities and the changelog agree. */
    private List<Path> generated(String name, List<Class<?>> entities) throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate(name, entities);
        assertThat(outcome.refusals()).isEmpty();
        assertThat(outcome.files()).isNotEmpty();
        assertThat(workspace.generate("again", entities).noChanges()).as("generating again finds no changes").isTrue();
        return outcome.files();
    }

    /** How many changesets of the generated files this database applied (the other engine's are skipped). */
    private static int applied(Connection connection, List<Path> files) throws Exception {
        return Integer.parseInt(strings(connection, "SELECT COUNT(*) FROM databasechangelog WHERE filename IN ('"
                + String.join("', '", files.stream().map(f -> "changelog/changes/" + f.getFileName()).toList())
                + "')").get(0));
    }

    private List<Path> changelogFiles() throws Exception {
        try (Stream<Path> files = Files.list(workspace.root.resolve("changelog/changes"))) {
            return files.sorted().toList();
        }
    }
}
