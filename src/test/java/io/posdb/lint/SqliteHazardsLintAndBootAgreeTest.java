package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.SqliteHazards;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.change.ChangeFactory;
import liquibase.exception.LiquibaseException;
import liquibase.exception.ValidationFailedException;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 20 §3: what lint passes, boot accepts, and the other way round, for every change type
 * Liquibase defines. Each type that can be written in YAML against the legacy shop's tables is
 * one changeset: lint reads it inside the real changelog ({@link BadChangelog}), and Liquibase
 * validates it (as boot does before any update) on a real SQLite shop file in both journal modes.
 * Lint's SQLITE_REBUILDS_TABLE error and the guard's refusal must coincide, and both must be what
 * {@link SqliteHazard} says. The types not written here must still be classified by that list, so
 * a Liquibase upgrade that adds a change type fails this test until someone decides about it.
 */
@ExtendWith(QuietLogs.class)
class SqliteHazardsLintAndBootAgreeTest {

    /** Liquibase warns that some listed types are "not supported on sqlite": expected here, kept off the console. */
    private static CapturedLogs liquibaseWarnings;

    @AfterAll
    static void releaseLiquibasesWarnings() {
        liquibaseWarnings.close();
    }

    /** One change of each type, on the legacy shop's tables (flow style, one line). */
    private static final Map<String, String> CHANGES = Map.ofEntries(
            Map.entry("addAutoIncrement", "{ tableName: category, columnName: id, columnDataType: INTEGER }"),
            Map.entry("addColumn", "{ tableName: category, columns: [ { column: { name: description, type: VARCHAR(200) } } ] }"),
            Map.entry("addDefaultValue", "{ tableName: product, columnName: name, defaultValue: unnamed }"),
            Map.entry("addForeignKeyConstraint", "{ baseTableName: product, baseColumnNames: category_id, "
                    + "constraintName: fk_product_category, referencedTableName: category, referencedColumnNames: id }"),
            Map.entry("addLookupTable", "{ existingTableName: product, existingColumnName: name, newTableName: product_name, "
                    + "newColumnName: name, newColumnDataType: VARCHAR(255), constraintName: fk_product_name }"),
            Map.entry("addNotNullConstraint", "{ tableName: product, columnName: category_id, columnDataType: INT, defaultNullValue: 0 }"),
            Map.entry("addPrimaryKey", "{ tableName: category, columnNames: id }"),
            Map.entry("addUniqueConstraint", "{ tableName: category, columnNames: name, constraintName: uq_category_name }"),
            Map.entry("alterSequence", "{ sequenceName: receipt_seq, incrementBy: 2 }"),
            Map.entry("createIndex", "{ tableName: product, indexName: ix_product_name, columns: [ { column: { name: name } } ] }"),
            Map.entry("createProcedure", "{ procedureName: touch, procedureBody: 'CREATE PROCEDURE touch() BEGIN SELECT 1; END' }"),
            Map.entry("createSequence", "{ sequenceName: receipt_seq }"),
            Map.entry("createTable", "{ tableName: voucher, columns: [ { column: { name: id, type: INTEGER } } ] }"),
            Map.entry("createView", "{ viewName: v_product, selectQuery: SELECT id FROM product }"),
            Map.entry("delete", "{ tableName: sale, where: id = -1 }"),
            Map.entry("dropAllForeignKeyConstraints", "{ baseTableName: product }"),
            Map.entry("dropColumn", "{ tableName: product, columnName: stock }"),
            Map.entry("dropDefaultValue", "{ tableName: product, columnName: stock }"),
            Map.entry("dropForeignKeyConstraint", "{ baseTableName: product, constraintName: fk_product_category }"),
            Map.entry("dropIndex", "{ tableName: product, indexName: ix_product_name }"),
            Map.entry("dropNotNullConstraint", "{ tableName: product, columnName: name, columnDataType: VARCHAR(255) }"),
            Map.entry("dropPrimaryKey", "{ tableName: category }"),
            Map.entry("dropProcedure", "{ procedureName: touch }"),
            Map.entry("dropSequence", "{ sequenceName: receipt_seq }"),
            Map.entry("dropTable", "{ tableName: voucher }"),
            Map.entry("dropUniqueConstraint", "{ tableName: category, constraintName: uq_category_name }"),
            Map.entry("dropView", "{ viewName: v_product }"),
            Map.entry("empty", "{}"),
            Map.entry("insert", "{ tableName: category, columns: [ { column: { name: name, value: Drinks } } ] }"),
            Map.entry("loadData", "{ tableName: category, file: categories.csv, relativeToChangelogFile: true }"),
            Map.entry("loadUpdateData", "{ tableName: category, primaryKey: id, file: categories.csv, relativeToChangelogFile: true }"),
            Map.entry("mergeColumns", "{ tableName: product, column1Name: sku, joinString: '-', column2Name: name, "
                    + "finalColumnName: label, finalColumnType: VARCHAR(300) }"),
            Map.entry("modifyDataType", "{ tableName: product, columnName: name, newDataType: TEXT }"),
            Map.entry("output", "{ message: checked }"),
            Map.entry("renameColumn", "{ tableName: product, oldColumnName: sku, newColumnName: code, columnDataType: VARCHAR(64) }"),
            Map.entry("renameSequence", "{ oldSequenceName: receipt_seq, newSequenceName: receipt_no_seq }"),
            Map.entry("renameTable", "{ oldTableName: category, newTableName: product_group }"),
            Map.entry("renameView", "{ oldViewName: v_product, newViewName: v_products }"),
            Map.entry("setColumnRemarks", "{ tableName: product, columnName: name, remarks: shown on the receipt }"),
            Map.entry("setTableRemarks", "{ tableName: product, remarks: what the shop sells }"),
            Map.entry("sql", "{ sql: SELECT 1 }"),
            Map.entry("sqlFile", "{ path: select-one.sql, relativeToChangelogFile: true }"),
            Map.entry("tagDatabase", "{ tag: hazards-checked }"),
            Map.entry("update", "{ tableName: product, columns: [ { column: { name: stock, valueNumeric: 0 } } ], where: stock < 0 }"));

