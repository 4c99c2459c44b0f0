package io.posdb.changegen;

import static io.posdb.changegen.GeneratedRuns.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.Release;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.Finding;
import io.posdb.migration.data.AuditedValueChange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import liquibase.Scope;
import liquibase.change.custom.CustomTaskChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/new-changeset --data NAME} end to end: scaffolded into a copy of the repository
 * layout, its TODOs filled the way a developer would (lower-case sale.payment_method), the
 * class compiled by the JDK's compiler and loaded through Liquibase's scope class loader,
 * then the YAML applied by the real Liquibase on the legacy fixture: values changed and
 * audited, the verification passes, rollback restores the old values, update again works.
 */
class DataChangeScaffoldAppliesTest {

    private static final String NAME = "lower-payment-methods";
    private static final String CLASS = "LowerPaymentMethods";

    @TempDir
    Path dir;

    @Test
    void theScaffoldWithItsTodosFilledCompilesAndAppliesOnTheLegacyFixture() throws Exception {
        GeneratorWorkspace workspace = GeneratorWorkspace.copyOfTheChangelog(dir.resolve("repo"));
        String id = workspace.nextId(NAME);
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new NewChangeset());
        command.setOut(new PrintWriter(out));
        assertThat(command.execute("--root", workspace.root.toString(), "--data", NAME)).isZero();
        Path yaml = workspace.root.resolve("changelog/changes/" + id + ".yaml");
        Path verify = workspace.root.resolve("changelog/changes/" + workspace.numberAfter(id) + "-" + NAME + "-verify.yaml");
        Path source = workspace.root.resolve("src/main/java/io/posdb/migration/changes/" + CLASS + ".java");
        assertThat(out.toString()).contains("wrote changelog/changes/" + id + ".yaml");

        fillTheTodos(yaml, verify, source);
        ClassLoader loader = compile(source, dir.resolve("classes"));
        withLoader(loader, () -> assertThat(new ChangelogLinter(Release.current())
                .lint(workspace.root.resolve("changelog/db.changelog-master.yaml")).errors().stream()
                .map(Finding::format)).as("lint of the filled scaffold").isEmpty());

        Path legacy = GeneratedRuns.legacy(dir.resolve("legacy.db"), "WAL");
        List<String> before;
        try (Connection connection = GeneratorWorkspace.sqlite(legacy)) {
            GeneratedRuns.execute(connection, List.of("UPDATE sale SET payment_method = 'CASH' WHERE payment_method = 'cash'",
                    "UPDATE sale SET payment_method = ' Card' WHERE payment_method = 'card'"));
            before = strings(connection, "SELECT id || '|' || payment_method FROM sale ORDER BY id");
            withLoader(loader, () -> workspace.update(connection));
            assertThat(strings(connection, "SELECT DISTINCT payment_method FROM sale ORDER BY 1"))
                    .containsExactly("card", "cash");
            assertThat(strings(connection, "SELECT COUNT(*) FROM data_migration_audit WHERE changeset_id = '" + id + "'"))
                    .containsExactly(Integer.toString(before.size()));

            withLoader(loader, () -> workspace.rollback(connection, 2));
            assertThat(strings(connection, "SELECT id || '|' || payment_method FROM sale ORDER BY id")).isEqualTo(before);
            withLoader(loader, () -> workspace.update(connection));
            assertThat(strings(connection, "SELECT DISTINCT payment_method FROM sale ORDER BY 1"))
                    .containsExactly("card", "cash");
        }
    }

    /** What the developer writes in place of the TODOs: table, column, label, mapping, words. */
    private static void fillTheTodos(Path yaml, Path verify, Path source) throws Exception {
        Files.writeString(verify, Files.readString(verify).replace("TODO_table", "sale")
                .replace("TODO_column", "payment_method").replace("\"TODO,values\"", "\"cash,card\""));
        Files.writeString(yaml, Files.readString(yaml)
                .replace("# TODO: say what this data change does and why (the issue it answers).",
                        "# Payment methods are stored in lower case, without blanks.")
                .replace("comment: TODO one line on what changes", "comment: Payment methods in lower case")
                .replace("TODO_table", "sale").replace("TODO_column", "payment_method")
                .replace("\"TODO,values\"", "\"cash,card\""));
        Files.writeString(source, Files.readString(source)
                .replace("TODO: what this changes and why", "Payment methods in lower case")
                .replace("\"TODO task name (", "\"Lower payment methods (")
                .replace(".table(\"TODO_table\", \"id\", \"TODO_column\")", ".table(\"sale\", \"id\", \"payment_method\")")
                .replace(".label(\"id\")", ".label(\"receipt_no\")")
                .replace("ValueMapping.pairs(Map.of(\"todo-old\", \"todo-new\"))",
                        "ValueMapping.function(old -> Map.of(\"cash\", \"cash\", \"card\", \"card\")"
                                + ".get(old == null ? \"\" : old.strip().toLowerCase(java.util.Locale.ROOT)))")
                .replace("\"TODO summary\", \"row\", \"migrating\"", "\"Payment method case\", \"sale\", \"lowering\""));
        assertThat(Files.readString(yaml) + Files.readString(verify) + Files.readString(source)).doesNotContain("TODO");
    }

    /** The JDK's compiler against the project's classes and Liquibase; a loader over the result. */
    private static ClassLoader compile(Path source, Path classes) throws Exception {
        Files.createDirectories(classes);
        String classpath = String.join(java.io.File.pathSeparator, location(AuditedValueChange.class),
                location(CustomTaskChange.class));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int exit = javac.run(null, null, errors, "-d", classes.toString(), "-classpath", classpath, source.toString());
        assertThat(exit).as("javac of the filled scaffold: " + errors).isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, DataChangeScaffoldAppliesTest.class.getClassLoader());
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private interface Work {
        void run() throws Exception;
    }

    /**
     * Liquibase loads custom changes and preconditions through its scope's class loader (the
     * workspace's runs are quiet by themselves, in a child scope of this one).
     */
    private static void withLoader(ClassLoader loader, Work work) throws Exception {
        Scope.child(Map.of(Scope.Attr.classLoader.name(), loader), work::run);
    }
}
