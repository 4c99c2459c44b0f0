package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hibernate obeys JPA's schema-generation action ahead of {@code hibernate.hbm2ddl.auto}, from wherever it comes:
 * posdb sets that action to validate itself, so a {@code drop-and-create} an application or a machine leaves lying
 * around (a system property, a {@code hibernate.properties}, a framework's settings) cannot drop the shop's tables
 * at boot. Before, the boot of an up-to-date shop took no snapshot, dropped and recreated every table, and reported
 * success.
 */
class SchemaGenerationCannotWipeTheShopTest {

    @TempDir
    Path dir;

    @Test
    void theBuilderRefusesTheSchemaGenerationActionUnderEitherOfJpasNames() {
        PosDatabaseSettings.Builder builder = PosDatabaseSettings.sqlite(dir.resolve("pos.db"));
        for (String name : new String[] {"jakarta.persistence.schema-generation.database.action",
                "javax.persistence.schema-generation.database.action"}) {
            assertThatThrownBy(() -> builder.hibernateProperty(name, "drop-and-create"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("hibernateProperty " + name + " is set by posdb");
        }
    }

    /** A system property the JVM picks up (JAVA_TOOL_OPTIONS) reaches Hibernate past the builder: a process. */
    @Tag("process")
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"jakarta, WAL", "jakarta, DELETE", "javax, WAL", "javax, DELETE"})
    void aDropAndCreateSystemPropertyLeavesTheShopsRowsWhereTheyAre(String jpa, JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        assertThat(PosdbProcess.run(dir, "boot", "--db", file.toString()).exitCode()).isZero();
        if (mode == JournalMode.WAL) {
            WalFiles.commitToWalOnly(file, 3);
        }
        long sales = WalFiles.count(file, "SELECT COUNT(*) FROM sale");
        long users = WalFiles.count(file, "SELECT COUNT(*) FROM user");

        PosdbProcess.Result boot = PosdbProcess.run(dir, Map.of("JAVA_TOOL_OPTIONS",
                "-D" + jpa + ".persistence.schema-generation.database.action=drop-and-create"), "boot", "--db",
                file.toString());

        assertThat(boot.stderr()).as("the JVM took the property").contains("Picked up JAVA_TOOL_OPTIONS");
        assertThat(boot.exitCode()).as(boot.stderr()).isZero();
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM sale")).as("the sales").isEqualTo(sales);
        assertThat(WalFiles.count(file, "SELECT COUNT(*) FROM user")).as("the users").isEqualTo(users);
    }
}
