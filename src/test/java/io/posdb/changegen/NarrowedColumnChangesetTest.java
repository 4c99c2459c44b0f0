package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changegen.variants.ProductCategoryRequired;
import io.posdb.changegen.variants.SaleItemNarrowerPrice;
import io.posdb.changegen.variants.SaleItemNumericPrice;
import io.posdb.database.PostgresDatabase;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
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
 * Issue #20: a generated narrowing (a shorter length, a new NOT NULL; a new CHECK in
 * ChangedColumnChangesetTest) HALTs naming the rows that break it, on SQLite and PostgreSQL alike,
 * before anything changes: SQLite would keep a too-long value in the shorter column silently, and
 * PostgreSQL would refuse the ALTER in the middle of an upgrade.
 */
class NarrowedColumnChangesetTest {

    /** The shop's rows that break each narrowing, and the message naming them. */
    static Stream<Arguments> narrowings() {
        return Stream.of(
                Arguments.of("narrower-unit-price", SaleItemNarrowerPrice.ALL,
                        "UPDATE saleitem SET unit_price = '1234567890123.50'",
                        "rows of table saleitem break the narrower definition of unit_price: 1 row(s) longer than 12 "
                                + "characters (id ", "SELECT unit_price FROM saleitem", "1234567890123.50"),
                Arguments.of("product-category-required", ProductCategoryRequired.ALL,
                        "UPDATE product SET category_id = NULL",
                        "rows of table product break the narrower definition of category_id: 1 row(s) NULL (id ",
                        "SELECT CASE WHEN category_id IS NULL THEN 'none' ELSE 'some' END FROM product", "none"),
                // Text becoming a number: SQLite would keep "ten euros" as text in the NUMERIC column, which the
                // application cannot read; PostgreSQL's cast refuses it, as it refuses 13 digits before the point.
                Arguments.of("numeric-unit-price", SaleItemNumericPrice.ALL,
                        "UPDATE saleitem SET unit_price = 'ten euros'",
                        "rows of table saleitem break the narrower definition of unit_price: 1 row(s) that "
                                + "numeric(12,2) does not hold as a number (id ", "SELECT unit_price FROM saleitem",
                        "ten euros"),
                Arguments.of("numeric-unit-price-too-large", SaleItemNumericPrice.ALL,
                        "UPDATE saleitem SET unit_price = '1234567890123.50'",
                        "rows of table saleitem break the narrower definition of unit_price: 1 row(s) that "
                                + "numeric(12,2) does not hold as a number (id ", "SELECT unit_price FROM saleitem",
                        "1234567890123.50"));
    }

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("narrowings")
    void aNarrowingIsVerifiedBeforeTheRebuildAndTheAlter(String name, List<Class<?>> entities) throws Exception {
        String text = Files.readString(workspace.generate(name, entities).file());

        assertThat(text).contains("onFail: HALT", "io.posdb.migration.data.RowsMeetNarrowing");
        assertThat(text.indexOf("RowsMeetNarrowing")).as("the verification comes first")
                .isLessThan(text.indexOf("SqliteTableRebuild")).isLessThan(text.indexOf("ALTER TABLE"));
    }

    @ParameterizedTest(name = "{0} on SQLite")
    @MethodSource("narrowings")
    void rowsBreakingANarrowingHaltTheUpdateOnSqliteNamingThemAndNothingChanges(String name, List<Class<?>> entities,
            String breaking, String message, String probe, String kept) throws Exception {
        for (String journalMode : List.of("WAL", "DELETE")) {
            workspace.generate(name + "-" + journalMode.toLowerCase(), entities);
            Path db = GeneratedRuns.release20(dir.resolve(journalMode + ".db"), journalMode);
            try (Connection connection = GeneratorWorkspace.sqlite(db)) {
                GeneratedRuns.execute(connection, List.of(breaking));
                List<String> schema = strings(connection, "SELECT sql FROM sqlite_master ORDER BY name");

                assertThatThrownBy(() -> workspace.update(connection)).hasStackTraceContaining(message);

                assertThat(strings(connection, "SELECT sql FROM sqlite_master ORDER BY name")).isEqualTo(schema);
                assertThat(strings(connection, probe)).containsOnly(kept);
            }
            workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo-" + journalMode));
        }
    }

