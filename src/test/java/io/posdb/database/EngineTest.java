package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    @Test
    void aConnectionToATillsFileIsOnSqlite(@TempDir Path folder) throws Exception {
        SqliteDatabase database = SqliteDatabase.at(folder.resolve("pos.db"));

        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(Engine.of(connection)).isEqualTo(database.engine()).isEqualTo(Engine.SQLITE);
        }
    }

    @Test
    @Tag("postgres")
    void aConnectionToAServerIsOnPostgresql() throws Exception {
        PostgresDatabase database = PostgresServer.createDatabase();
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(Engine.of(connection)).isEqualTo(database.engine()).isEqualTo(Engine.POSTGRESQL);
        } finally {
            PostgresServer.drop(database);
        }
    }
}
