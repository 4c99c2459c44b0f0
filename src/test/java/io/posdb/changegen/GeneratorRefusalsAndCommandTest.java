package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.posdb.changegen.variants.SaleItemRenamedPrice;
import io.posdb.changegen.variants.SaleItemRequiredReturner;
import io.posdb.changegen.variants.SaleItemWithoutPrice;
import io.posdb.changegen.variants.UserEmail;
import io.posdb.changegen.variants.UserNickname;
import io.posdb.changelog.Release;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.failure.BootFailure;
import io.posdb.lint.ChangelogLinter;
import io.posdb.testsupport.CapturedConsole;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ToolProcess;
import io.posdb.testsupport.UnlistedEntity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the generator refuses (writing nothing), what it marks for review, and the command's exit codes and output. */
class GeneratorRefusalsAndCommandTest {

    @TempDir
    Path dir;
    private GeneratorWorkspace workspace;

    @BeforeEach
    void copyTheChangelog() throws Exception {
        workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
    }

    @Test
    void refusesANotNullColumnWithoutADefaultOnAnExistingTableAndWritesNothing() throws Exception {
        List<Path> before = changelogFiles();
        String master = master();

        ChangesetGenerator.Outcome outcome = workspace.generate("add-nickname", UserNickname.ALL);

        assertThat(outcome.file()).isNull();
        assertThat(outcome.refusals()).singleElement().asString().contains("table user: new column nickname is NOT NULL "
                + "without a default, and the existing rows have no value for it", "bin/new-changeset --data");
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
    }

    @Test
    void refusesANotNullManyToOneWithoutADefaultOnAnExistingTableForThatReasonAloneAndWritesNothing() throws Exception {
        List<Path> before = changelogFiles();
        String master = master();

        ChangesetGenerator.Outcome outcome = workspace.generate("add-returner", SaleItemRequiredReturner.ALL);

        assertThat(outcome.file()).isNull();
        assertThat(outcome.refusals()).singleElement().asString().contains("table saleitem: new column "
                + "test_returned_by_id is NOT NULL without a default, and the existing rows have no value for it (no user "
                + "row to refer to). Make it nullable", "bin/new-changeset --data").doesNotContain("rebuild");
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
    }

    @Test
    void refusesWhatMayBeARenameWithTheRecipe() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("rename-price", SaleItemRenamedPrice.ALL);

