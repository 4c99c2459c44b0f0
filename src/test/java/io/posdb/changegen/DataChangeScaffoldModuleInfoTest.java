package io.posdb.changegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.ToolProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first scaffolded data change opens its package to Liquibase in module-info.java (on the module
 * path Liquibase could not create the class otherwise), inside the custom-change catalogue, once.
 */
class DataChangeScaffoldModuleInfoTest {

    private static final String OPENS = "opens io.posdb.migration.changes to liquibase.core";

    @TempDir
    Path dir;

    @Test
    void theFirstDataChangeOpensItsPackageInTheCatalogueOnce() throws IOException {
        // The project's module-info as it is before its first data change (once a release has one, it holds the line).
        String project = Files.readString(ToolProcess.ROOT.resolve("src/main/java/module-info.java"))
                .replaceAll("(?m)^\\s*opens io\\.posdb\\.migration\\.changes .*\\R", "");
        Path moduleInfo = Files.writeString(dir.resolve("module-info.java"), project);
        assertThat(Files.readString(moduleInfo)).doesNotContain(OPENS);

        String opened = DataChangeScaffold.openedToLiquibase(moduleInfo);
        assertThat(opened).isNotNull();
        Files.writeString(moduleInfo, opened);
        assertThat(DataChangeScaffold.openedToLiquibase(moduleInfo)).as("already open: left alone").isNull();

        String text = Files.readString(moduleInfo);
        assertThat(text.indexOf(OPENS)).isPositive().isEqualTo(text.lastIndexOf(OPENS))
                .isLessThan(text.indexOf(DataChangeScaffold.CATALOGUE_END))
                .isGreaterThan(text.indexOf("opens io.posdb.migration.sqlite.guard"));
    }

    @Test
    void aModuleInfoWithoutTheCatalogueMarkerIsRefusedNamingTheLineToAdd() throws IOException {
        Path moduleInfo = Files.writeString(dir.resolve("module-info.java"), "module io.posdb {\n}\n");
        assertThatThrownBy(() -> DataChangeScaffold.openedToLiquibase(moduleInfo)).isInstanceOf(IOException.class)
                .hasMessageContaining(OPENS);
        assertThat(Files.readString(moduleInfo)).isEqualTo("module io.posdb {\n}\n");
    }

    @Test
    void aTreeWithoutModuleInfoIsLeftAlone() throws IOException {
        assertThat(DataChangeScaffold.openedToLiquibase(dir.resolve("module-info.java"))).isNull();
        assertThat(dir.resolve("module-info.java")).doesNotExist();
    }
}
