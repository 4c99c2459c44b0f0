package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changegen.variants.ProductCategoryRequired;
import io.posdb.changegen.variants.ProductCategoryRequiredCascading;
import io.posdb.changegen.variants.PaymentCascadingWithItsSale;
import io.posdb.changegen.variants.ProductNameUnique;
import io.posdb.changegen.variants.ProductNarrowed;
import io.posdb.changegen.variants.ProductTypedColumn;
import io.posdb.changegen.variants.SaleItemLongerNote;
import io.posdb.changegen.variants.SaleItemNarrowerPrice;
import io.posdb.changegen.variants.SaleItemNoted;
import io.posdb.changegen.variants.SaleItemNotedAndWider;
import io.posdb.changegen.variants.SaleItemOptionalPrice;
import io.posdb.changegen.variants.SaleItemQuantityCheck;
import io.posdb.changegen.variants.SaleItemReturnedBy;
import io.posdb.changegen.variants.SaleItemRetyped;
import io.posdb.changegen.variants.SaleItemWiderPrice;
import io.posdb.changegen.variants.SaleItemWithoutPrice;
import io.posdb.changegen.variants.SalePaymentMethodCheck;
import io.posdb.changegen.variants.UserEmail;
import io.posdb.changegen.variants.Variants;
import io.posdb.changegen.variants.Voucher;
import io.posdb.changelog.Release;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.Finding;
import io.posdb.lint.LintReport;
import io.posdb.lint.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14, "Changesets written by bin/new-changeset pass lint": for each row of the
 * generator's table, posdb lint finds no error in the changelog with the generated file,
 * except REVIEW_REQUIRED on the marker line where a drop needs a person's confirmation;
 * once that line is deleted the changelog is clean.
 */
class GeneratedChangesetsPassLintTest {

    @TempDir
    Path dir;

    static Stream<Arguments> everyRowOfTheTable() {
        return Stream.of(
                Arguments.of("new-entity", Voucher.ALL, false),
                Arguments.of("new-entity-cascading-with-its-sale", PaymentCascadingWithItsSale.ALL, false),
                Arguments.of("new-nullable-unique-field", UserEmail.ALL, false),
                Arguments.of("new-nullable-many-to-one", SaleItemReturnedBy.ALL, false),
                Arguments.of("unique-on-existing-column", ProductNameUnique.ALL, false),
                Arguments.of("changed-length", SaleItemWiderPrice.ALL, false),
                Arguments.of("shorter-length", SaleItemNarrowerPrice.ALL, false),
                // Each narrowing's guard names its own column: none is taken for another's.
                Arguments.of("three-narrowings-of-one-table", ProductNarrowed.ALL, false),
                Arguments.of("changed-nullability", SaleItemOptionalPrice.ALL, false),
                Arguments.of("new-not-null-on-a-foreign-key", ProductCategoryRequired.ALL, false),
                // Its ON DELETE SET NULL replaced by the entity's @OnDelete (SET_NULL_ON_NOT_NULL_COLUMN).
                Arguments.of("new-not-null-on-a-cascading-foreign-key", ProductCategoryRequiredCascading.ALL, false),
                Arguments.of("changed-check", SaleItemQuantityCheck.ALL, false),
                // The scratch's seeded rows break the list: lint makes them meet the guard, as a till's data change does.
                Arguments.of("new-check-listing-a-columns-values", SalePaymentMethodCheck.ALL, false),
                Arguments.of("new-field-in-postgresqls-own-type",
                        ProductTypedColumn.with(ProductTypedColumn.Instanted.class), false),
                Arguments.of("new-enum-field-with-its-check",
                        ProductTypedColumn.with(ProductTypedColumn.Sized.class), false),
                Arguments.of("changed-type-across-affinities",
                        SaleItemRetyped.with(SaleItemRetyped.DoublePrice.class), false),
                Arguments.of("changed-type-on-postgresql-only",
                        SaleItemRetyped.with(SaleItemRetyped.FlagQuantity.class), false),
                Arguments.of("removed-field", SaleItemWithoutPrice.ALL, true),
                Arguments.of("removed-entity", Variants.WITHOUT_SALE_ITEM, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRowOfTheTable")
    void theGeneratedChangesetPassesLintOnceAReviewMarkerIsRemoved(String name, List<Class<?>> entities,
                                                                    boolean markedForReview) throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        Path file = workspace.generate(name, entities).file();
        assertThat(file).as("a changeset was written").isNotNull();

        List<String> errors = lint(master).errors().stream().map(Finding::format).toList();

        if (markedForReview) {
            int markerLine = markerLine(file);
            assertThat(errors).singleElement().asString().contains(file.getFileName() + ":" + markerLine
                    + ": REVIEW_REQUIRED error");
            GeneratedRuns.confirmReview(file);
            assertThat(lint(master).errors().stream().map(Finding::format)).isEmpty();
        } else {
            assertThat(Files.readString(file)).doesNotContain("review-required");
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void twoDifferencesAreTwoNumberedFilesThatPassLint() throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        List<Class<?>> entities = new ArrayList<>(SaleItemWiderPrice.ALL);
        entities.add(UserEmail.class);
        String first = workspace.nextId("release-2-1");

        ChangesetGenerator.Outcome outcome = workspace.generate("release-2-1", entities);

        assertThat(outcome.files()).extracting(f -> f.getFileName().toString()).containsExactly(first + ".yaml",
                workspace.numberAfter(first) + "-release-2-1-2.yaml");
        assertThat(lint(workspace.root.resolve("changelog/db.changelog-master.yaml")).errors().stream()
                .map(Finding::format)).isEmpty();
        assertThat(workspace.generate("again", entities).noChanges()).isTrue();
    }

    @Test
    void aNewColumnAndARebuildOfTheSameTableInOneRunKeepTheNewColumnAndPassLint() throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));

        ChangesetGenerator.Outcome outcome = workspace.generate("note-and-wider-price", SaleItemNotedAndWider.ALL);

        assertThat(outcome.files()).hasSize(2);
        // The rebuild (second file) defines the column the first file added, in its changes and its rollback.
        assertThat(Files.readString(outcome.files().get(1)).split("rollbackCreateTableSql"))
                .allSatisfy(part -> assertThat(part).contains("\"note\" VARCHAR(80)"));
        assertThat(lint(workspace.root.resolve("changelog/db.changelog-master.yaml")).errors().stream()
                .map(Finding::format)).isEmpty();
        assertThat(workspace.generate("again", SaleItemNotedAndWider.ALL).noChanges()).isTrue();
    }

