package io.posdb.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A test-only "next release" (issue 21): the changesets that the tests of an older release meeting
 * a newer database apply on top of the project's changelog, on SQLite and on PostgreSQL.
 * "2.0" is whatever release is being built and "2.1" the one after it: the label is computed
 * ({@link Changelogs#nextReleaseLabel()}), and 2.1's column is one no real release adds
 * ({@value #COLUMN}), so the next real release, which may add {@code user.email} itself, collides
 * with none of these tests.
 */
public final class NewerRelease {

    /** The nullable column 2.1's compatible changeset adds to {@code user}. */
    public static final String COLUMN = "test_email";

    /** The placeholder for 2.1's label in the changesets below. */
    private static final String LABEL = "{newer}";

    /** 2.1's compatible changeset: a nullable column. */
    public static final String COMPATIBLE = """
            databaseChangeLog:
              - changeSet:
                  id: 0100-user-email
                  author: test
                  labels: {newer}
                  changes:
                    - sql:
                        sql: ALTER TABLE "user" ADD COLUMN "test_email" VARCHAR(100)
            """;

    /**
     * 2.1's data change before the breaking one: every product gets a category. It audits nothing, so a downgrade
     * can undo it only when it changed no row: the tests' shops have every product categorised first
     * ({@link #categoriseEveryProduct}); one that changed rows is refused (DowngradeOfDataChangesTest).
     */
    private static final String FILL_CATEGORY = """
              - changeSet:
                  id: 0101-fill-product-category
                  author: test
                  labels: {newer}
                  changes:
                    - sql:
                        sql: UPDATE product SET category_id = (SELECT min(id) FROM category) WHERE category_id IS NULL
            """;

    /** 2.1 with a breaking changeset after it: product.category_id becomes NOT NULL (filled first). */
    public static final String BREAKING_ON_SQLITE = COMPATIBLE + FILL_CATEGORY + """
              - changeSet:
                  id: 0102-product-category-required
                  author: test
                  labels: {newer}
                  runInTransaction: false
                  changes:
                    - customChange:
                        class: io.posdb.migration.sqlite.SqliteTableRebuild
                        tableName: product
                        createTableSql: |
            """ + product("NOT NULL ") + """
                        rollbackCreateTableSql: |
            """ + product("");

    /**
     * 2.1's breaking changesets on PostgreSQL: product.category_id filled, then NOT NULL in place
     * (PostgreSQL's DDL is transactional: no rebuild is needed).
     */
    public static final String BREAKING_ON_POSTGRES = COMPATIBLE + FILL_CATEGORY + """
              - changeSet:
                  id: 0102-product-category-required
                  author: test
                  labels: {newer}
                  changes:
                    - sql:
                        sql: ALTER TABLE product ALTER COLUMN category_id SET NOT NULL
            """;

    private NewerRelease() {
    }

    /** Release 2.0's product table for SqliteTableRebuild, its category_id with {@code categoryRule} (YAML-indented). */
    private static String product(String categoryRule) {
        return """
                      CREATE TABLE {table} (
                          "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                          "sku" VARCHAR(64) NOT NULL UNIQUE,
                          "name" VARCHAR(255) NOT NULL,
                          "price" VARCHAR(40) NOT NULL,
                          "stock" INT NOT NULL  DEFAULT 0,
                          "is_active" INT NOT NULL  DEFAULT 1,
                          "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
                          "category_id" INT %sREFERENCES "category" ("id") ON DELETE SET NULL
                      )
                """.formatted(categoryRule).indent(8);
    }

    /**
     * Gives each product of the SQLite shop {@code file} without a category the first one, as release 2.0 may: 2.1's
     * unaudited fill then changes no row, and its breaking changeset can be downgraded.
     */
    public static void categoriseEveryProduct(Path file) throws SQLException {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE product SET category_id = (SELECT min(id) FROM category) WHERE category_id IS NULL");
        }
    }

    /** The newer release as run records and messages name it: {@code 2.1} while {@code 2.0.x} is built. */
    public static String release() {
        return Changelogs.nextReleaseLabel().substring("release-".length());
    }

    /**
     * "Release 2.1": the project's changelog copied into {@code dir} and followed by
     * {@code changes} (one of the constants here, or a test's own with the {@code {newer}} label),
     * labelled with the release after the one being built; returns the master file.
     */
    public static Path changelog(Path dir, String changes) throws IOException {
        return Changelogs.withExtraChangeSet(Files.createDirectories(dir), "0100-release-2.1.yaml",
                changes.replace(LABEL, Changelogs.nextReleaseLabel()));
    }
}
