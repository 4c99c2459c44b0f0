package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changegen.variants.ProductNameUnique;
import io.posdb.changegen.variants.ProductTypedColumn;
import io.posdb.changegen.variants.SaleItemOptionalPrice;
import io.posdb.changegen.variants.SaleItemQuantityCheck;
import io.posdb.changegen.variants.SaleItemReturnedBy;
import io.posdb.changegen.variants.SaleItemRetyped;
import io.posdb.changegen.variants.SaleItemWiderPrice;
import io.posdb.changegen.variants.SaleItemWithoutPrice;
import io.posdb.changegen.variants.UserEmail;
import io.posdb.changegen.variants.Variants;
import io.posdb.changegen.variants.Voucher;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After each row of the generator's table, the changelog with the generated file produces
 * exactly what the entities want: generating again reports no changes and writes nothing
 * (the generator doubles as a consistency check, as makemigrations --check does).
 */
class GeneratingAgainTest {

    @TempDir
    Path dir;

    static Stream<Arguments> everyRowOfTheTable() {
        return Stream.of(
                Arguments.of("new-entity", Voucher.ALL),
                Arguments.of("new-nullable-unique-field", UserEmail.ALL),
                Arguments.of("new-nullable-many-to-one", SaleItemReturnedBy.ALL),
                Arguments.of("unique-on-existing-column", ProductNameUnique.ALL),
                Arguments.of("changed-length", SaleItemWiderPrice.ALL),
                Arguments.of("changed-nullability", SaleItemOptionalPrice.ALL),
                Arguments.of("changed-check", SaleItemQuantityCheck.ALL),
                Arguments.of("new-field-in-postgresqls-own-type",
                        ProductTypedColumn.with(ProductTypedColumn.Instanted.class)),
                Arguments.of("new-enum-field-with-its-check",
                        ProductTypedColumn.with(ProductTypedColumn.Sized.class)),
                Arguments.of("changed-type-across-affinities",
                        SaleItemRetyped.with(SaleItemRetyped.DoublePrice.class)),
                Arguments.of("changed-type-on-postgresql-only",
                        SaleItemRetyped.with(SaleItemRetyped.FlagQuantity.class)),
                Arguments.of("removed-field", SaleItemWithoutPrice.ALL),
                Arguments.of("removed-entity", Variants.WITHOUT_SALE_ITEM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRowOfTheTable")
    void generatingAgainReportsNoChanges(String name, List<Class<?>> entities) throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        ChangesetGenerator.Outcome first = workspace.generate(name, entities);
        assertThat(first.file()).as("the first run writes a changeset").isNotNull();
        String next = workspace.nextId("again");

        ChangesetGenerator.Outcome again = workspace.generate("again", entities);

        assertThat(again.changes()).isEmpty();
        assertThat(again.noChanges()).isTrue();
        assertThat(workspace.nextId("again")).isEqualTo(next);
    }
}
