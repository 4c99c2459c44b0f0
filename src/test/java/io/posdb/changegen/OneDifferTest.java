package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.Engine;
import io.posdb.orm.Entities;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's "no changes" and drift's "no drift" are the same differ's empty answer
 * ({@link SchemaCatalog#differencesFrom}): the generator compares both schemas as entities
 * declare them, drift compares them whole.
 */
@ExtendWith(QuietLogs.class)
class OneDifferTest {

    @TempDir
    Path dir;

    @Test
    void theChangelogsSchemaAndTheEntitiesHaveNoDifferenceAndAHandAddedColumnShowsInBothViews()
            throws Exception {
        Path scratch = dir.resolve("from-changelog.db");
        ChangelogSchema changelog = ChangelogSchema.build(Path.of("").toAbsolutePath(), scratch);
        SchemaCatalog entities;
        try (EntitySchema schema = EntitySchema.of(Entities.ALL, Engine.SQLITE)) {
            entities = schema.catalog();
        }
        assertThat(entities.asEntitiesDeclareIt(ChangelogSchema::isEntityTable)
                .differencesFrom(changelog.catalog().asEntitiesDeclareIt(ChangelogSchema::isEntityTable)))
                .as("the generator's no changes").isEmpty();
        assertThat(new SchemaDiff(changelog.catalog(), entities, null, null).differences).isEmpty();

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + scratch);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE product ADD COLUMN note TEXT");
        }
        SchemaCatalog handChanged;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + scratch)) {
            handChanged = SchemaCatalog.read(connection);
        }
        assertThat(changelog.catalog().differencesFrom(handChanged)).extracting(SchemaDifference::text)
                .as("drift's words").containsExactly("column product.note is not in the changelog");
        assertThat(entities.asEntitiesDeclareIt(ChangelogSchema::isEntityTable)
                .differencesFrom(handChanged.asEntitiesDeclareIt(ChangelogSchema::isEntityTable)))
                .extracting(SchemaDifference::kind, SchemaDifference::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SchemaDifference.Kind.NOT_IN_EXPECTED,
                        "column product.note"));
        assertThat(new SchemaDiff(handChanged, entities, null, null).differences)
                .extracting(GeneratedChange::kind, GeneratedChange::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(GeneratedChange.Kind.REMOVED_COLUMN, "note"));
    }

    @Test
    void aForeignKeyARebuildLostShowsInBothViewsAndIsNeverNoChanges() throws Exception {
        Path scratch = dir.resolve("from-changelog.db");
        ChangelogSchema changelog = ChangelogSchema.build(Path.of("").toAbsolutePath(), scratch);
        SchemaCatalog entities;
        try (EntitySchema schema = EntitySchema.of(Entities.ALL, Engine.SQLITE)) {
            entities = schema.catalog();
        }
        // A rebuild of product whose category_id line lost its REFERENCES clause (what 2.0's generator wrote).
        String product = changelog.catalog().table("product").definition();
        String withoutReference = product.replace(" REFERENCES \"category\" (\"id\") ON DELETE SET NULL", "");
        assertThat(withoutReference).isNotEqualTo(product);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + scratch);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = OFF");
            statement.execute(withoutReference.replaceFirst("\"product\"", "\"product_rebuilt\""));
            statement.execute("INSERT INTO product_rebuilt SELECT * FROM product");
            statement.execute("DROP TABLE product");
            statement.execute("ALTER TABLE product_rebuilt RENAME TO product");
        }
        SchemaCatalog handChanged;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + scratch)) {
            handChanged = SchemaCatalog.read(connection);
        }
        assertThat(changelog.catalog().differencesFrom(handChanged)).extracting(SchemaDifference::text)
                .as("drift's words").contains("foreign key product(category_id) is missing");
        assertThat(entities.asEntitiesDeclareIt(ChangelogSchema::isEntityTable)
                .differencesFrom(handChanged.asEntitiesDeclareIt(ChangelogSchema::isEntityTable)))
                .extracting(SchemaDifference::kind, SchemaDifference::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SchemaDifference.Kind.MISSING,
                        "foreign key product(category_id)"));
        SchemaDiff generator = new SchemaDiff(handChanged, entities, null, null);
        assertThat(generator.differences.isEmpty() && generator.refusals.isEmpty()).as("no changes").isFalse();
        assertThat(generator.refusals).singleElement().asString()
                .contains("the entities have foreign key product(category_id) and the changelog's schema does not");
    }
}
