package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import ch.qos.logback.classic.Level;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.drift.DriftCheck;
import io.posdb.failure.BootFailure;
import io.posdb.orm.Category;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.UnmappedObjects;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The library's entry point on a real PostgreSQL server (see PostgresServer). */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
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
            assertThat(((HikariDataSource) db.dataSource()).getMinimumIdle()).isEqualTo(PosDatabase.POSTGRESQL_MINIMUM_IDLE);
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

    @Test
    void handMadeViewAndTableDoNotStopABootAndDriftReportsThem() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
        PosDatabase.boot(settings).close();
        try (Connection connection = database.open(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute(UnmappedObjects.REPORTING_VIEW);
            // PostgreSQL gives every column a type; the hand-made table is still one the entities do not map.
            statement.execute(UnmappedObjects.TYPED_TABLE);
        }

        try (CapturedLogs logs = new CapturedLogs(); PosDatabase db = PosDatabase.boot(settings)) {
            Long categories = db.sessionFactory().fromSession(session ->
                    session.createSelectionQuery("select count(*) from Category", Long.class).getSingleResult());
            assertThat(categories).as("a query through the SessionFactory Hibernate validated").isNotNull();
            assertThat(logs.messages()).contains("Schema validated");
            assertThat(logs.events()).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains(UnmappedObjects.NOT_OWNED);
            });
            assertThat(logs.events()).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
        }
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).check().differences())
                .containsExactlyElementsOf(UnmappedObjects.NOT_OWNED);
        ExpectedKind.assertRefused(() -> PosDatabase.boot(PosDatabaseSettings.of(database).strictSchema(true).build()),
                BootFailure.SCHEMA_DRIFT, "view daily is not in the changelog");
    }
}
