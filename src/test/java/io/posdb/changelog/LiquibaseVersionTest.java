package io.posdb.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.api.Test;

/**
 * An application whose dependency management swaps posdb's Liquibase for another (Spring Boot's BOM pulls 5.x) is
 * told so once, with the version found, the one posdb is built and tested with, and how to pin it.
 */
class LiquibaseVersionTest {

    @Test
    void anotherLiquibaseThanTheOnePosdbIsBuiltWithIsAWarningNamingBothAndHowToPinIt() {
        assertThat(LiquibaseVersion.warning("5.0.4", "4.33.0")).hasValueSatisfying(warning -> assertThat(warning)
                .contains("Liquibase 5.0.4", "built and tested with Liquibase 4.33.0",
                        "org.liquibase:liquibase-core:4.33.0", "dependencyManagement"));
        assertThat(LiquibaseVersion.warning("4.31.1", "4.33.0")).isPresent();
        assertThat(LiquibaseVersion.warning(LiquibaseUtil.DEV_VERSION, "4.33.0")).isPresent();
        assertThat(LiquibaseVersion.warning(null, "4.33.0")).hasValueSatisfying(warning -> assertThat(warning)
                .contains("unknown version"));
    }

    @Test
    void theLiquibasePosdbIsBuiltWithIsNoWarning() {
        assertThat(LiquibaseVersion.warning("4.33.0", "4.33.0")).isEmpty();
        assertThat(LiquibaseVersion.warning("5.0.4", null)).as("classes built without Maven say nothing").isEmpty();
    }

    @Test
    void theClassPathsLiquibaseIsTheOneThePomBuildsWithSoItGivesNoWarning() {
        assertThat(Release.LIQUIBASE_VERSION).as("the pom's liquibase.version, filtered into version.properties")
                .isNotNull();
        assertThat(LiquibaseVersion.warning(LiquibaseUtil.getBuildVersion(), Release.LIQUIBASE_VERSION)).isEmpty();
    }
}
