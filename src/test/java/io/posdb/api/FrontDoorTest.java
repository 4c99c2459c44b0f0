package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's bar for the front door: what module-info.java exports (the api and the types its
 * signatures hand back) holds at most 40 % of posdb's main classes as public classes, and the upgrade
 * flow, the runner, the command line and the rest are not exported at all. Read from the compiled
 * descriptor and the compiled classes, so a new export or a new public class counts.
 */
class FrontDoorTest {

    private static final double AT_MOST = 0.40;

    @Test
    void theExportedPackagesHoldAtMostFortyPercentOfTheMainClassesAsPublicClasses() throws Exception {
        Path classes = Path.of(PosDatabase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
        assertThat(module.name()).isEqualTo("io.posdb");
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());

        List<Class<?>> main = topLevelClasses(classes);
        List<Class<?>> visible = main.stream()
                .filter(c -> exported.contains(c.getPackageName()) && Modifier.isPublic(c.getModifiers())).toList();

        assertThat(main).hasSizeGreaterThan(visible.size());
        assertThat((double) visible.size() / main.size())
                .as("%d public classes in exported packages %s of %d main classes", visible.size(), exported, main.size())
                .isLessThanOrEqualTo(AT_MOST);
        assertThat(exported).contains("io.posdb.api")
                .doesNotContain("io.posdb.upgrade", "io.posdb.runner", "io.posdb.cli", "io.posdb.migration.sqlite");
    }

    @Test
    void everyPackageOfTheCustomChangeCatalogueIsOpenToLiquibaseAndEveryServiceIsProvided() throws Exception {
        Path classes = Path.of(PosDatabase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
        Set<String> catalogue = module.packages().stream()
                .filter(p -> p.equals("io.posdb.migration") || p.startsWith("io.posdb.migration.")).collect(Collectors.toSet());
        Set<String> openToLiquibase = module.opens().stream().filter(o -> o.targets().contains("liquibase.core"))
                .map(ModuleDescriptor.Opens::source).collect(Collectors.toSet());
        assertThat(openToLiquibase).as("Liquibase creates the catalogue's classes by name")
                .containsAll(catalogue).contains("io.posdb.migration.sqlite.guard");

        // A named module's ServiceLoader ignores META-INF/services: module-info must provide the same.
        Map<String, List<String>> services = new TreeMap<>();
        try (Stream<Path> files = Files.list(classes.resolve("META-INF/services"))) {
            for (Path file : files.toList()) {
                services.put(file.getFileName().toString(), Files.readAllLines(file).stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList());
            }
        }
        Map<String, List<String>> provided = new TreeMap<>();
        module.provides().forEach(p -> provided.put(p.service(), p.providers().stream().sorted().toList()));
        assertThat(provided).isNotEmpty().isEqualTo(services);
    }

    /** Every top-level class compiled from src/main/java (no nested class, package-info or module-info). */
    private static List<Class<?>> topLevelClasses(Path classes) throws Exception {
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> names = files.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class")
                            && !n.equals("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
            ClassLoader loader = FrontDoorTest.class.getClassLoader();
            List<Class<?>> loaded = new java.util.ArrayList<>();
            for (String name : names) {
                loaded.add(Class.forName(name, false, loader));
            }
            return loaded;
        }
    }
}
