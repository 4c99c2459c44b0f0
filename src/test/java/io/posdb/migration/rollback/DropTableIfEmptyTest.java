package io.posdb.migration.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.database.Database;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baselines' rollback: a table goes only while it is empty; business data is never deleted. */
class DropTableIfEmptyTest {

    @TempDir
    Path dir;

    private static DropTableIfEmpty dropIfEmpty(String table) {
        DropTableIfEmpty change = new DropTableIfEmpty();
        change.setTableName(table);
        return change;
    }

    /** As Liquibase runs a changeset's rollback block: inside the changeset's transaction, committed after. */
    private static void executeInTransaction(Path file, DropTableIfEmpty change) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            Database database = ChangelogSteps.wrap(connection);
            database.setAutoCommit(false);
            assertThat(change.validate(database).getErrorMessages()).isEmpty();
            change.execute(database);
            database.commit();
        }
    }

    private static List<String> tables(Path file) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'DATABASECHANGELOG%' AND name <> 'sqlite_sequence' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    @Test
    void dropsAnEmptyTable() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("empty.db"), LegacyDatabases.SCHEMA);
        DropTableIfEmpty change = dropIfEmpty("saleitem");

        executeInTransaction(file, change);

        assertThat(tables(file)).containsExactly("category", "product", "sale", "user");
        assertThat(change.getConfirmationMessage()).isEqualTo("dropped empty table saleitem");
    }

    @Test
    void keepsATableThatHoldsRowsAndWarnsWhy() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("shop.db"));
        Map<String, List<String>> before = DatabaseContents.businessRows(file);
        DropTableIfEmpty change = dropIfEmpty("user");

        try (CapturedLogs logs = new CapturedLogs()) {
            executeInTransaction(file, change);

            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Kept table user on rollback: it holds 3 rows (business data is never deleted)");
        }
        assertThat(DatabaseContents.businessRows(file)).isEqualTo(before);
        assertThat(change.getConfirmationMessage()).isEqualTo("kept table user (3 rows)");
    }

    @Test
    void doesNothingWhenTheTableIsAbsent() throws Exception {
        Path file = LegacyDatabases.create(dir.resolve("empty.db"), LegacyDatabases.SCHEMA);
        DropTableIfEmpty change = dropIfEmpty("till");

        executeInTransaction(file, change);

        assertThat(tables(file)).containsExactly("category", "product", "sale", "saleitem", "user");
        assertThat(change.getConfirmationMessage()).isEqualTo("table till does not exist");
    }

    @Nested
    class ThroughTheRealChangelog {

        private void updateThenRollBackEverything(Path file) throws Exception {
            ChangelogSteps.quietly(() -> {
                try (Connection connection = LegacyDatabases.open(file)) {
                    var liquibase = ChangelogSteps.liquibase(connection);
                    liquibase.update("");
                    liquibase.rollback(1000, "");
                }
            });
        }

        @Test
        void rollingBackAFreshDatabaseDropsItsEmptyTables() throws Exception {
            Path file = dir.resolve("fresh.db");

            updateThenRollBackEverything(file);

            assertThat(tables(file)).containsExactly("data_migration_audit"); // kept by design (changeset 0007)
        }

        @Test
        void rollingBackALegacyShopKeepsEveryTableAndRow() throws Exception {
            Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
            Map<String, List<String>> before = DatabaseContents.businessRows(file);

            try (CapturedLogs logs = new CapturedLogs()) {
                updateThenRollBackEverything(file);

                assertThat(logs.messages()).contains(
                        "Rebuilt table user (3 rows kept, foreign keys intact)", // 0010 on update, then on rollback
                        "Kept table user on rollback: it holds 3 rows (business data is never deleted)",
                        "Kept table saleitem on rollback: it holds 10 rows (business data is never deleted)");
            }
            assertThat(tables(file)).contains("category", "product", "sale", "saleitem", "user");
            assertThat(DatabaseContents.businessRows(file)).isEqualTo(before); // roles are primary/staff again
        }
    }

    @Nested
    class FailurePaths {

        @Test
        void rejectsATableNameThatIsNotAPlainIdentifier() {
            assertThat(dropIfEmpty("user; DROP TABLE sale").validate(null).getErrorMessages())
                    .containsExactly("tableName 'user; DROP TABLE sale' is not a plain identifier");
            assertThat(dropIfEmpty(null).validate(null).getErrorMessages())
                    .containsExactly("tableName 'null' is not a plain identifier");
        }
    }
}
