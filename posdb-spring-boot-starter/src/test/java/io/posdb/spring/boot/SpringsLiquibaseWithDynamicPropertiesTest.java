package io.posdb.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.HistoryEntry;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.orm.Sale;
import java.nio.file.Path;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code @SpringBootTest} of an application moving from {@code spring.liquibase.*}: its own changelog still at
 * Spring Boot's default location ({@code db/changelog/db.changelog-master.yaml}, a changeset {@code old-spring-1}),
 * and {@code posdb.db} set the way such a test sets a file of its {@code @TempDir}, by {@code @DynamicPropertySource},
 * which Spring adds to the environment after the application's environment was prepared.
 */
@SpringBootTest(classes = SpringsLiquibaseWithDynamicPropertiesTest.Till.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext // closed after the class, before its @TempDir goes: no pool left open on the file
class SpringsLiquibaseWithDynamicPropertiesTest {

    @TempDir
    static Path dir;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = Sale.class)
    static class Till {
    }

    @DynamicPropertySource
    static void posdbDatabase(DynamicPropertyRegistry registry) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        registry.add("posdb.db", file::toString);
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    PosDatabaseSettings settings;

    @Test
    void springsOwnLiquibaseDoesNotRunOnAPosdbDatabaseSetByDynamicPropertySource() throws Exception {
        assertThat(context.getBeansOfType(SpringLiquibase.class)).as("Spring's own Liquibase runner").isEmpty();
        // The database's DATABASECHANGELOG holds posdb's changelog and nothing else: no old-spring-1.
        assertThat(PosDatabaseChecks.history(settings)).extracting(HistoryEntry::id)
                .containsExactlyElementsOf(PosdbAutoConfigurationTest.manifestIds());
    }
}
