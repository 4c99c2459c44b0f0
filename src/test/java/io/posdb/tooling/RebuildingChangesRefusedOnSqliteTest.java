package io.posdb.tooling;

import static io.posdb.tooling.ChangelogRecords.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.cli.PosdbCommand;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.ToolProcess.Run;
import io.posdb.testsupport.ToolProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.core.AddColumnChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.changelog.visitor.ValidatingVisitorGeneratorFactory;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 10 §2: an {@code addColumn} on {@code category} (which Liquibase does on SQLite by
 * rebuilding the table, and whose DROP TABLE would null every product.category_id through ON
 * DELETE SET NULL) is refused before anything is written, with the same message, by the app,
 * {@code mvn liquibase:update} and {@code bin/liquibase}. The tools resolve changelogs under
 * the repository root, so the test changelog is written under target/.
 */
@ExtendWith(QuietLogs.class)
class RebuildingChangesRefusedOnSqliteTest {

    private static final String ADD_COLUMN = """
            databaseChangeLog:
              - changeSet:
                  id: 2100-category-description
                  author: test
                  changes:
                    - addColumn:
                        tableName: category
                        columns:
                          - column: { name: description, type: VARCHAR(200) }
            """;
    private static final String REFUSAL = "changeset 2100-category-description";

    @TempDir
    Path dir;

    private Path shop;
    private Path changelogFolder;
    private String changelog;
    private List<String> products;
    private Map<String, String> schema;

    @BeforeEach
    void legacyShopAndChangelog() throws Exception {
        shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        changelogFolder = Files.createDirectories(ToolProcess.ROOT.resolve("target/test-changelogs")
                .resolve(UUID.randomUUID().toString()));
        Files.writeString(changelogFolder.resolve("add-column.yaml"), ADD_COLUMN);
        changelog = ToolProcess.ROOT.relativize(changelogFolder.resolve("add-column.yaml")).toString();
        products = categoryIds();
        schema = DatabaseContents.schema(shop);
        assertThat(products).as("the fixture has products in categories").anyMatch(id -> !id.equals("NULL"));
    }

    @AfterEach
    void removeChangelog() throws Exception {
        Files.deleteIfExists(changelogFolder.resolve("add-column.yaml"));
        Files.deleteIfExists(changelogFolder);
    }

    private List<String> categoryIds() throws Exception {
        try (Connection connection = LegacyDatabases.open(shop)) {
            return DatabaseContents.rows(connection, "product").stream()
                    .map(row -> row.substring(row.lastIndexOf('|') + 1)).toList();
        }
    }

    private void assertRefusedAndNothingChanged(String output) throws Exception {
        assertThat(output).contains(REFUSAL).contains("addColumn is refused on SQLite")
                .contains("cascades (ON DELETE CASCADE / SET NULL)")
                .contains("ALTER TABLE").contains("io.posdb.migration.sqlite.SqliteTableRebuild");
        assertThat(categoryIds()).isEqualTo(products);
        assertThat(DatabaseContents.schema(shop)).isEqualTo(schema);
    }

    @Test
    void theAppRefusesItWithExit1AndKeepsEveryCategoryId() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine posdb = PosdbCommand.newCommandLine();
        posdb.setOut(new PrintWriter(new StringWriter()));
        posdb.setErr(new PrintWriter(err));

        int exit = posdb.execute("update", "--db", shop.toString(), "--changelog",
                ToolProcess.ROOT.resolve(changelog).toString());

        assertThat(exit).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertRefusedAndNothingChanged(err.toString());
    }

    /**
     * The refusal is one line ("any other refusal is one line"): the changeset, its file and the guard's reason,
     * without Liquibase's validation frame ("Validation Failed: 1 changes have validation failures") or the
     * {@code file::id::author} it puts after each error; still exit 1, the file not changed (refused before the
     * upgrade's snapshot, nothing to restore).
     */
    @Test
    void updatesRefusalIsOneLineNamingTheChangesetItsFileAndTheGuardsReason() throws Exception {
        PosdbProcess.Result update = PosdbInProcess.run("update", "--db", shop.toString(), "--changelog",
                ToolProcess.ROOT.resolve(changelog).toString());

        assertThat(update.exitCode()).as(update.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(update.stderr().strip().lines()).as("one line").singleElement().asString()
                .startsWith("posdb update: Migration failed on " + shop + ": " + REFUSAL
                        + " (add-column.yaml): addColumn is refused on SQLite")
                .contains("— the database was not changed: the changelog was refused before the upgrade wrote anything")
                .doesNotContain("restored")
                .doesNotContain("Validation Failed", "validation failures", "::2100-category-description::test");
        assertRefusedAndNothingChanged(update.stderr());
    }

    /** A rehearsal's refusal names the shop's file that was rehearsed, not its deleted temporary copy. */
    @Test
    void rehearsesRefusalNamesTheShopsFileNotItsTemporaryCopy() throws Exception {
        PosdbProcess.Result rehearse = PosdbInProcess.run("rehearse", "--db", shop.toString(), "--changelog",
                ToolProcess.ROOT.resolve(changelog).toString());

        assertThat(rehearse.exitCode()).as(rehearse.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(rehearse.stderr().strip().lines()).as("one line").singleElement().asString()
                .contains("Migration failed on " + shop + ": " + REFUSAL)
                .doesNotContain("posdb-rehearsal-", "Validation Failed");
        assertRefusedAndNothingChanged(rehearse.stderr());
    }

    @Tag("process")
    @Test
    void mavenRefusesItAndKeepsEveryCategoryId() throws Exception {
        Run update = ToolProcess.maven(dir, "liquibase:update", "-Dliquibase.url=" + url(shop),
                "-Dliquibase.changeLogFile=" + changelog);

        assertThat(update.exitCode()).as(update.output()).isNotZero();
        assertRefusedAndNothingChanged(update.output());
    }

    @Tag("process")
    @Test
    void binLiquibaseRefusesItAndKeepsEveryCategoryId() throws Exception {
        Run update = ToolProcess.liquibase(dir, "update", "--url", url(shop), "--changelog-file", changelog);

        assertThat(update.exitCode()).as(update.output()).isNotZero();
        assertRefusedAndNothingChanged(update.output());
    }

    @Test
    void onOtherDatabasesTheChangeIsLiquibasesOwn() throws Exception {
        AddColumnChange change = new AddColumnChange();
        change.setTableName("category");

        assertThat(validate(change, new SQLiteDatabase())).singleElement().asString()
                .contains("addColumn is refused on SQLite");
        assertThat(validate(change, new PostgresDatabase())).noneMatch(message -> message.contains("refused on SQLite"));
    }

    /** The validation errors of a changeset holding {@code change}, from the validator Liquibase uses. */
    private static List<String> validate(Change change, Database database) throws Exception {
        DatabaseChangeLog changeLog = new DatabaseChangeLog("add-column.yaml");
        ChangeSet changeSet = new ChangeSet("2100-category-description", "test", false, false, "add-column.yaml",
                null, null, changeLog);
        changeSet.addChange(change);
        ValidatingVisitor visitor = Scope.getCurrentScope().getSingleton(ValidatingVisitorGeneratorFactory.class)
                .getValidatingVisitorGenerator().generateValidatingVisitor(List.of());
        visitor.visit(changeSet, changeLog, database, Set.of());
        return visitor.getValidationErrors().getErrorMessages();
    }
}
