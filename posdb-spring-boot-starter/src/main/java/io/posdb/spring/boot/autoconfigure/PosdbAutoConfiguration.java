package io.posdb.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.ProvisionalUpgrade;
import io.posdb.failure.PosDatabaseException;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * posdb's startup in a Spring Boot application, when {@code posdb.db} or {@code posdb.url} is set:
 * the upgrade ({@link PosDatabase#upgrade}: snapshot, upgrade lock, all or nothing) runs first, then
 * posdb's pool becomes the application's {@code DataSource}, and only then is JPA's
 * EntityManagerFactory built, so that Hibernate's {@code validate} sees the upgraded schema.
 *
 * <p>Ordered before Spring Boot's DataSource, JPA and Liquibase auto-configurations (by name: the
 * application need not have them), the way Spring Boot orders its own Flyway and Liquibase before
 * JPA. posdb's pool, not Spring's: it is the pool posdb validates, with posdb's connection settings
 * (on SQLite foreign keys on, a busy timeout, timestamps as text; the file in the journal mode posdb
 * leaves it), which a {@code spring.datasource.*} pool would not have. Spring's own Liquibase is
 * switched off for the database ({@link PosdbSpringLiquibaseOff}), and refused when enabled
 * explicitly.
 *
 * <p>An application that defines a {@code DataSource} of its own keeps it (posdb's pool is then not
 * created): every DataSource bean waits for the upgrade, and each is checked to be on the database
 * {@code posdb.*} names, with boot's drift check through it ({@link PosdbApplicationDataSourceCheck}).
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@Conditional(PosdbAutoConfiguration.DatabaseConfigured.class)
@EnableConfigurationProperties(PosdbProperties.class)
public class PosdbAutoConfiguration {

    /** The upgrade's bean name: the EntityManagerFactory depends on it. */
    public static final String UPGRADE_BEAN = "posdbUpgrade";

    private static final Logger log = LoggerFactory.getLogger(PosdbAutoConfiguration.class);

    /**
     * posdb's settings from {@code posdb.*}; refuses Spring's own Liquibase on the same database, and a
     * {@code spring.datasource.url} of another database, before anything is upgraded.
     */
    @Bean
    PosDatabaseSettings posdbSettings(PosdbProperties properties, Environment environment) {
        if (Boolean.TRUE.equals(environment.getProperty("spring.liquibase.enabled", Boolean.class))) {
            String posdbProperty = properties.databaseProperty();
            throw new IllegalStateException(posdbProperty + " and spring.liquibase.enabled=true are both set: two"
                    + " migration runners on one database. posdb runs the changelog itself (snapshot, upgrade lock,"
                    + " downgrade guard, drift check); remove spring.liquibase.enabled (posdb switches Spring's"
                    + " Liquibase off for its database) or unset " + posdbProperty + ".");
        }
        PosDatabaseSettings settings = properties.toSettings();
        PosdbApplicationDataSourceCheck.checkSpringDatasourceUrl(environment, settings, properties.databaseProperty());
        return settings;
    }

    /**
     * The upgrade, run once at startup before the pool and JPA, and held undecided until the application's
     * schema checks have passed ({@link PosdbUpgradeDecision}); closed (undone) at a failed startup after
     * everything that depends on it.
     */
    @Bean
    PosdbUpgradeDecision posdbUpgradeDecision(PosDatabaseSettings settings, ListableBeanFactory beans,
                                              Environment environment) {
        long start = System.nanoTime();
        String database = settings.database().description();
        log.info("posdb: upgrading {} before JPA starts", database);
        try {
            ProvisionalUpgrade upgrade = PosDatabase.upgradeProvisionally(settings);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.info("posdb: upgrade of {} done, {} changeset(s) applied in {} ms", database, upgrade.applied().size(),
                    took.toMillis());
            return new PosdbUpgradeDecision(upgrade, new PosdbUpgrade(database, upgrade.applied(), took, start),
                    List.of(beans.getBeanNamesForType(EntityManagerFactory.class, true, false)),
                    environment instanceof ConfigurableEnvironment configurable ? configurable : null);
        } catch (PosDatabaseException e) {
            throw new PosdbStartupFailure(e);
        }
    }

    /** What the upgrade did, for the application and the metrics: the bean the DataSources and JPA wait for. */
    @Bean(UPGRADE_BEAN)
    PosdbUpgrade posdbUpgrade(PosdbUpgradeDecision decision) {
        return decision.upgrade();
    }

    /**
     * posdb's pool as the application's DataSource, opened after the upgrade (the SQLite safety steps
     * need no other connection on the file), with boot's drift check on it. Spring closes it at shutdown.
     */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    HikariDataSource dataSource(PosDatabaseSettings settings, PosdbUpgrade upgrade) {
        // The upgrade is a parameter only so that it has run: anything reaching the DataSource
        // (JPA, JdbcTemplate, a health check) comes after it.
        try {
            return PosDatabase.openPool(settings);
        } catch (PosDatabaseException e) {
            throw new PosdbStartupFailure(e);
        }
    }

    /**
     * Every DataSource bean, the application's own too, is created after the upgrade: its first
     * connection (a pool's warm-up, a JdbcTemplate, JPA) finds the upgraded schema, and on SQLite no
     * connection of the application's is open on the file while the upgrade snapshots and replaces it.
     */
    @Bean
    static DataSourceDependsOnUpgrade posdbDataSourceDependsOnUpgrade() {
        return new DataSourceDependsOnUpgrade();
    }

    /** An application's own DataSource must be on posdb's database (refused otherwise), drift checked through it. */
    @Bean
    static PosdbApplicationDataSourceCheck posdbApplicationDataSourceCheck(ObjectProvider<PosDatabaseSettings> settings,
                                                                          ObjectProvider<PosdbProperties> properties) {
        return new PosdbApplicationDataSourceCheck(settings, properties);
    }

    /** As Spring Boot makes an EntityManagerFactory wait for Flyway or Liquibase, for DataSources and posdb's upgrade. */
    static final class DataSourceDependsOnUpgrade extends AbstractDependsOnBeanFactoryPostProcessor {

        DataSourceDependsOnUpgrade() {
            super(DataSource.class, UPGRADE_BEAN);
        }
    }

    /** With JPA: Hibernate gets posdb's own settings (validate only, posdb's dialect) over the application's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HibernatePropertiesCustomizer.class, LocalContainerEntityManagerFactoryBean.class})
    static class PosdbJpaConfiguration {

        @Bean
        HibernatePropertiesCustomizer posdbHibernateProperties(PosDatabaseSettings settings) {
            // Applied after spring.jpa.*: a spring.jpa.hibernate.ddl-auto of the application's cannot
            // make Hibernate create or alter the schema; the changelog owns it.
            return properties -> properties.putAll(PosDatabase.hibernateProperties(settings));
        }

        /**
         * The EntityManagerFactory waits for the upgrade even if it reached its DataSource another
         * way: as Spring Boot makes it wait for Flyway and Liquibase.
         */
        @Bean
        static EntityManagerFactoryDependsOnPostProcessor posdbEntityManagerFactoryDependsOnUpgrade() {
            return new EntityManagerFactoryDependsOnPostProcessor(UPGRADE_BEAN);
        }

        /** The line {@code posdb: boot of ... took N ms}, once JPA's EntityManagerFactory is validated. */
        @Bean
        static PosdbBootDuration posdbBootDuration(ObjectProvider<PosdbUpgradeDecision> decision) {
            return new PosdbBootDuration(decision);
        }
    }

    /**
     * A posdb database is configured: {@code posdb.db} (a till's file) or {@code posdb.url} (a server) holds
     * text. Not {@code @ConditionalOnProperty}, which takes an empty value for a set one: a placeholder such
     * as {@code posdb.db=${POSDB_DB:}} left empty must leave the starter out, as the properties themselves read it.
     */
    static final class DatabaseConfigured extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return PosdbProperties.databaseConfiguredIn(context.getEnvironment())
                    ? ConditionOutcome.match("posdb.db or posdb.url is set")
                    : ConditionOutcome.noMatch("neither posdb.db nor posdb.url is set (an empty value is not)");
        }
    }
}
