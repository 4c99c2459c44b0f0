package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.PostgresDatabase;
import io.posdb.orm.Category;
import io.posdb.testsupport.PostgresServer;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The library's entry point on a real PostgreSQL server (see PostgresServer). */
@Tag("postgres")
class PosDatabaseOnPostgresTest {

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
    void bootsAServerDatabaseWithANormalPoolAndAWorkingSessionFactory() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).extracting(AppliedChangeSet::id).contains("0011-tag-release-2.0");
            assertThat(((HikariDataSource) db.dataSource()).getMaximumPoolSize())
                    .isEqualTo(PosDatabaseSettings.DEFAULT_POSTGRESQL_POOL_SIZE);
            // One idle connection per till on a shared server; the rest open on demand, up to the maximum (held below).
            assertThat(((HikariDataSource) db.dataSource()).getMinimumIdle()).isEqualTo(ConnectionPool.POSTGRESQL_MINIMUM_IDLE);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < settings.maximumPoolSize(); i++) {
                    held.add(db.dataSource().getConnection());
                }
                assertThat(held).allSatisfy(connection -> assertThat(connection.isValid(5)).isTrue());
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
            Long id = db.sessionFactory().fromTransaction(session -> {
                Category category = new Category();
                category.setName("Drinks");
                session.persist(category);
                return category.getId();
            });
            String name = db.sessionFactory().fromSession(session -> session.find(Category.class, id).getName());
            assertThat(name).isEqualTo("Drinks");
        }
    }
}
