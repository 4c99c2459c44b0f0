package io.posdb.changegen;

import io.posdb.changelog.Release;
import io.posdb.migration.sqlite.SqliteTableRebuild;
import io.posdb.orm.Entities;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.WalFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the generator follow-up tests share: the three kinds of SQLite database a
 * generated changeset must apply on, a few business rows valid on both engines, the
 * update / rollback --count 1 / update cycle with Hibernate validation after each, and
 * the person's step of deleting the review marker.
 */
final class GeneratedRuns {

    /** A sale with one item, written with each table's defaults (SQLite and PostgreSQL alike). */
    static final List<String> ONE_SALE = List.of(
            "INSERT INTO \"user\" (username, name, pin_hash, role) VALUES ('gen-owner', 'Owner', 'h', 'admin')",
            "INSERT INTO product (sku, name, price) VALUES ('GEN-1', 'Tea', '2.50')",
            "INSERT INTO sale (receipt_no, total, payment_method, cashier_id) VALUES ('GEN-R1', '5.00', 'CASH', "
                    + "(SELECT id FROM \"user\" WHERE username = 'gen-owner'))",
            "INSERT INTO saleitem (quantity, unit_price, product_id, sale_id) VALUES (2, '2.50', "
                    + "(SELECT id FROM product WHERE sku = 'GEN-1'), (SELECT id FROM sale WHERE receipt_no = 'GEN-R1'))");

    /** Table constraints that name product.stock together with other columns ({@link #withTableConstraintsOnStock}). */
    static final String TABLE_CONSTRAINTS_ON_STOCK = "CONSTRAINT uq_product_sku_stock UNIQUE (sku, stock),\n"
            + "    CHECK (stock >= 0 OR is_active = 0)";
    /** A table CHECK that holds product.stock's name only as text. */
    static final String CHECK_WITH_A_LITERAL = "CHECK (name <> 'stock')";
    /** CHECKs written on other columns' lines (is_active's, name's) that name product.stock. */
    static final List<String> COLUMN_CHECKS_ON_STOCK = List.of("CHECK (is_active = 1 OR stock >= 0)",
            "CONSTRAINT ck_product_name_stock CHECK(length(name) > 0 OR \"stock\" = 0)");
    /** A CHECK on sku's line that holds product.stock's name only as text. */
    static final String COLUMN_CHECK_WITH_A_LITERAL = "CHECK (sku <> 'stock')";
    static final String PRODUCT_SQL = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'product'";

    private GeneratedRuns() {
    }

    /**
     * A changeset of the release being built, last in {@code workspace}'s changelog, that rebuilds product (as release
     * 2.0 made it) with {@link #TABLE_CONSTRAINTS_ON_STOCK} and {@link #CHECK_WITH_A_LITERAL}; SQLite only.
     */
    static void withTableConstraintsOnStock(GeneratorWorkspace workspace) throws Exception {
        withProductRebuilt(workspace, "constrain-product-stock", definition -> {
            int close = definition.lastIndexOf(')');
            return definition.substring(0, close).stripTrailing() + ",\n    " + TABLE_CONSTRAINTS_ON_STOCK
                    + ",\n    " + CHECK_WITH_A_LITERAL + "\n)";
        });
    }

    /**
     * A changeset like {@link #withTableConstraintsOnStock}'s whose product has CHECKs written on other columns' lines
     * instead: {@link #COLUMN_CHECKS_ON_STOCK} on is_active's and name's, {@link #COLUMN_CHECK_WITH_A_LITERAL} on
     * sku's.
     */
    static void withColumnChecksOnStock(GeneratorWorkspace workspace) throws Exception {
        withProductRebuilt(workspace, "check-product-stock", definition -> {
            String checked = definition;
            for (String[] line : new String[][] {
                    {"\"is_active\" INT NOT NULL  DEFAULT 1", COLUMN_CHECKS_ON_STOCK.get(0)},
                    {"\"name\" VARCHAR(255) NOT NULL", COLUMN_CHECKS_ON_STOCK.get(1)},
                    {"\"sku\" VARCHAR(64) NOT NULL UNIQUE", COLUMN_CHECK_WITH_A_LITERAL}}) {
                if (!checked.contains(line[0] + ",")) {
                    throw new IllegalStateException("release 2.0's product has no line " + line[0] + ": " + definition);
                }
                checked = checked.replace(line[0] + ",", line[0] + " " + line[1] + ",");
            }
            return checked;
        });
    }

