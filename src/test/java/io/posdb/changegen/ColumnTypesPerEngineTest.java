package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.ProductTypedColumn;
import io.posdb.changegen.variants.SaleItemRetyped;
import io.posdb.database.PostgresDatabase;
import io.posdb.orm.Entities;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
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
 * The generator's PostgreSQL changesets name each column's type as Hibernate's PostgreSQL dialect does, not in
 * SQLite's words: for every basic Java type a new nullable column of it, and a column whose Java type changes,
 * apply on the release's schema of each engine, Hibernate validates them there, they roll back to the schema the
 * real entities validate, apply again, and generating again finds no changes.
 */
class ColumnTypesPerEngineTest {

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    /** One new nullable product column per basic type, with the type PostgreSQL then reports for it. */
    static Stream<Arguments> basicTypes() {
        return Stream.of(
                Arguments.of("double", ProductTypedColumn.Doubled.class, "test_double", "double precision"),
                Arguments.of("float", ProductTypedColumn.Floated.class, "test_float", "real"),
                Arguments.of("boolean", ProductTypedColumn.Flagged.class, "test_flag", "boolean"),
                Arguments.of("byte-array", ProductTypedColumn.Bytes.class, "test_bytes", "bytea"),
                Arguments.of("local-date", ProductTypedColumn.Dated.class, "test_day", "date"),
                Arguments.of("local-date-time", ProductTypedColumn.Timed.class, "test_local_time",
                        "timestamp(6) without time zone"),
                Arguments.of("instant", ProductTypedColumn.Instanted.class, "test_instant",
                        "timestamp(6) with time zone"),
                Arguments.of("uuid", ProductTypedColumn.Identified.class, "test_uuid", "uuid"),
                Arguments.of("enum-as-string", ProductTypedColumn.Sized.class, "test_size", "character varying(255)"));
    }

    /** A saleitem column whose Java type changes, with its PostgreSQL type after and before. */
    static Stream<Arguments> retypedColumns() {
        return Stream.of(
                Arguments.of("unit-price-as-double", SaleItemRetyped.DoublePrice.class, "unit_price",
                        "double precision", "character varying(40)"),
                Arguments.of("quantity-as-long", SaleItemRetyped.LongQuantity.class, "quantity", "bigint", "integer"),
                Arguments.of("quantity-as-boolean", SaleItemRetyped.FlagQuantity.class, "quantity", "boolean",
                        "integer"));
    }

    static Stream<Arguments> basicTypesInEachJournalMode() {
        return inEachJournalMode(basicTypes());
    }

    static Stream<Arguments> retypedColumnsInEachJournalMode() {
        return inEachJournalMode(retypedColumns());
    }

    @Tag("postgres")
    @ParameterizedTest(name = "{0}")
    @MethodSource("basicTypes")
    void aNewColumnOfEachBasicTypeIsAddedOnPostgresqlInTheTypeHibernateValidates(String name, Class<?> extra,
                                                                                 String column, String type)
            throws Exception {
        List<Class<?>> entities = ProductTypedColumn.with(extra);
        appliesOnPostgresqlValidatesAndRollsBack("add-" + name, entities, "product", column, type, null);
    }

    @Tag("postgres")
    @Test
    void aNewEnumColumnKeepsItsCheckOnPostgresqlAsOnSqlite() throws Exception {
        workspace.generate("add-size", ProductTypedColumn.with(ProductTypedColumn.Sized.class));
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            workspace.update(connection);
            GeneratedRuns.execute(connection, List.of("INSERT INTO product (sku, name, price, test_size) "
                    + "VALUES ('GEN-S', 'Cup', '1.00', 'SMALL')"));

            assertThatThrownBy(() -> GeneratedRuns.execute(connection, List.of("INSERT INTO product "
                    + "(sku, name, price, test_size) VALUES ('GEN-M', 'Mug', '1.00', 'MEDIUM')")))
                    .hasMessageContaining("ck_product_test_size");
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Tag("postgres")
    @ParameterizedTest(name = "{0}")
    @MethodSource("retypedColumns")
    void aRetypedColumnIsAlteredOnPostgresqlToTheTypeHibernateValidatesAndBack(String name, Class<?> variant,
                                                                              String column, String after,
                                                                              String before) throws Exception {
        appliesOnPostgresqlValidatesAndRollsBack(name, SaleItemRetyped.with(variant), "saleitem", column, after,
                before);
    }

    @ParameterizedTest(name = "{0} ({4})")
    @MethodSource("basicTypesInEachJournalMode")
    void aNewColumnOfEachBasicTypeIsAddedOnSqliteInTheTypeHibernateValidates(String name, Class<?> extra,
                                                                             String column, String type,
                                                                             String journalMode) throws Exception {
        appliesOnSqliteValidatesAndRollsBack("add-" + name, ProductTypedColumn.with(extra), journalMode);
    }

    @ParameterizedTest(name = "{0} ({5})")
    @MethodSource("retypedColumnsInEachJournalMode")
    void aRetypedColumnAppliesOnSqliteWhereHibernateValidatesIt(String name, Class<?> variant, String column,
                                                              String after, String before, String journalMode)
            throws Exception {
        appliesOnSqliteValidatesAndRollsBack(name, SaleItemRetyped.with(variant), journalMode);
    }

    /**
     * On a database the release's changelog made, holding a sale: the generated changesets apply, the column has
     * {@code after} as PostgreSQL reports it, Hibernate validates the entities; rolling them back gives the column
     * back ({@code before}, or none) and the real entities validate; they apply again.
     */
    private void appliesOnPostgresqlValidatesAndRollsBack(String name, List<Class<?>> entities, String table,
                                                          String column, String after, String before)
            throws Exception {
        List<Path> files = generated(name, entities);
        String probe = "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = '" + column + "' AND NOT attisdropped";
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);

            workspace.update(connection);
            assertThat(strings(connection, probe)).containsExactly(after);
            GeneratorWorkspace.validate(database.dataSource(), entities, null);
            workspace.rollback(connection, applied(connection, files));
            assertThat(strings(connection, probe)).isEqualTo(before == null ? List.of() : List.of(before));
            GeneratorWorkspace.validate(database.dataSource(), Entities.ALL, null);
            workspace.update(connection);
            assertThat(strings(connection, probe)).containsExactly(after);
            GeneratorWorkspace.validate(database.dataSource(), entities, null);
        } finally {
            PostgresServer.drop(database);
        }
    }

    private void appliesOnSqliteValidatesAndRollsBack(String name, List<Class<?>> entities, String journalMode)
            throws Exception {
        List<Path> files = generated(name, entities);
        Path db = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(db, entities);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.rollback(connection, applied(connection, files));
        }
        GeneratorWorkspace.validateSqlite(db, Entities.ALL);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(db, entities);
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

    private static Stream<Arguments> inEachJournalMode(Stream<Arguments> cases) {
        return cases.flatMap(c -> Stream.of("WAL", "DELETE").map(mode -> {
            Object[] values = Arrays.copyOf(c.get(), c.get().length + 1);
            values[values.length - 1] = mode;
            return Arguments.of(values);
        }));
    }
}
