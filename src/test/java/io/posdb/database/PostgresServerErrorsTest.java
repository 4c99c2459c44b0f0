package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * A row the server refuses: PostgreSQL's DETAIL quotes its values ("Key (username)=(bob) already exists."), and
 * pgjdbc appends it to the exception's message by default, which reaches stderr, --json, logs and support tickets.
 * No connection posdb opens puts it there; the detail stays readable from the exception's server message.
 */
@Tag("postgres")
class PostgresServerErrorsTest {

    private PostgresDatabase database;

    @BeforeEach
    void freshDatabase() throws Exception {
        database = PostgresServer.createDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        PostgresServer.drop(database);
    }

    @Test
    void aRefusedRowsValuesAreNotInTheMessageOfAConnectionPosdbOpensButTheDetailStaysReadable() throws Exception {
        PSQLException refused = refusedDuplicate(database.dataSource());

        assertThat(refused.getMessage()).contains("duplicate key").doesNotContain("secret-bob");
        assertThat(refused.getServerErrorMessage().getDetail()).contains("secret-bob");
    }

    @Test
    void aUrlAskingForTheDetailInMessagesDoesNotPutItThere() throws Exception {
        PostgresDatabase asking = new PostgresDatabase(database.description() + "?logServerErrorDetail=true",
                PostgresServer.user(), PostgresServer.password());

        assertThat(refusedDuplicate(asking.dataSource()).getMessage()).doesNotContain("secret-bob");
    }

    @Test
    void theApplicationsPoolPutsNoRefusedValueInAMessage() throws Exception {
        try (PosDatabase till = PosDatabase.boot(PosDatabaseSettings.of(database).build())) {
            assertThat(refusedDuplicate(till.dataSource()).getMessage()).doesNotContain("secret-bob");
        }
    }

    /** The server's refusal of a second row with the same unique value, from a connection of {@code connections}. */
    private static PSQLException refusedDuplicate(DataSource connections) throws SQLException {
        try (Connection connection = connections.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS names_by_test (name VARCHAR(20) UNIQUE)");
            statement.execute("DELETE FROM names_by_test");
            statement.execute("INSERT INTO names_by_test VALUES ('secret-bob')");
            SQLException[] thrown = new SQLException[1];
            assertThatThrownBy(() -> statement.execute("INSERT INTO names_by_test VALUES ('secret-bob')"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> thrown[0] = e);
            return (PSQLException) thrown[0];
        }
    }
}