    /** A changeset that rebuilds product, as release 2.0 made it, to the definition {@code edit} makes of it. */
    private static void withProductRebuilt(GeneratorWorkspace workspace, String what, UnaryOperator<String> edit)
            throws Exception {
        String createTable;
        try (Connection connection = GeneratorWorkspace.sqlite(RELEASE_20.made("DELETE"))) {
            createTable = strings(connection, PRODUCT_SQL).get(0);
        }
        String definition = SqliteTableRebuild.definitionOf(createTable);
        String rebuilt = edit.apply(definition);
        String name = workspace.nextId(what);
        Files.writeString(workspace.root.resolve("changelog/changes/" + name + ".yaml"), """
                databaseChangeLog:
                  - logicalFilePath: changelog/changes/%s.yaml
                  - changeSet:
                      id: %s
                      author: test
                      labels: %s
                      dbms: sqlite
                      runInTransaction: false
                      changes:
                        - customChange:
                            class: io.posdb.migration.sqlite.SqliteTableRebuild
                            tableName: product
                            createTableSql: |
                %s
                            rollbackCreateTableSql: |
                %s
                """.formatted(name, name, Release.label(), rebuilt.indent(16).stripTrailing(),
                definition.indent(16).stripTrailing()));
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        Files.writeString(master, Files.readString(master)
                + "  - include: { file: changes/" + name + ".yaml, relativeToChangelogFile: true }\n");
    }

    /** What a test adds to a release's changelog before the generator writes its changeset. */
    @FunctionalInterface
    interface ChangelogEdit {
        void apply(GeneratorWorkspace workspace) throws Exception;
    }

    /** The legacy fixture with its sample data, in this journal mode. */
    static Path legacy(Path file, String journalMode) throws Exception {
        LegacyDatabases.create(file, LegacyDatabases.SCHEMA, LegacyDatabases.SAMPLE_DATA);
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            execute(connection, List.of("PRAGMA journal_mode = " + journalMode));
        }
        return file;
    }

    /**
     * A database created by release 2.0 (the repository's changelog), holding one sale, in this journal mode: a copy
     * of the one {@link #createRelease20} made for this JVM. The tests apply generated changesets on it; the
     * database itself is the same in every test (the changelog run and Liquibase's lock and history tables name no
     * file or folder), and making it took 0.3 to 1 s of each test.
     */
    static Path release20(Path file, String journalMode) throws Exception {
        return Files.copy(RELEASE_20.made(journalMode), file);
    }

    private static final Release20 RELEASE_20 = new Release20();

    /** Release 2.0's database once per journal mode and JVM, in a folder of its own removed when the JVM exits. */
    private static final class Release20 {

        private final Map<String, Path> made = new HashMap<>();
        private Path folder;

        synchronized Path made(String journalMode) throws Exception {
            Path file = made.get(journalMode);
            if (file == null) {
                if (folder == null) {
                    folder = Files.createTempDirectory("release-2.0-");
                    Runtime.getRuntime().addShutdownHook(new Thread(this::delete));
                }
                file = createRelease20(folder.resolve(journalMode + ".db"), journalMode);
                if (!WalFiles.sideFiles(file).isEmpty()) { // closed, SQLite checkpointed the WAL into the file
                    throw new IllegalStateException("release 2.0's database has side files: " + WalFiles.sideFiles(file));
                }
                made.put(journalMode, file);
            }
            return file;
        }

        private synchronized void delete() {
            try {
                for (Path file : made.values()) {
                    WalFiles.deleteWithSideFiles(file);
                }
                Files.deleteIfExists(folder);
            } catch (Exception e) {
                System.err.println("Could not remove " + folder + ": " + e);
            }
        }
    }

    private static Path createRelease20(Path file, String journalMode) throws Exception {
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            execute(connection, List.of("PRAGMA journal_mode = " + journalMode));
            ChangelogSteps.quietly(() -> ChangelogSteps.liquibase(connection).update(""));
            if (!connection.getAutoCommit()) {
                connection.commit();
                connection.setAutoCommit(true);
            }
            execute(connection, ONE_SALE);
        }
        return file;
    }

    /** Update, validate, rollback --count 1 (the real entities validate), update again, validate. */
    static void appliesValidatesRollsBackAndUpdatesAgain(GeneratorWorkspace workspace, Path file,
                                                         List<Class<?>> entities) throws Exception {
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(file, entities);
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            workspace.rollback(connection, 1);
        }
        GeneratorWorkspace.validateSqlite(file, Entities.ALL);
        try (Connection connection = GeneratorWorkspace.sqlite(file)) {
            workspace.update(connection);
        }
        GeneratorWorkspace.validateSqlite(file, entities);
    }

    /** What a person does after reviewing a generated changeset: deletes the {@code # review-required:} line. */
    static void confirmReview(Path changeset) throws Exception {
        String yaml = Files.readString(changeset);
        String reviewed = yaml.replaceAll("(?m)^# review-required:.*\\R", "");
        if (reviewed.equals(yaml)) {
            throw new AssertionError(changeset + " has no review marker to remove");
        }
        Files.writeString(changeset, reviewed);
    }

    static void execute(Connection connection, List<String> statements) throws Exception {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static List<String> strings(Connection connection, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
