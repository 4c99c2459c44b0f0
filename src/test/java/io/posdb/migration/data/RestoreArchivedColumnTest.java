package io.posdb.migration.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback step of a generated archiving drop, called directly: the column comes back
 * holding the archived values of its own changeset only; bad parameters are named.
 */
class RestoreArchivedColumnTest {

    @TempDir
    Path dir;

    @Test
    void addsTheColumnBackWithTheValuesThatChangesetArchived() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE data_migration_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, changeset_id TEXT, "
                    + "table_name TEXT, row_id TEXT, column_name TEXT, old_value TEXT, new_value TEXT, note TEXT)");
            statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("INSERT INTO item (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            statement.execute("INSERT INTO data_migration_audit (changeset_id, table_name, row_id, column_name, old_value, "
                    + "note) VALUES ('0012-x', 'item', '1', 'price', '2.50', 'archived: dropped'), "
                    + "('0012-x', 'item', '2', 'price', '3.00', 'archived: dropped'), "
                    + "('0099-other', 'item', '3', 'price', '9.99', 'archived: dropped')");

            change("VARCHAR(40)", "0012-x").execute(database(connection));

            try (ResultSet rs = statement.executeQuery("SELECT group_concat(id || '=' || ifnull(price, 'NULL'), ',') "
                    + "FROM (SELECT id, price FROM item ORDER BY id)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1=2.50,2=3.00,3=NULL");
            }
        }
    }

    /**
     * A nullable column with a default: its drop archived the rows that held NULL too (ColumnArchive), so a row without
     * an archive row was added since the drop and takes the default, and a row that held NULL gets NULL back.
     */
    @Test
    void aNullableColumnWithADefaultGivesItToRowsAddedSinceAndNullBackToRowsThatHeldNull() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE data_migration_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, changeset_id TEXT, "
                    + "table_name TEXT, row_id TEXT, column_name TEXT, old_value TEXT, new_value TEXT, note TEXT)");
            statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("INSERT INTO item (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'added since')");
            statement.execute("INSERT INTO data_migration_audit (changeset_id, table_name, row_id, column_name, old_value, "
                    + "note) VALUES ('0012-x', 'item', '1', 'price', '2.50', 'archived: dropped'), "
                    + "('0012-x', 'item', '2', 'price', NULL, 'archived: dropped')");
            RestoreArchivedColumn change = change("VARCHAR(40)", "0012-x");
            change.setDefaultValue("'0.00'");

            change.execute(database(connection));

            try (ResultSet rs = statement.executeQuery("SELECT group_concat(id || '=' || ifnull(price, 'NULL'), ',') "
                    + "FROM (SELECT id, price FROM item ORDER BY id)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1=2.50,2=NULL,3=0.00");
            }
        }
    }

    @Test
    void aColumnTypeThatIsNotATypeIsRefusedNamingTheParameter() {
        assertThat(change("VARCHAR(40); DROP TABLE item", "0012-x").validate(null).getErrorMessages())
                .containsExactly("columnType 'VARCHAR(40); DROP TABLE item' is not a SQL type such as VARCHAR(40)");
    }

    @Test
    void withoutArchivedByNothingRunsAndTheMessageSaysWhatIsMissing() {
        assertThatThrownBy(() -> change("VARCHAR(40)", null).execute(null))
                .hasMessageContaining("archivedBy is required");
    }

    private static RestoreArchivedColumn change(String type, String archivedBy) {
        RestoreArchivedColumn change = new RestoreArchivedColumn();
        change.setTableName("item");
        change.setColumnName("price");
        change.setColumnType(type);
        change.setArchivedBy(archivedBy);
        return change;
    }

    private static Database database(Connection connection) throws Exception {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }
}
