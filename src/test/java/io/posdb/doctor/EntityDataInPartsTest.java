package io.posdb.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.posdb.database.SqliteDatabase;
import io.posdb.schema.SchemaCatalog;
import io.posdb.testsupport.FileModes;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A large table's rows are screened in parts, each on its own connection ({@link EntityData#check}): a row no part
 * read would never be judged. Here the parts are a few rows each (as many as the doctor makes of a large table),
 * over a run of ids and two far from it, and each row in turn is the only one the data check should name.
 */
class EntityDataInPartsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void everyRowOfATableScreenedInPartsIsJudgedByOneOfThem(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        FileModes.set(file, "rw-------");
        assertThat(PosdbInProcess.run("update", "--db", file.toString()).exitCode()).isZero();
        List<Long> ids = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO sale (id, receipt_no, total, "
                     + "payment_method, cashier_id, created_at) VALUES (?, ?, '1.00', 'card', "
                     + "(SELECT MIN(id) FROM user), '2025-03-01 10:00:00')")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM saleitem");
                statement.execute("DELETE FROM sale"); // the fixture's own sales: ids chosen below only
            }
            // A run of ids that meets several parts' bounds, whatever they are, then two far apart: parts of a
            // few ids each, and empty ones between the last two.
            for (long id = 1; id <= 60; id++) {
                ids.add(id);
            }
            ids.add(75L);
            ids.add(200L);
            for (long id : ids) {
                insert.setLong(1, id);
                insert.setString(2, "P-" + id);
                insert.execute();
            }
        }
        SqliteDatabase readOnly = SqliteDatabase.readOnlyAt(file);

        for (long id : ids) {
            setCreatedAt(file, id, "2025-02-30 10:00:00");
            List<EntityData.Finding> findings;
            try (Connection connection = readOnly.open()) {
                findings = EntityData.check(readOnly, connection, SchemaCatalog.read(connection), false, true, 4);
            }
            setCreatedAt(file, id, "2025-03-01 10:00:00");

            assertThat(findings).as("the row with id %d", id)
                    .extracting(EntityData.Finding::column, EntityData.Finding::ids)
                    .containsExactly(tuple("sale.created_at", List.of(String.valueOf(id))));
        }
    }

    private static void setCreatedAt(Path file, long id, String time) throws Exception {
        try (Connection connection = LegacyDatabases.open(file);
             PreparedStatement update = connection.prepareStatement("UPDATE sale SET created_at = ? WHERE id = ?")) {
            update.setString(1, time);
            update.setLong(2, id);
            assertThat(update.executeUpdate()).isOne();
        }
    }
}
