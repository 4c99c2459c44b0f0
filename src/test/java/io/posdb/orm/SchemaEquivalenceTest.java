package io.posdb.orm;

import io.posdb.testsupport.Bootstraps;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.SqliteDatabase;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh database and an adopted legacy one must end with exactly the same schema. */
class SchemaEquivalenceTest {

    @TempDir
    Path dir;

    @Test
    void freshAndAdoptedDatabasesHaveTheSameSchema() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        Path adopted = LegacyDatabases.shop(dir.resolve("legacy.db"));

        Bootstraps.withDefaults(SqliteDatabase.at(fresh)).boot().close();
        Bootstraps.withDefaults(SqliteDatabase.at(adopted)).boot().close();

        Map<String, String> freshSchema = DatabaseContents.schema(fresh);
        assertThat(freshSchema).containsKeys("table user", "table sale", "table saleitem",
                "table product", "table category", "column user.role", "CHECK on user.role", "sql of table user");
        assertThat(freshSchema.keySet()).as("the catalog reads foreign keys").anyMatch(k -> k.startsWith("foreign key sale("));
        assertThat(DatabaseContents.schema(adopted)).isEqualTo(freshSchema);
    }

    @Test
    void schemaComparisonNoticesADifference() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        Path other = dir.resolve("other.db");
        Bootstraps.withDefaults(SqliteDatabase.at(fresh)).boot().close();
        Bootstraps.withDefaults(SqliteDatabase.at(other)).boot().close();
        try (var connection = LegacyDatabases.open(other); var statement = connection.createStatement()) {
            statement.execute("CREATE INDEX idx_sale_created ON sale (created_at)");
        }

        assertThat(DatabaseContents.schema(other)).isNotEqualTo(DatabaseContents.schema(fresh));
    }
}