    @Tag("postgres")
    @ParameterizedTest(name = "{0} on PostgreSQL")
    @MethodSource("narrowings")
    void rowsBreakingANarrowingHaltTheUpdateOnPostgresqlNamingThemAndNothingChanges(String name,
            List<Class<?>> entities, String breaking, String message, String probe, String kept) throws Exception {
        workspace.generate(name, entities);
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.open()) {
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            connection.setAutoCommit(true);
            GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
            GeneratedRuns.execute(connection, List.of(breaking));
            String columns = "SELECT table_name || '.' || column_name || ' ' || data_type || ' '"
                    + " || COALESCE(character_maximum_length, 0) || ' ' || is_nullable FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() ORDER BY 1";
            List<String> schema = strings(connection, columns);

            assertThatThrownBy(() -> workspace.update(connection)).hasStackTraceContaining(message);

            assertThat(strings(connection, columns)).isEqualTo(schema);
            assertThat(strings(connection, probe)).containsOnly(kept);
        } finally {
            PostgresServer.drop(database);
        }
    }

    @Test
    void aHaltingNarrowingsCauseNamesTheFileThatHoldsTheChangesetNotTheMasterChangelog() throws Exception {
        String id = idOf(workspace.generate("narrower-unit-price", SaleItemNarrowerPrice.ALL).file());
        Path db = GeneratedRuns.release20(dir.resolve("pos.db"), "WAL");
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, List.of("UPDATE saleitem SET unit_price = '1234567890123.50'"));
        }

        PosdbProcess.Result update = update(db);

        assertThat(update.exitCode()).isEqualTo(1);
        assertThat(causeLine(update)).as(update.stderr())
                .contains("changelog/changes/" + id + ".yaml::" + id + "::test : ",
                        "rows of table saleitem break the narrower definition of unit_price",
                        // The scaffold numbers a data change after the newest changeset, after this guard.
                        "Correct them with a data change numbered before " + id
                                + " (renumber what bin/new-changeset --data wrote), then update again.")
                .doesNotContain("db.changelog-master.yaml");
    }

    /** A guard naming a table the database lacks (a misspelt tableName) halts naming it, and does not let it pass. */
    @Test
    void aGuardNamingATableTheDatabaseLacksHaltsNamingItInsteadOfPassing() throws Exception {
        Path file = workspace.generate("narrower-unit-price", SaleItemNarrowerPrice.ALL).file();
        String id = idOf(file);
        String text = Files.readString(file); // the guard's parameters come first (see above)
        Files.writeString(file, text.replaceFirst("\\{ name: tableName, value: saleitem }",
                "{ name: tableName, value: saleitme }"));
        assertThat(Files.readString(file)).contains("{ name: tableName, value: saleitme }");
        Path db = GeneratedRuns.release20(dir.resolve("pos.db"), "WAL");

        PosdbProcess.Result update = update(db);

        assertThat(update.exitCode()).as(update.stderr()).isEqualTo(1);
        assertThat(causeLine(update)).contains("Cannot check the rows of table saleitme against the narrower "
                + "definition of unit_price in " + id + ": the database has no table saleitme");
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            assertThat(strings(connection, "SELECT id FROM DATABASECHANGELOG WHERE id = '" + id + "'")).isEmpty();
        }
    }

    /**
     * HALT stops at the first guard whose rows break it; the later guards are not run out of order (a
     * changeset between them may correct or make the rows they name), so the cause says which were not checked.
     */
    @Test
    void twoBrokenNarrowingsHaltAtTheFirstNamingItsRowsAndSayTheLaterGuardWasNotChecked() throws Exception {
        List<String> narrowings = twoNarrowings();
        Path db = GeneratedRuns.release20(dir.resolve("pos.db"), "WAL");
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, BREAKING_BOTH_NARROWINGS);
        }

        PosdbProcess.Result update = update(db);

        assertThat(update.exitCode()).isEqualTo(1);
        assertThat(update.stderr()).contains("changeset " + narrowings.get(0) + " failed");
        assertThat(causeLine(update)).as(update.stderr())
                .contains("rows of table saleitem break the narrower definition of unit_price",
                        "Not checked yet: the guards of the later changesets " + narrowings.get(1) + " ")
                .endsWith("after correcting these rows, posdb rehearse checks them on a copy.")
                .doesNotContain("category_id");
        assertThat(toDoLine(update)).as(update.stderr()).endsWith("then run update again (posdb rehearse tries it on "
                + "a copy)");
    }

    /**
     * On a server the same halt advises what works there: posdb rehearse works on SQLite files only (on a server it
     * refuses), so neither the cause nor the "to do" line sends the operator to it; they say to update again, which
     * checks the later guards in turn, and that status lists what it will run.
     */
    @Tag("postgres")
    @Test
    void twoBrokenNarrowingsOnPostgresqlAdviseUpdatingAgainNotARehearsal() throws Exception {
        List<String> narrowings = twoNarrowings();
        PostgresDatabase database = PostgresServer.createDatabase();
        try {
            try (Connection connection = database.open()) {
                ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
                connection.setAutoCommit(true);
                GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
                GeneratedRuns.execute(connection, BREAKING_BOTH_NARROWINGS);
            }

            PosdbProcess.Result update = PosdbInProcess.run("update", "--url", database.description(), "--user",
                    PostgresServer.user(), "--password", PostgresServer.password(), "--changelog",
                    workspace.root.resolve("changelog/db.changelog-master.yaml").toString());

            assertThat(update.exitCode()).as(update.stderr()).isEqualTo(1);
            assertThat(update.stderr()).contains("changeset " + narrowings.get(0) + " failed")
                    .doesNotContainIgnoringCase("rehears");
            assertThat(causeLine(update)).as(update.stderr())
                    .contains("rows of table saleitem break the narrower definition of unit_price",
                            "Not checked yet: the guards of the later changesets " + narrowings.get(1) + " ")
                    .endsWith("after correcting these rows, update again: it checks them in turn.");
            assertThat(toDoLine(update)).endsWith("then run update again (posdb status lists the changesets it will "
                    + "run)");
        } finally {
            PostgresServer.drop(database);
        }
    }

    /**
     * "Before anything changes" holds for a whole release on a server as on a file: the upgrade is one transaction, so
     * when the second narrowing halts on rows that break it, the first one, which its rows met, is undone with it.
     */
    @Tag("postgres")
    @Test
    void aSecondNarrowingHaltingOnPostgresqlLeavesTheFirstUnappliedToo() throws Exception {
        List<String> narrowings = twoNarrowings();
        PostgresDatabase database = PostgresServer.createDatabase();
        String unitPrice = "SELECT data_type || ' ' || COALESCE(character_maximum_length, 0) || ' ' || is_nullable"
                + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'saleitem'"
                + " AND column_name = 'unit_price'";
        try {
            List<String> before;
            try (Connection connection = database.open()) {
                ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
                connection.setAutoCommit(true);
                GeneratedRuns.execute(connection, GeneratedRuns.ONE_SALE);
                GeneratedRuns.execute(connection, List.of("UPDATE product SET category_id = NULL"));
                before = strings(connection, unitPrice);
            }

            PosdbProcess.Result update = PosdbInProcess.run("update", "--url", database.description(), "--user",
                    PostgresServer.user(), "--password", PostgresServer.password(), "--changelog",
                    workspace.root.resolve("changelog/db.changelog-master.yaml").toString());

            assertThat(update.exitCode()).as(update.stderr()).isEqualTo(1);
            assertThat(update.stderr()).contains("changeset " + narrowings.get(1) + " failed",
                    "undone:   the server is as it was before the upgrade (one transaction, rolled back)");
            try (Connection connection = database.open()) {
                assertThat(strings(connection, unitPrice)).as("the first narrowing is undone").isEqualTo(before);
                assertThat(strings(connection, "SELECT id FROM databasechangelog"))
                        .doesNotContain(narrowings.get(0), narrowings.get(1));
            }
        } finally {
            PostgresServer.drop(database);
        }
    }

    /** Rows that break both of {@link #twoNarrowings}: a price longer than the first allows, a product with no category. */
    private static final List<String> BREAKING_BOTH_NARROWINGS = List.of(
            "UPDATE saleitem SET unit_price = '1234567890123.50'", "UPDATE product SET category_id = NULL");

    /**
     * Two generated narrowings in the workspace, one after the other: a shorter unit_price, then a required
     * category; their ids, in order.
     */
    private List<String> twoNarrowings() throws Exception {
        String first = idOf(workspace.generate("narrower-unit-price", SaleItemNarrowerPrice.ALL).file());
        // The generator writes one narrowing per entity change: the second is generated in another copy of the
        // changelog, and added after the first under the id that comes next.
        GeneratorWorkspace other = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("other"));
        Path required = other.generate("product-category-required", ProductCategoryRequired.ALL).file();
        String second = workspace.nextId("product-category-required");
        Files.writeString(workspace.root.resolve("changelog/changes/" + second + ".yaml"),
                Files.readString(required).replace(idOf(required), second));
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        Files.writeString(master, Files.readString(master) + "  - include: { file: changes/" + second
                + ".yaml, relativeToChangelogFile: true }\n");
        return List.of(first, second);
    }

    private PosdbProcess.Result update(Path db) {
        return PosdbInProcess.run("update", "--db", db.toString(), "--changelog",
                workspace.root.resolve("changelog/db.changelog-master.yaml").toString());
    }

    private static String idOf(Path changeset) {
        return changeset.getFileName().toString().replaceFirst("\\.yaml$", "");
    }

    private static String causeLine(PosdbProcess.Result result) {
        return result.stderr().lines().filter(line -> line.strip().startsWith("cause:")).findFirst().orElse("");
    }

    private static String toDoLine(PosdbProcess.Result result) {
        return result.stderr().lines().filter(line -> line.strip().startsWith("to do:")).findFirst().orElse("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aForeignKeyMadeNotNullKeepsItsReferenceAndTypeAndItsRollbackGivesBackTheTableAsItWas(String journalMode)
            throws Exception {
        Path file = workspace.generate("product-category-required", ProductCategoryRequired.ALL).file();
        Path db = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            GeneratedRuns.execute(connection, List.of("INSERT INTO category (name) VALUES ('Drinks')",
                    "UPDATE product SET category_id = (SELECT id FROM category WHERE name = 'Drinks')"));
        }
        String before = productTable(db);
        assertThat(before).contains("\"category_id\" INT REFERENCES \"category\" (\"id\") ON DELETE SET NULL");

        GeneratedRuns.appliesValidatesRollsBackAndUpdatesAgain(workspace, db, ProductCategoryRequired.ALL);

        // The line is the old one with NOT NULL: the REFERENCES clause and SQLite's INT are kept; its ON DELETE SET
        // NULL, which a NOT NULL column cannot keep, goes (ForeignKeyMadeNotNullChangesetTest).
        assertThat(productTable(db)).isEqualTo(before.replace("\"category_id\" INT REFERENCES \"category\" (\"id\") "
                + "ON DELETE SET NULL", "\"category_id\" INT NOT NULL REFERENCES \"category\" (\"id\")"));
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            assertThat(strings(connection, "SELECT \"table\" || ' ' || \"from\" || ' ' || \"to\" || ' ' || on_delete"
                    + " FROM pragma_foreign_key_list('product')")).containsExactly("category category_id id NO ACTION");
            workspace.rollback(connection, 1);
        }
        assertThat(productTable(db)).as("the rollback gives back the table exactly").isEqualTo(before);
        assertThat(workspace.generate("again", ProductCategoryRequired.ALL).noChanges()).isTrue();

        // PostgreSQL's baseline has BIGINT: only the nullability (and the foreign key's action) is altered, and
        // back, never the type.
        String postgresql = Files.readString(file).substring(Files.readString(file).indexOf("-postgresql"));
        assertThat(postgresql).contains("ALTER TABLE \"product\" ALTER COLUMN \"category_id\" SET NOT NULL'",
                "ALTER TABLE \"product\" ALTER COLUMN \"category_id\" DROP NOT NULL'").doesNotContain(" TYPE ");
    }

    private static String productTable(Path db) throws Exception {
        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            return strings(connection, "SELECT sql FROM sqlite_master WHERE name = 'product'").get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aNarrowingThatEveryRowMeetsApplies(String journalMode) throws Exception {
        workspace.generate("narrower-unit-price", SaleItemNarrowerPrice.ALL);
        Path db = GeneratedRuns.release20(dir.resolve("release-2.0.db"), journalMode);

        GeneratedRuns.appliesValidatesRollsBackAndUpdatesAgain(workspace, db, SaleItemNarrowerPrice.ALL);

        try (Connection connection = GeneratorWorkspace.sqlite(db)) {
            assertThat(strings(connection, "SELECT sql FROM sqlite_master WHERE name = 'saleitem'").get(0))
                    .contains("\"unit_price\" VARCHAR(12) NOT NULL");
        }
    }
}
