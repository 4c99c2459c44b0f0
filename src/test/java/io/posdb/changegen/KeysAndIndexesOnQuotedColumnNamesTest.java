package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.schema.SchemaCatalog;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator reads the columns of an index or foreign key the differ found from the catalog, not back from the
 * name it is compared by ({@code product(a,b)}): a quoted column name may hold the comma that name is written with.
 * The changelog's schema is the current one; the wanted one is the same with a column whose name holds a comma.
 */
@ExtendWith(QuietLogs.class)
class KeysAndIndexesOnQuotedColumnNamesTest {

    private static final String COLUMN = "shelf,bay";

    @TempDir
    Path dir;

    @Test
    void anIndexOnAColumnWhoseNameHoldsACommaIsGeneratedOnThatOneColumn() throws Exception {
        SchemaCatalog current = changelogSchemaWith("ALTER TABLE product ADD COLUMN \"" + COLUMN + "\" TEXT");
        SchemaCatalog wanted = catalogOf(copyWith(current, "CREATE INDEX ix_shelf ON product (\"" + COLUMN + "\")"));

        SchemaDiff diff = new SchemaDiff(current, wanted, null, null);

        assertThat(diff.refusals).isEmpty();
        assertThat(diff.differences).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(GeneratedChange.Kind.NEW_INDEX);
            assertThat(d.index().columns()).containsExactly(COLUMN);
        });
    }

    @Test
    void aNewColumnWhoseNameHoldsACommaIsGeneratedWithItsForeignKeyNotRefused() throws Exception {
        SchemaCatalog current = changelogSchemaWith();
        SchemaCatalog wanted = catalogOf(copyWith(current,
                "ALTER TABLE product ADD COLUMN \"" + COLUMN + "\" INTEGER REFERENCES category (id)"));

        SchemaDiff diff = new SchemaDiff(current, wanted, null, null);

        assertThat(diff.refusals).as("a foreign key on one new column goes with the column's line").isEmpty();
        assertThat(diff.differences).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(GeneratedChange.Kind.NEW_COLUMN);
            assertThat(d.column()).isEqualTo(COLUMN);
            assertThat(d.reference().columns()).isEqualTo(List.of(COLUMN));
        });
    }

    /** The changelog's schema on a scratch file in {@link #dir}, then {@code statements}. */
    private SchemaCatalog changelogSchemaWith(String... statements) throws Exception {
        Path scratch = dir.resolve("changelog.db");
        ChangelogSchema.build(Path.of("").toAbsolutePath(), scratch);
        execute(scratch, statements);
        return catalogOf(scratch);
    }

    /** A copy of the changelog's scratch file with {@code statements} run on it. */
    private Path copyWith(SchemaCatalog current, String... statements) throws Exception {
        Path copy = Files.copy(dir.resolve("changelog.db"), dir.resolve("wanted.db"));
        execute(copy, statements);
        assertThat(catalogOf(copy).differencesFrom(current)).as("the copy differs by the statements").isNotEmpty();
        return copy;
    }

    private static void execute(Path file, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static SchemaCatalog catalogOf(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return SchemaCatalog.read(connection);
        }
    }
}