        assertThat(outcome.file()).isNull();
        assertThat(outcome.refusals()).singleElement().asString().contains(
                "table saleitem: column(s) [unit_price] disappeared and [price_each] appeared: this may be a rename",
                "How to write a rename");
    }

    @Test
    void aRemovedFieldIsAnArchivingDropMarkedForReview() throws Exception {
        ChangesetGenerator.Outcome outcome = workspace.generate("drop-unit-price", SaleItemWithoutPrice.ALL);

        assertThat(Files.readString(outcome.file())).contains("# review-required: drops column saleitem.unit_price",
                "class: io.posdb.migration.sqlite.SqliteTableRebuild", "dropColumns: unit_price",
                "'archived: dropped by " + outcome.file().getFileName().toString().replace(".yaml", ""),
                "ALTER TABLE \"saleitem\" DROP COLUMN \"unit_price\"", "ALTER TABLE \"saleitem\" ADD COLUMN \"unit_price\"")
                .doesNotContain("\"unit_price\" VARCHAR(40) NOT NULL,\n        rollbackCreateTableSql");
    }

    @Test
    void theCommandPrintsWhatItWroteAndWhyThenNoChanges() {
        String entities = UserEmail.class.getName();

        Run first = run("add-user-test-email", "--entities", entities);
        Run second = run("add-user-test-email-again", "--entities", entities);

        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("wrote changelog/changes/", "-add-user-test-email.yaml because:",
                "new column user.test_email VARCHAR(255) (nullable)", "scripts/release-check.sh");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("no changes");
    }

    @Test
    void theCommandPrintsNothingElseAndGivesHibernateNothingToWarnAbout() {
        // The metamodel is built without a database on purpose; Hibernate used to warn twice about it.
        try (CapturedLogs hibernate = new CapturedLogs("org.hibernate"); CapturedConsole stdout = CapturedConsole.stdout()) {
            Run run = run("add-user-test-email", "--entities", UserEmail.class.getName());

            assertThat(run.exit()).isZero();
            assertThat(stdout.text()).as("Liquibase's update summary of the scratch database").isEmpty();
            assertThat(hibernate.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        }
    }

    @Test
    void theCommandExitsOneOnARefusalAndTwoOnABadName() {
        assertThat(run("add-nickname", "--entities", UserNickname.class.getName()).exit()).isEqualTo(1);
        Run bad = run("Add User Email");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("NAME 'Add User Email' must be lower-case words joined by '-'");
    }

    @Test
    void aChangeSetOfTheChangelogThatFailsOnTheScratchIsNamedInOneLineWithExitElevenAndNothingIsWritten()
            throws Exception {
        String id = addAChangeSetWithATypo();
        List<Path> before = changelogFiles();
        String master = master();

        try (CapturedConsole stdout = CapturedConsole.stdout(); CapturedConsole stderr = CapturedConsole.stderr()) {
            Run run = run("add-user-test-email", "--entities", UserEmail.class.getName());

            assertThat(run.exit()).as(run.err()).isEqualTo(11);
            assertThat(run.err()).startsWith("new-changeset: cannot build the schema changelog/db.changelog-master.yaml "
                            + "produces, nothing written: changeset " + id + " (changelog/changes/" + id + ".yaml) fails "
                            + "when applied after the changesets before it, on the generator's scratch database: ")
                    .contains("no such column: nmae").doesNotContain("Exception", "\tat ", "Migration failed for changeset")
                    .hasLineCount(1);
            assertThat(run.out()).isEmpty();
            assertThat(stdout.text() + stderr.text()).doesNotContain("SEVERE", "encountered an exception", "\tat ");
        }
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
    }

    @Test
    void aChangeSetLiquibasesValidationRefusesOnSqliteIsNamedInOneLineWithExitElevenAndNothingIsWritten()
            throws Exception {
        String id = addAChangeSet("add-product-test-x", "        - addColumn:\n            tableName: product\n"
                + "            columns:\n              - column: { name: test_x, type: TEXT }\n");
        List<Path> before = changelogFiles();
        String master = master();

        Run run = run("add-user-test-email", "--entities", UserEmail.class.getName());

        assertThat(run.exit()).as(run.err()).isEqualTo(11);
        assertThat(run.err()).startsWith("new-changeset: cannot build the schema changelog/db.changelog-master.yaml "
                        + "produces, nothing written: Liquibase's validation refuses the changelog on the generator's "
                        + "scratch database: changeset " + id + " (changelog/changes/" + id + ".yaml): addColumn is "
                        + "refused on SQLite")
                .doesNotContain("Exception", "\tat ", "Validation Failed").hasLineCount(1);
        assertThat(run.out()).isEmpty();
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
    }

    @Test
    void aChangelogThatCannotBeParsedIsNamedInOneLineWithTheBadChangelogExitAndNothingIsWritten() throws Exception {
        String id = addAChangeSet("add-product-typo", "        - sqll: { sql: \"SELECT 1\" }\n"
                + "      rollback:\n        - sql: { sql: \"SELECT 1\" }\n");
        List<Path> before = changelogFiles();
        String master = master();

        Run run = run("add-user-test-email", "--entities", UserEmail.class.getName());

        assertThat(run.exit()).as(run.err()).isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
        assertThat(run.err()).startsWith("new-changeset: cannot read changelog/db.changelog-master.yaml, nothing "
                        + "written: ").contains("changelog/changes/" + id + ".yaml", "Unknown change type 'sqll'")
                .doesNotContain("Exception", "\tat ").hasLineCount(1);
        assertThat(run.out()).isEmpty();
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
    }

    /**
     * The developer skipped step 1 of How to add a new migration: the pom's release is one released.sum records (its
     * release step ran, the version was not raised), so anything labelled with it would be lint's
     * LABEL_OF_A_RELEASED_RELEASE. Both the generator and the data scaffold refuse before they write, with lint's
     * code, naming the release, released.sum and the version to raise the pom to.
     */
    @Test
    void aPomReleaseThatReleasedSumRecordsIsRefusedWithLintsExitSayingToRaiseThePomsVersionAndNothingIsWritten()
            throws Exception {
        // The release step of the pom's release, as a maintainer runs it (posdb lint --update-released-sum).
        ChangelogLinter.updateReleasedSum(new MasterChangelog(workspace.root).master(), Release.current());
        String next = ReleaseLabels.next(Release.label());
        List<Path> before = changelogFiles();
        String master = master();

        for (Run run : List.of(run("add-user-test-email", "--entities", UserEmail.class.getName()),
                run("--data", "normalise-sku"))) {
            assertThat(run.exit()).as(run.err()).isEqualTo(BootFailure.LINT_ERRORS.exitCode());
            assertThat(run.err()).isEqualTo("new-changeset: release " + ReleaseLabels.releaseOf(Release.current())
                    + " (the pom's version, " + Release.current() + ") is one changelog/released.sum records as "
                    + "released, nothing written: a changeset labelled " + Release.label() + " would be one that "
                    + "release shipped without, which posdb lint refuses (LABEL_OF_A_RELEASED_RELEASE); raise the "
                    + "pom's <version> to " + ReleaseLabels.releaseOfLabel(next) + ".0, the next release (step 1 of "
                    + "How to add a new migration, docs/writing-migrations.md), then run bin/new-changeset again\n");
            assertThat(run.out()).isEmpty();
        }
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
        assertThat(workspace.root.resolve("src")).as("the data scaffold's class and test").doesNotExist();
    }

    /** A changeset after the newest, named {@code name}, whose changes are {@code changes} (YAML lines); its id. */
    private String addAChangeSet(String name, String changes) throws Exception {
        String id = workspace.nextId(name);
        new MasterChangelog(workspace.root).add(Map.of(id, "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/" + id + ".yaml\n"
                + "  - changeSet:\n      id: " + id + "\n      author: posdb\n      changes:\n" + changes));
        return id;
    }

    /**
     * bin/new-changeset's own JVM, where nothing routes Liquibase's java.util.logging into posdb's logging: Liquibase's
     * SEVERE line and its stack trace of the failed changeset do not reach the console either.
     */
    @Test
    @Tag("process")
    void aChangeSetOfTheChangelogThatFailsOnTheScratchPrintsNoStackTraceInTheGeneratorsProcess() throws Exception {
        String id = addAChangeSetWithATypo();

        ToolProcess.Run run = ToolProcess.java(dir, NewChangeset.class.getName(), "--root", workspace.root.toString(),
                "add-something");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(11);
        assertThat(run.output()).contains("new-changeset: cannot build the schema", "changeset " + id + " (",
                "no such column: nmae").doesNotContain("SEVERE", "encountered an exception", "Exception", "\tat ");
    }

    /** A changeset after the newest, whose index names a column product does not have; returns its id. */
    private String addAChangeSetWithATypo() throws Exception {
        String id = workspace.nextId("add-product-typo-index");
        new MasterChangelog(workspace.root).add(Map.of(id, "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/" + id + ".yaml\n"
                + "  - changeSet:\n      id: " + id + "\n      author: posdb\n      changes:\n"
                + "        - sql: { sql: \"CREATE INDEX ix_product_typo ON product (nmae)\" }\n"
                + "      rollback:\n        - sql: { sql: DROP INDEX ix_product_typo }\n"));
        return id;
    }

    @Test
    void theDataScaffoldWritesTheChangesetTheClassAndATestSkeleton() throws Exception {
        Run run = run("--data", "normalise-sku");

        assertThat(run.exit()).isZero();
        String yaml = Files.readString(workspace.root.resolve(run.out().lines().findFirst().orElseThrow()
                .replace("wrote ", "")));
        String verify = Files.readString(workspace.root.resolve(run.out().lines().skip(1).findFirst().orElseThrow()
                .replace("wrote ", "")));
        assertThat(yaml).contains("io.posdb.migration.data.ValuesPending", "class: io.posdb.migration.changes.NormaliseSku",
                "-normalise-sku-verify");
        assertThat(verify).contains("-normalise-sku-verify.yaml", "io.posdb.migration.data.AllowedValues", "onFail: HALT");
        assertThat(workspace.root.resolve("src/main/java/io/posdb/migration/changes/NormaliseSku.java"))
                .content().contains("extends AuditedValueChange", "ValueMapping.pairs");
        assertThat(workspace.root.resolve("src/test/java/io/posdb/migration/changes/NormaliseSkuTest.java"))
                .content().contains("class FailurePaths", "fail(\"TODO");
    }

    @Test
    void aNameThatStartsWithANumberIsAUsageErrorSayingTheNumberIsAddedForYouAndNothingIsWritten() throws Exception {
        List<Path> before = changelogFiles();
        String master = master();

        for (Run run : List.of(run("0019-add-category-colour", "--entities", UserEmail.class.getName()),
                run("--data", "0019-add-category-colour"))) {
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("NAME '0019-add-category-colour' starts with a number: the changeset's number "
                    + "is added for you", "e.g. add-category-colour");
        }
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
        assertThat(workspace.root.resolve("src")).doesNotExist();
    }

    /** A developer added orm/TestPayment.java but not to Entities.ALL: the generator said "no changes", exit 0. */
    @Test
    void anEntityThatEntitiesAllDoesNotListIsRefusedNamingItAndNothingIsWritten() throws Exception {
        List<Path> before = changelogFiles();
        String master = master();
        ClassLoader tests = Thread.currentThread().getContextClassLoader();
        Run run;
        try (URLClassLoader withThePayment = UnlistedEntity.inAFolder(dir.resolve("payment"))) {
            Thread.currentThread().setContextClassLoader(withThePayment);
            run = run("add-payment");
        } finally {
            Thread.currentThread().setContextClassLoader(tests);
        }

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("refused, nothing written:\n  - " + UnlistedEntity.CLASS + " is an @Entity, but "
                + "io.posdb.orm.Entities.ALL does not list it: add it there (Hibernate maps, and boot validates, only the "
                + "classes listed), then run bin/new-changeset again\n");
        assertThat(changelogFiles()).isEqualTo(before);
        assertThat(master()).isEqualTo(master);
    }

    @Nested
    class TheDataScaffoldWritesAllOrNothing {

        private static final String CLASS = "src/main/java/io/posdb/migration/changes/NormaliseSku.java";
        private static final String TEST = "src/test/java/io/posdb/migration/changes/NormaliseSkuTest.java";

        @Test
        void runASecondTimeItIsRefusedNamingTheFilesThereAndWritesNothing() throws Exception {
            assertThat(run("--data", "normalise-sku").exit()).isZero();
            List<Path> before = changelogFiles();
            String master = master();
            String firstClass = Files.readString(workspace.root.resolve(CLASS));

            Run again = run("--data", "normalise-sku");

            assertThat(again.exit()).as(again.err()).isEqualTo(1);
            assertThat(again.out()).isEqualTo("refused, nothing written:\n  - " + CLASS + ", " + TEST + " already exist: "
                    + "a data change named normalise-sku was scaffolded before; fill in those files, or choose another "
                    + "NAME\n");
            assertThat(again.err()).isEmpty();
            assertThat(changelogFiles()).isEqualTo(before);
            assertThat(master()).isEqualTo(master);
            assertThat(workspace.root.resolve(CLASS)).as("its changeset id still the first run's").hasContent(firstClass);
        }

        @Test
        void aWriteThatFailsHalfWayRemovesWhatTheRunHadWritten() throws Exception {
            List<Path> before = changelogFiles();
            String master = master();
            // The test class's folder cannot be made: a file is where its parent folder would be.
            Path blocker = workspace.root.resolve("src/test/java/io/posdb/migration");
            Files.createDirectories(blocker.getParent());
            Files.writeString(blocker, "not a folder");

            Run run = run("--data", "normalise-sku");

            assertThat(run.exit()).as(run.err()).isEqualTo(7);
            assertThat(run.err()).startsWith("new-changeset: cannot write " + TEST + ": ")
                    .contains("removed what this run had written, nothing is changed").hasLineCount(1)
                    .doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
            assertThat(changelogFiles()).isEqualTo(before);
            assertThat(master()).isEqualTo(master);
            assertThat(workspace.root.resolve("src/main")).as("the class, package-info and their folders").doesNotExist();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new NewChangeset());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] all = Stream.concat(Stream.of("--root", workspace.root.toString()), Stream.of(args)).toArray(String[]::new);
        return new Run(command.execute(all), out.toString(), err.toString());
    }

    private List<Path> changelogFiles() throws Exception {
        try (Stream<Path> files = Files.list(workspace.root.resolve("changelog/changes"))) {
            return files.sorted().toList();
        }
    }

    private String master() throws Exception {
        return Files.readString(workspace.root.resolve("changelog/db.changelog-master.yaml"));
    }
}