    @TempDir
    static Path dir;

    /** Change types lint gives SQLITE_REBUILDS_TABLE, from one lint run over every changeset above. */
    private static Set<String> lintFlags;
    private static final Map<JournalMode, Map<String, String>> refusals = new HashMap<>();

    @BeforeAll
    static void lintAndValidateEveryType() throws Exception {
        liquibaseWarnings = new CapturedLogs("liquibase");
        List<String> types = new ArrayList<>(new TreeSet<>(CHANGES.keySet()));
        StringBuilder file = new StringBuilder("databaseChangeLog:\n  - logicalFilePath: " + BadChangelog.FILE + "\n");
        Map<Integer, String> typeAtLine = new HashMap<>();
        for (String type : types) {
            file.append(changeSet(type, Release.label()));
            typeAtLine.put((int) file.chars().filter(c -> c == '\n').count() - 2, type);
        }
        Path lintDir = Files.createDirectories(dir.resolve("lint"));
        Path master = Changelogs.withExtraChangeSet(lintDir, "0012-x.yaml", file.toString());
        sideFiles(master.getParent().resolve("changes"));
        lintFlags = BadChangelog.lint(master).findings().stream().filter(f -> f.rule() == Rule.SQLITE_REBUILDS_TABLE)
                .map(f -> typeAtLine.get(f.line())).collect(Collectors.toSet());
        assertThat(lintFlags).as("each finding is on the line of one change").doesNotContainNull();

        for (JournalMode mode : JournalMode.values()) {
            Path folder = Files.createDirectories(dir.resolve(mode.name()));
            sideFiles(folder);
            Path shop = WalFiles.shop(folder.resolve("shop.db"), mode);
            Map<String, String> refused = new HashMap<>();
            for (String type : types) {
                Files.writeString(folder.resolve(type + ".yaml"), "databaseChangeLog:\n" + changeSet(type, Release.label()));
                String refusal = validate(shop, folder, type + ".yaml");
                if (refusal != null) {
                    refused.put(type, refusal);
                }
            }
            assertThat(WalFiles.journalMode(shop)).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));
            refusals.put(mode, refused);
        }
    }

    private static String changeSet(String type, String label) {
        return "  - changeSet:\n"
                + "      id: hazard-" + type + "\n"
                + "      author: posdb\n"
                + "      labels: " + label + "\n"
                + "      changes:\n"
                + "        - " + type + ": " + CHANGES.get(type) + "\n"
                + "      rollback:\n"
                + "        - empty: {}\n";
    }

    private static void sideFiles(Path folder) throws Exception {
        Files.writeString(folder.resolve("categories.csv"), "id,name\n900,Drinks\n");
        Files.writeString(folder.resolve("select-one.sql"), "SELECT 1;\n");
    }

    /** Liquibase's validation of the changelog on the shop file, as boot runs it: the refusal, or null. */
    private static String validate(Path shop, Path folder, String changelog) throws Exception {
        String[] refusal = new String[1];
        ChangelogSteps.quietly(() -> {
            try (Connection connection = LegacyDatabases.open(shop)) {
                Liquibase liquibase = new Liquibase(changelog, new DirectoryResourceAccessor(folder),
                        ChangelogSteps.wrap(connection));
                try {
                    liquibase.validate();
                } catch (LiquibaseException e) {
                    // Only a validation failure is a refusal; anything else is a broken row of the table.
                    Throwable cause = e;
                    while (cause != null && !(cause instanceof ValidationFailedException)) {
                        cause = cause.getCause();
                    }
                    if (cause == null) {
                        throw e;
                    }
                    refusal[0] = cause.getMessage();
                }
            }
        });
        return refusal[0];
    }

    static Stream<Arguments> everyLiquibaseChangeType() {
        return new TreeSet<>(Scope.getCurrentScope().getSingleton(ChangeFactory.class).getDefinedChanges()).stream()
                .flatMap(type -> Stream.of(JournalMode.values()).map(mode -> Arguments.of(type, mode)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("everyLiquibaseChangeType")
    void lintErrorsExactlyWhenBootRefusesAtValidation(String type, JournalMode mode) {
        assertThat(SqliteHazards.classifies(type)).as("the one list decides about " + type).isTrue();
        if (!CHANGES.containsKey(type)) {
            return;
        }
        boolean listed = SqliteHazard.of(type).isPresent();
        String refusal = refusals.get(mode).get(type);
        assertThat(lintFlags.contains(type)).as("lint flags " + type).isEqualTo(listed);
        assertThat(refusal != null).as("boot refuses " + type + ": " + refusal).isEqualTo(listed);
        if (listed) {
            assertThat(refusal).contains("changeset hazard-" + type).contains(type + " is refused on SQLite")
                    .contains(SqliteHazard.of(type).orElseThrow().instead());
        }
    }

    /** A changeset that changes nothing, with one change of {@code type} as its rollback block. */
    private static String rollbackChangeSet(String type) {
        return "  - changeSet:\n"
                + "      id: hazard-rollback-" + type + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + "      changes:\n"
                + "        - empty: {}\n"
                + "      rollback:\n"
                + "        - " + type + ": " + CHANGES.get(type) + "\n";
    }

    @Test
    void inARollbackBlockLintErrorsExactlyWhenBootRefusesAtValidation() throws Exception {
        List<String> types = new ArrayList<>(new TreeSet<>(CHANGES.keySet()));
        StringBuilder file = new StringBuilder("databaseChangeLog:\n  - logicalFilePath: " + BadChangelog.FILE + "\n");
        Map<Integer, String> typeAtLine = new HashMap<>();
        for (String type : types) {
            file.append(rollbackChangeSet(type));
            typeAtLine.put((int) file.chars().filter(c -> c == '\n').count(), type);
        }
        Path lintDir = Files.createDirectories(dir.resolve("lint-rollback"));
        Path master = Changelogs.withExtraChangeSet(lintDir, "0012-x.yaml", file.toString());
        sideFiles(master.getParent().resolve("changes"));
        Set<String> flagged = BadChangelog.lint(master).findings().stream()
                .filter(f -> f.rule() == Rule.SQLITE_REBUILDS_TABLE).map(f -> typeAtLine.get(f.line()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(flagged).as("lint flags the listed types in rollback blocks").isEqualTo(SqliteHazards.changeTypes());

        for (JournalMode mode : JournalMode.values()) {
            Path folder = dir.resolve(mode.name());
            Set<String> refused = new TreeSet<>();
            for (String type : types) {
                Files.writeString(folder.resolve("rollback-" + type + ".yaml"), "databaseChangeLog:\n" + rollbackChangeSet(type));
                String refusal = validate(folder.resolve("shop.db"), folder, "rollback-" + type + ".yaml");
                if (refusal != null) {
                    assertThat(refusal).contains("changeset hazard-rollback-" + type).contains(type + " is refused on SQLite")
                            .contains(SqliteHazard.of(type).orElseThrow().instead());
                    refused.add(type);
                }
            }
            assertThat(refused).as("boot refuses the listed types in rollback blocks (" + mode + ")")
                    .isEqualTo(SqliteHazards.changeTypes());
        }
    }

    @Test
    void listedTypesInChangesetsLimitedToPostgresqlPassLintAndBootOnSqlite() throws Exception {
        StringBuilder changelog = new StringBuilder("databaseChangeLog:\n");
        for (String type : SqliteHazards.changeTypes()) {
            changelog.append(changeSet(type, Release.label()).replace("      changes:\n", "      dbms: postgresql\n      changes:\n"));
        }
        for (JournalMode mode : JournalMode.values()) {
            Path folder = dir.resolve(mode.name());
            Files.writeString(folder.resolve("postgresql-only.yaml"), changelog.toString());
            assertThat(validate(folder.resolve("shop.db"), folder, "postgresql-only.yaml")).isNull();
        }
        Path lintDir = Files.createDirectories(dir.resolve("lint-postgresql-only"));
        Path master = Changelogs.withExtraChangeSet(lintDir, "0012-x.yaml", "databaseChangeLog:\n  - logicalFilePath: "
                + BadChangelog.FILE + "\n" + changelog.substring("databaseChangeLog:\n".length()));
        sideFiles(master.getParent().resolve("changes"));
        assertThat(BadChangelog.findings(master, Rule.SQLITE_REBUILDS_TABLE)).isEmpty();
    }

    /**
     * Liquibase reads {@code dbms: '!postgresql'} as "every database but PostgreSQL": the changeset runs on SQLite,
     * so lint flags each listed type in it, as boot refuses it; {@code '!sqlite'} keeps it off SQLite for both.
     */
    @Test
    void listedTypesInChangesetsNegatingAnEngineAreJudgedAsLiquibaseRunsThem() throws Exception {
        for (String dbms : List.of("'!postgresql'", "'!sqlite'")) {
            boolean onSqlite = dbms.equals("'!postgresql'");
            StringBuilder changelog = new StringBuilder("databaseChangeLog:\n");
            for (String type : SqliteHazards.changeTypes()) {
                changelog.append(changeSet(type, Release.label())
                        .replace("      changes:\n", "      dbms: " + dbms + "\n      changes:\n"));
            }
            String name = dbms.replaceAll("\\W", "") + ".yaml";
            for (JournalMode mode : JournalMode.values()) {
                Path folder = dir.resolve(mode.name());
                Files.writeString(folder.resolve(name), changelog.toString());
                String refusal = validate(folder.resolve("shop.db"), folder, name);
                assertThat(refusal != null).as("boot refuses %s changesets on SQLite (%s)", dbms, mode).isEqualTo(onSqlite);
            }
            Path lintDir = Files.createDirectories(dir.resolve("lint-" + name));
            Path master = Changelogs.withExtraChangeSet(lintDir, "0012-x.yaml", "databaseChangeLog:\n  - logicalFilePath: "
                    + BadChangelog.FILE + "\n" + changelog.substring("databaseChangeLog:\n".length()));
            sideFiles(master.getParent().resolve("changes"));
            assertThat(BadChangelog.findings(master, Rule.SQLITE_REBUILDS_TABLE)).as("lint on %s changesets", dbms)
                    .hasSize(onSqlite ? SqliteHazards.changeTypes().size() : 0);
        }
    }

    /**
     * An {@code sql} change's text, unsplit or not, and whether the list refuses it on SQLite: several statements
     * with {@code splitStatements: false}, of which SQLite runs only the first. A trigger's BEGIN ... END body (CASE
     * ... END in it too), a trailing {@code ;} and comments are one statement; split, several are fine.
     */
    private static final List<Object[]> SQL_CASES = List.of(
            new Object[] {"two-indexes", false, "CREATE INDEX IF NOT EXISTS ix_sale_created ON sale (created_at);\n"
                    + "CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total);\n", true},
            new Object[] {"index-and-update", false, "CREATE INDEX IF NOT EXISTS ix_product_name ON product (name);\n"
                    + "UPDATE product SET stock = 0 WHERE stock < 0\n", true},
            new Object[] {"trigger-then-statement", false, "CREATE TRIGGER IF NOT EXISTS no_sale_delete BEFORE DELETE ON "
                    + "sale\nBEGIN SELECT RAISE(ABORT, 'kept; always'); END;\nUPDATE product SET stock = 0 WHERE stock < 0;\n",
                    true},
            new Object[] {"trigger", false, "CREATE TRIGGER IF NOT EXISTS no_sale_delete BEFORE DELETE ON sale\n"
                    + "BEGIN\n  UPDATE product SET stock = stock WHERE id = -1;\n  SELECT RAISE(ABORT, 'kept');\nEND;\n", false},
            new Object[] {"trigger-with-case", false, "CREATE TRIGGER IF NOT EXISTS no_sale_delete BEFORE DELETE ON sale\n"
                    + "BEGIN\n  SELECT CASE WHEN old.id > 0 THEN RAISE(ABORT, 'kept') END;\nEND\n", false},
            new Object[] {"one-statement-trailing-semicolon-and-comment", false,
                    "UPDATE product SET stock = 0 WHERE stock < 0; -- none below zero; ever\n/* done; */\n", false},
            new Object[] {"two-indexes-split", true, "CREATE INDEX IF NOT EXISTS ix_sale_created ON sale (created_at);\n"
                    + "CREATE INDEX IF NOT EXISTS ix_sale_total ON sale (total);\n", false});

    /**
     * How the SQL is given: an {@code sql} change's text, or an {@code sqlFile} change's file, which Liquibase reads
     * beside the changeset's file ({@code relativeToChangelogFile: true}) or from its search path's root, named as
     * the jar holds it ({@code changelog/sql/...}: lint reads the master's folder as the class path's
     * {@code changelog/}, boot's validation here reads the search path's).
     */
    enum SqlChange {
        SQL("sql"), SQL_FILE_BESIDE_ITS_CHANGELOG("sqlFile"), SQL_FILE_ON_THE_SEARCH_PATH("sqlFile");

        final String type;

        SqlChange(String type) {
            this.type = type;
        }

        /** The change's lines (indented as a changeset's list item), its SQL or the file holding it. */
        String change(String id, boolean split, String sql) {
            String body = switch (this) {
                case SQL -> "            sql: |\n" + sql.lines().map(line -> "              " + line + "\n")
                        .collect(Collectors.joining());
                case SQL_FILE_BESIDE_ITS_CHANGELOG -> "            path: " + id + ".sql\n"
                        + "            relativeToChangelogFile: true\n";
                case SQL_FILE_ON_THE_SEARCH_PATH -> "            path: " + searchPathFile(id) + "\n";
            };
            return "        - " + type + ":\n            splitStatements: " + split + "\n" + body;
        }

        /**
         * Writes an sqlFile's file for the changeset file {@code changeSetFile}; one on the search path in
         * {@code changelogFolder}, the folder Liquibase's search path holds as {@code changelog/}.
         */
        void writeFile(Path changelogFolder, Path changeSetFile, String id, String sql) throws Exception {
            Path file = switch (this) {
                case SQL -> null;
                case SQL_FILE_BESIDE_ITS_CHANGELOG -> changeSetFile.resolveSibling(id + ".sql");
                case SQL_FILE_ON_THE_SEARCH_PATH -> changelogFolder.resolve(Path.of("changelog")
                        .relativize(Path.of(searchPathFile(id))));
            };
            if (file != null) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, sql);
            }
        }

        private static String searchPathFile(String id) {
            return "changelog/sql/" + id + ".sql";
        }

        String idPrefix() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-";
        }
    }

    static Stream<Arguments> sqlCases() {
        return Stream.of(SqlChange.values()).flatMap(kind -> SQL_CASES.stream().map(c -> Arguments.of(kind, c[0], c[1],
                c[2], c[3])));
    }

    /** A changeset with one {@code sql} (or sqlFile) change, in its changes or (changing nothing) in its rollback. */
    private static String sqlChangeSet(SqlChange kind, String id, boolean split, String sql, boolean inRollback,
            String dbms) {
        String change = kind.change(id, split, sql);
        return "  - changeSet:\n"
                + "      id: " + id + "\n"
                + "      author: posdb\n"
                + "      labels: " + Release.label() + "\n"
                + (dbms == null ? "" : "      dbms: " + dbms + "\n")
                + "      changes:\n"
                + (inRollback ? "        - empty: {}\n" : change)
                + "      rollback:\n"
                + (inRollback ? change : "        - empty: {}\n");
    }

    /**
     * The same for an {@code sqlFile} change as for an {@code sql} one: its file is what Liquibase runs, found as
     * Liquibase finds it (beside the changeset's file, or on the search path), and SQLite runs only its first statement
     * alike. Before, lint and boot both let an unsplit sqlFile of several statements through.
     */
    @ParameterizedTest(name = "{0}: {1}, splitStatements: {2}")
    @MethodSource("sqlCases")
    void anUnsplitSqlBlockOfSeveralStatementsIsRefusedByLintAndBootAlikeInChangesAndRollback(SqlChange kind,
            String name, boolean split, String sql, boolean refused) throws Exception {
        for (boolean inRollback : new boolean[] {false, true}) {
            String id = kind.idPrefix() + name + (inRollback ? "-rollback" : "");
            String changeSet = sqlChangeSet(kind, id, split, sql, inRollback, null);
            String file = "databaseChangeLog:\n  - logicalFilePath: " + BadChangelog.FILE + "\n" + changeSet;
            int sqlLine = (int) file.substring(0, file.indexOf("        - " + kind.type + ":")).chars()
                    .filter(c -> c == '\n').count() + 1;
            Path master = Changelogs.withExtraChangeSet(Files.createDirectories(dir.resolve("lint-" + id)),
                    BadChangelog.FILE_NAME, file);
            kind.writeFile(master.getParent(), master.resolveSibling("changes").resolve(BadChangelog.FILE_NAME), id,
                    sql);
            List<String> flagged = BadChangelog.findings(master, Rule.SQLITE_REBUILDS_TABLE);
            assertThat(flagged).as("lint on %s", id).hasSize(refused ? 1 : 0);
            if (refused) {
                assertThat(flagged.get(0)).as("at the line of the %s change", kind.type).startsWith(BadChangelog.FILE
                        + ":" + sqlLine + ": ").contains(SqliteHazard.SEVERAL_STATEMENTS_UNSPLIT.refusal());
            }
            for (JournalMode mode : JournalMode.values()) {
                Path folder = dir.resolve(mode.name());
                Files.writeString(folder.resolve(id + ".yaml"), "databaseChangeLog:\n" + changeSet);
                kind.writeFile(folder.resolve("changelog"), folder.resolve(id + ".yaml"), id, sql);
                String refusal = validate(folder.resolve("shop.db"), folder, id + ".yaml");
                assertThat(refusal != null).as("boot refuses %s (%s): %s", id, mode, refusal).isEqualTo(refused);
                if (refused) {
                    assertThat(refusal).contains("changeset " + id + " (" + id + ".yaml)"
                            + (inRollback ? ", in its rollback" : "") + ": "
                            + SqliteHazard.SEVERAL_STATEMENTS_UNSPLIT.refusal());
                }
            }
            // On PostgreSQL the driver runs every statement: a changeset limited to it is not refused on SQLite.
            String postgresqlOnly = sqlChangeSet(kind, id, split, sql, inRollback, "postgresql");
            Path folder = dir.resolve(JournalMode.values()[0].name());
            Files.writeString(folder.resolve(id + "-postgresql.yaml"), "databaseChangeLog:\n" + postgresqlOnly);
            assertThat(validate(folder.resolve("shop.db"), folder, id + "-postgresql.yaml")).isNull();
        }
    }

    /**
     * An unsplit sqlFile whose file is not there is no hazard to the guard, which reads the file only to count its
     * statements: Liquibase's own validation refuses it at boot, naming the path, as before.
     */
    @Test
    void anUnsplitSqlFileThatIsNotThereIsRefusedByLiquibaseNamingItsPath() throws Exception {
        String id = "sql-file-not-there";
        String changeSet = sqlChangeSet(SqlChange.SQL_FILE_BESIDE_ITS_CHANGELOG, id, false, "", false, null);
        for (JournalMode mode : JournalMode.values()) {
            Path folder = dir.resolve(mode.name());
            Files.writeString(folder.resolve(id + ".yaml"), "databaseChangeLog:\n" + changeSet);
            assertThat(validate(folder.resolve("shop.db"), folder, id + ".yaml")).as("boot (%s)", mode)
                    .contains(id + ".sql").doesNotContain(SqliteHazard.SEVERAL_STATEMENTS_UNSPLIT.refusal());
        }
    }

    @Test
    void typesTheTableCannotWriteAreOnlyThoseNeedingCodeOrStoppingTheRun() {
        Set<String> unwritten = new TreeSet<>(Scope.getCurrentScope().getSingleton(ChangeFactory.class).getDefinedChanges());
        unwritten.removeAll(CHANGES.keySet());
        assertThat(unwritten).containsExactlyInAnyOrder("customChange", "executeCommand", "stop");
    }
}