    @Test
    void aColumnSqlitesAddColumnWroteInAnEarlierReleaseCanBeChangedByARebuildThatPassesLint() throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        assertThat(workspace.generate("add-note", SaleItemNoted.ALL).files()).hasSize(1);

        // SQLite wrote the earlier ADD COLUMN after the last column, on the closing line: ', "note" VARCHAR(80))'.
        ChangesetGenerator.Outcome outcome = workspace.generate("longer-note", SaleItemLongerNote.ALL);

        assertThat(outcome.refusals()).isEmpty();
        assertThat(outcome.files()).singleElement().satisfies(file -> assertThat(Files.readString(file))
                .contains("\"note\" VARCHAR(120)").contains("\"note\" VARCHAR(80)"));
        assertThat(lint(workspace.root.resolve("changelog/db.changelog-master.yaml")).errors().stream()
                .map(Finding::format)).isEmpty();
        assertThat(workspace.generate("again", SaleItemLongerNote.ALL).noChanges()).isTrue();
    }

    @Test
    void aGeneratedNarrowingWhoseGuardIsDeletedFailsLintThoughTheTablesOtherColumnsAreGuarded() throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        List<Path> files = workspace.generate("narrowed-product", ProductNarrowed.ALL).files();
        // Each file narrows one column after a guard naming it (the rebuilds all hold the whole table).
        List<Path> unguarded = files.stream().filter(file -> text(file).contains("name: columnName, value: name }")
                || text(file).contains("name: columnName, value: category_id }")).toList();
        assertThat(unguarded).as("the name's and the category's narrowings, in " + files).hasSize(2);

        // The edit the reviewer made: each file's guard (its first changeset, RowsMeetNarrowing) deleted.
        for (Path file : unguarded) {
            String text = Files.readString(file);
            int guard = text.indexOf("  - changeSet:");
            Files.writeString(file, text.substring(0, guard) + text.substring(text.indexOf("  - changeSet:", guard + 1)));
        }

        List<Finding> errors = lint(master).errors();
        assertThat(errors).extracting(Finding::rule).contains(Rule.SHORTER_LENGTH_WITHOUT_VERIFICATION,
                Rule.ADD_NOT_NULL_CONSTRAINT);
        assertThat(errors).extracting(Finding::format).anySatisfy(error -> assertThat(error)
                .contains("product.name from 255 to 200 characters"));
        assertThat(errors).extracting(Finding::file).allSatisfy(file -> assertThat(unguarded.stream()
                .map(p -> "changelog/changes/" + p.getFileName())).contains(file));
    }

    /**
     * Lint makes the scratch's seeded rows meet a CHECK's guard before the rebuild meets them; without the guard the
     * rebuild still fails there, on the change that failed, as it fails at the boot of a shop whose rows break it.
     */
    @Test
    void aGeneratedCheckWhoseGuardIsDeletedFailsLintOnTheRebuildThatTheSeededRowsBreak() throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        Path master = workspace.root.resolve("changelog/db.changelog-master.yaml");
        Path file = workspace.generate("sale-payment-method-check", SalePaymentMethodCheck.ALL).file();
        String text = Files.readString(file);
        int guard = text.indexOf("  - changeSet:");
        assertThat(text.substring(guard, text.indexOf("  - changeSet:", guard + 1)))
                .as("the first changeset is the guard").contains("RowsMeetNarrowing", "payment_method IN");
        Files.writeString(file, text.substring(0, guard) + text.substring(text.indexOf("  - changeSet:", guard + 1)));
        List<String> lines = Files.readAllLines(file);
        int rebuild = lines.indexOf("        - customChange:") + 1;
        assertThat(rebuild).as("the rebuild's line in " + lines).isPositive();

        List<Finding> errors = lint(master).errors();

        assertThat(errors).extracting(Finding::rule).contains(Rule.CHECK_WITHOUT_VERIFICATION);
        assertThat(errors).filteredOn(f -> f.rule() == Rule.CHANGESET_FAILS).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("changelog/changes/" + file.getFileName());
            assertThat(f.line()).isEqualTo(rebuild);
            assertThat(f.message()).contains("CHECK constraint failed: payment_method IN ('cash', 'card')");
        });
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LintReport lint(Path master) throws Exception {
        return new ChangelogLinter(Release.current()).lint(master);
    }

    private static int markerLine(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# review-required:")) {
                return i + 1;
            }
        }
        throw new AssertionError(file + " has no review marker");
    }
}
