package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.orm.Entities;
import io.posdb.testsupport.UnlistedEntity;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate maps and boot validates the classes {@link Entities#ALL} lists, not a package it scans: an
 * {@code @Entity} left out of it would be validated by nobody, and bin/new-changeset would say "no changes".
 */
class UnlistedEntitiesTest {

    @TempDir
    Path dir;

    /** What keeps boot's validation whole: the build's tests fail on an entity of the package that ALL leaves out. */
    @Test
    void everyEntityOfTheOrmPackageIsListedInAll() {
        assertThat(UnlistedEntities.in(Entities.class.getClassLoader())).isEmpty();
    }

    @Test
    void findsAnEntityOfThePackageThatAllDoesNotListInAFolder() throws Exception {
        try (URLClassLoader loader = UnlistedEntity.inAFolder(dir)) {
            assertThat(UnlistedEntities.in(loader)).containsExactly(UnlistedEntity.CLASS);
        }
    }

    @Test
    void findsAnEntityOfThePackageThatAllDoesNotListInAJar() throws Exception {
        try (URLClassLoader loader = UnlistedEntity.inAJar(dir)) {
            assertThat(UnlistedEntities.in(loader)).containsExactly(UnlistedEntity.CLASS);
        }
    }
}
