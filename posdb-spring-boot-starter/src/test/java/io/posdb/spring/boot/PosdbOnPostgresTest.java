package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbAutoConfigurationTest.manifestIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.orm.Sale;
import io.posdb.spring.boot.actuate.PosdbActuatorAutoConfiguration;
import io.posdb.spring.boot.actuate.PosdbHealthIndicator;
import io.posdb.spring.boot.autoconfigure.PosdbAutoConfiguration;
import io.posdb.spring.boot.autoconfigure.PosdbUpgrade;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * posdb.url on the tests' real PostgreSQL server (POSDB_TEST_PG_URL, _USER, _PASSWORD, as the
 * library's tests; .ci/run starts one): a new, empty database per test, dropped after it. Without a
 * server the test is skipped saying so, except under CI=true, where it fails.
 */
class PosdbOnPostgresTest {

    private static final String URL = System.getenv("POSDB_TEST_PG_URL");
    private static final String USER = System.getenv("POSDB_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("POSDB_TEST_PG_PASSWORD");

    private String database;

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Sale.class)
    static class TillEntities {
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        if (URL == null || URL.isBlank()) {
            String why = "needs a PostgreSQL server: set POSDB_TEST_PG_URL, _USER, _PASSWORD (.ci/run starts one)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI must not skip the PostgreSQL tests: PosdbOnPostgresTest " + why);
            }
            System.err.println("WARNING: SKIPPING PosdbOnPostgresTest: it " + why);
            Assumptions.abort(why);
        }
        database = "posdb_starter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + database); // a generated name: identifiers cannot be bound
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void anEmptyServerDatabaseIsUpgradedBeforeHibernateValidatesItAndIsUpWithoutThePasswordInTheDetails() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                        PosdbActuatorAutoConfiguration.class))
                .withUserConfiguration(TillEntities.class)
                .withPropertyValues("posdb.url=" + urlOf(database), "posdb.user=" + USER, "posdb.password=" + PASSWORD)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EntityManagerFactory.class).getProperties())
                            .containsEntry("hibernate.hbm2ddl.auto", "validate");
                    assertThat(context.getBean(PosdbUpgrade.class).applied()).hasSize(manifestIds().size());
                    Health health = context.getBean(PosdbHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails().toString()).contains(database).doesNotContain(PASSWORD);
                });
    }

    /** The application's own pool on {@code app.jdbc-url}, with the server's credentials. */
    @Configuration(proxyBeanMethods = false)
    static class ApplicationsOwnDataSource {

        @Bean
        HikariDataSource appDataSource(@Value("${app.jdbc-url}") String url) {
            HikariDataSource pool = new HikariDataSource();
            pool.setPoolName("app");
            pool.setJdbcUrl(url);
            pool.setUsername(USER);
            pool.setPassword(PASSWORD);
            pool.setMaximumPoolSize(2);
            return pool;
        }
    }

    private ApplicationContextRunner applicationWithItsOwnDataSource(String appUrl) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class))
                .withUserConfiguration(TillEntities.class, ApplicationsOwnDataSource.class)
                .withPropertyValues("posdb.url=" + urlOf(database), "posdb.user=" + USER, "posdb.password=" + PASSWORD,
                        "app.jdbc-url=" + appUrl);
    }

    @Test
    void anApplicationDataSourceOnTheSameServerDatabaseIsUsedAfterTheUpgrade() {
        // The same database spelled another way: the server's default port written out, an option added.
        String sameDatabase = urlOf(database).replaceFirst("//localhost/", "//localhost:5432/")
                + (urlOf(database).contains("?") ? "&" : "?") + "ApplicationName=app";

        applicationWithItsOwnDataSource(sameDatabase).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(DataSource.class)).containsOnlyKeys("appDataSource");
            assertThat(context.getBean(PosdbUpgrade.class).applied()).hasSize(manifestIds().size());
            assertThat(context.getBean(EntityManagerFactory.class).getProperties())
                    .containsEntry("hibernate.hbm2ddl.auto", "validate");
        });
    }

    @Test
    void anApplicationDataSourceOnAnotherServerDatabaseIsRefusedNamingTheBeanThePropertyAndBothUrls() {
        applicationWithItsOwnDataSource(URL).run(context -> {
            assertThat(context).hasFailed();
            Throwable refused = PosdbAutoConfigurationTest.cause(context.getStartupFailure(), IllegalStateException.class);
            assertThat(refused).hasMessageContaining("'appDataSource'").hasMessageContaining("posdb.url")
                    .hasMessageContaining(URL).hasMessageContaining(urlOf(database))
                    .message().doesNotContain(PASSWORD);
        });
    }

    private static void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String urlOf(String name) {
        int query = URL.indexOf('?');
        String base = query < 0 ? URL : URL.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : URL.substring(query));
    }
}
