package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.testsupport.InProcessOnly;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.ToolProcess;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * posdb as a module (src/main/java/module-info.java): an application module that requires
 * {@code io.posdb}, compiled and started on the module path, boots a legacy shop through the api
 * (Liquibase runs the real changelog with its custom changes and the SQLite guard, Hibernate
 * validates and reads the entities), and cannot reach an internal package, neither at compile time
 * nor by reflection. The other tests run on the class path, where the descriptor changes nothing.
 */
@Tag("process")
class ModulePathTest {

    /**
     * Two of Liquibase's and Hibernate's transitive jars carry module descriptors that require
     * modules nothing ships (jaxb-api 2.3.1 requires java.activation; jakarta.transaction-api 2.0.1
     * requires jakarta.cdi and jakarta.interceptor): an application puts them on the class path,
     * where the automatic modules liquibase.core and org.hibernate.orm.core still read them.
     */
    private static final List<String> CLASS_PATH_ONLY = List.of("jaxb-api-2.", "jakarta.transaction-api-");

    private static final String MODULE_INFO = """
            module till.modular {
                requires io.posdb;
            }
            """;

    private static final String MAIN = """
            package till.modular;

            import io.posdb.api.PosDatabase;
            import io.posdb.api.PosDatabaseSettings;
            import io.posdb.changelog.AppliedChangeSet;
            import java.nio.file.Path;
            import java.util.stream.Collectors;
            import liquibase.Scope;
            import liquibase.changelog.visitor.ValidatingVisitorGeneratorFactory;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    try (PosDatabase database = PosDatabase.boot(PosDatabaseSettings.sqlite(Path.of(args[0])).build())) {
                        System.out.println("applied=" + database.applied().stream().map(AppliedChangeSet::id)
                                .collect(Collectors.joining(",")));
                        System.out.println("users=" + database.sessionFactory().fromSession(session -> session
                                .createSelectionQuery("select count(u) from User u", Long.class).getSingleResult()));
                    }
                    System.out.println("validator=" + Scope.getCurrentScope()
                            .getSingleton(ValidatingVisitorGeneratorFactory.class).getValidatingVisitorGenerator()
                            .getClass().getName());
                    try {
                        // A public static method of a public class: only the module boundary stops the call.
                        java.lang.reflect.Method validate = java.util.Arrays.stream(
                                Class.forName("io.posdb.upgrade.DatabaseBootstrap").getMethods())
                                .filter(m -> m.getName().equals("validate")).findFirst().orElseThrow();
                        validate.invoke(null, new Object[validate.getParameterCount()]);
                        System.out.println("internal=reachable");
                    } catch (IllegalAccessException e) {
                        System.out.println("internal=" + e.getMessage());
                    }
                }
            }
            """;

    private static final String INTRUDER = """
            package till.modular;

            public final class Intruder {
                Class<?> bootstrap() {
                    return io.posdb.upgrade.DatabaseBootstrap.class;
                }
            }
            """;

    private static String modulePath;
    private static String classPath;

    @BeforeAll
    static void modulePathAndClassPath() throws IOException {
        InProcessOnly.refuse("starts java on the module path", "process");
        List<String> dependencies = List.of(Files.readString(ToolProcess.ROOT.resolve("target/classpath.txt"),
                StandardCharsets.UTF_8).strip().split(java.io.File.pathSeparator));
        List<String> modules = new ArrayList<>(List.of(ToolProcess.ROOT.resolve("target/classes").toString()));
        List<String> plain = new ArrayList<>();
        for (String jar : dependencies) {
            String name = Path.of(jar).getFileName().toString();
            (CLASS_PATH_ONLY.stream().anyMatch(name::startsWith) ? plain : modules).add(jar);
        }
        modulePath = String.join(java.io.File.pathSeparator, modules);
        classPath = String.join(java.io.File.pathSeparator, plain);
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @EnumSource(JournalMode.class)
    void anApplicationModuleBootsALegacyShopThroughTheApiAndReachesNoInternalPackage(JournalMode mode,
            @TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes");
        assertThat(compile(classes, MODULE_INFO, MAIN)).as("the application compiles against io.posdb").isEmpty();
        Path shop = WalFiles.shop(dir.resolve("shop.db"), mode);

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + java.io.File.pathSeparator + modulePath, "-cp", classPath,
                // Liquibase and Hibernate are automatic modules: they require nothing, so the explicit
                // modules they use (commons-lang3, commons-io, ...) are resolved only when named.
                "--add-modules", "ALL-MODULE-PATH",
                "-m", "till.modular/till.modular.Main", shop.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the application finished").isTrue();
        String output = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();

        List<String> changelog = ChangelogManifest.load(ChangelogSource.packaged(), Engine.SQLITE).entries().stream()
                .map(ManifestEntry::id).toList();
        assertThat(line(output, "applied")).as(output).isEqualTo(String.join(",", changelog));
        assertThat(recordedIds(shop)).isEqualTo(changelog);
        assertThat(line(output, "users")).isEqualTo(String.valueOf(count(shop, "SELECT COUNT(*) FROM user")))
                .isNotEqualTo("0");
        // The legacy roles were remapped by the changelog's custom change, run from the module.
        assertThat(count(shop, "SELECT COUNT(*) FROM user WHERE role NOT IN ('admin', 'user')")).isZero();
        // META-INF/services is ignored in a named module: the guard comes from module-info's provides.
        assertThat(line(output, "validator")).isEqualTo("io.posdb.migration.sqlite.guard.SqliteHazardGuard");
        assertThat(line(output, "internal")).contains("does not export io.posdb.upgrade to module till.modular");
    }

    @Test
    void anApplicationModuleThatNamesAnInternalClassDoesNotCompile(@TempDir Path dir) throws IOException {
        assertThat(compile(dir.resolve("classes"), MODULE_INFO, INTRUDER))
                .contains("package io.posdb.upgrade is not visible");
    }

    /** javac's diagnostics for the module's sources (empty when it compiled). */
    private static String compile(Path classes, String moduleInfo, String source) throws IOException {
        Path src = classes.resolveSibling("src");
        Files.createDirectories(src.resolve("till/modular"));
        Files.writeString(src.resolve("module-info.java"), moduleInfo);
        String name = source.contains("class Intruder") ? "Intruder" : "Main";
        Files.writeString(src.resolve("till/modular/" + name + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
             Stream<Path> sources = Files.walk(src)) {
            List<Path> javaFiles = sources.filter(p -> p.toString().endsWith(".java")).toList();
            boolean ok = javac.getTask(diagnostics, files, null,
                    List.of("-d", classes.toString(), "--module-path", modulePath, "-cp", classPath),
                    null, files.getJavaFileObjectsFromPaths(javaFiles)).call();
            return ok ? "" : diagnostics.toString();
        }
    }

    private static String line(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElse("(no " + key + "= line)");
    }

    private static List<String> recordedIds(Path shop) throws Exception {
        try (Connection connection = LegacyDatabases.open(shop); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private static long count(Path shop, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(shop); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
