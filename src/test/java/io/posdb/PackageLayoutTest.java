package io.posdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout the README explains, checked on the compiled classes with the JDK's
 * own jdeps, so a new import that closes a cycle or crosses a layer fails the build.
 */
class PackageLayoutTest {

    /** One class's use of another, as jdeps -verbose:class prints it ({@code $} in nested class names). */
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.posdb[\\w.$]*)\\s+->\\s+([\\w.$]+)\\s",
            Pattern.MULTILINE);

    /**
     * What the command line may use: it is a client (README, Code layout). Writes go through the
     * library's entry points ({@code api}); it reads through the read-only query classes (the
     * changelog's read models, drift, lint); {@code database} only says which database the options
     * name; {@code failure} gives the kinds and exit codes; {@code report} holds the records the api
     * returns (rehearsal, released locks, transferred tables). Anything else of posdb's is logic the
     * command line must not hold or call around the api: the upgrade flow and its engines
     * ({@code upgrade.*}), Liquibase's runner, the ORM, the custom changes, the SQL helpers, transfer.
     */
    private static final List<String> CLI_MAY_USE_PACKAGES = List.of("io.posdb.cli", "io.posdb.api",
            "io.posdb.failure", "io.posdb.database", "io.posdb.drift", "io.posdb.lint", "io.posdb.report");
    /** The changelog package also holds plan guards and Liquibase plumbing; the CLI reads only these. */
    private static final List<String> CLI_MAY_USE_CHANGELOG_CLASSES = List.of("ChangelogSource", "ChangelogLocation",
            "Release", "MigrationPlan", "PendingChangeSet", "AppliedChangeSet", "MigrationRecords", "DatabaseState",
            "HistoryEntry", "AuditEntry");
    /** Outside posdb: the JDK, picocli, JSON output, logging and the progress bar. */
    private static final List<String> CLI_MAY_USE_LIBRARIES = List.of("java.", "picocli.", "com.fasterxml.jackson.",
            "org.slf4j.", "ch.qos.logback.", "me.tongfei.progressbar.");

    /** Package to the posdb packages it uses. */
    private static Map<String, Set<String>> uses;
    /** Class of io.posdb.cli to every class it uses (posdb's and the libraries'). */
    private static Map<String, Set<String>> cliClassUses;

    @BeforeAll
    static void readDependencies() throws Exception {
        Path classes = Path.of(PosDatabase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new AssertionError("jdeps is missing: run the tests on a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        // target/classes is the module io.posdb (module-info.java): jdeps resolves what it requires from
        // the runtime dependencies the build listed, reading multi-release jars as Java 17 sees them.
        String dependencies = Files.readString(classes.resolveSibling("classpath.txt")).strip();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17",
                "--module-path", dependencies, "-verbose:class", "-filter:none", classes.toString());
        assertThat(exit).as(out.toString()).isZero();
        uses = new TreeMap<>();
        cliClassUses = new TreeMap<>();
        Matcher edge = EDGE.matcher(out.toString());
        while (edge.find()) {
            String from = packageOf(edge.group(1));
            String to = packageOf(edge.group(2));
            uses.computeIfAbsent(from, p -> new TreeSet<>());
            if (to.startsWith("io.posdb") && !from.equals(to)) {
                uses.get(from).add(to);
            }
            if (from.equals("io.posdb.cli")) {
                cliClassUses.computeIfAbsent(edge.group(1), c -> new TreeSet<>()).add(edge.group(2));
            }
        }
        assertThat(uses).as("jdeps found posdb's packages in " + classes).containsKey("io.posdb.upgrade");
    }

    @Test
    void noTwoPackagesDependOnEachOtherEvenIndirectly() {
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            for (String next : uses.get(start)) {
                List<String> path = pathBack(next, start, new TreeSet<>());
                if (path != null) {
                    cycles.add(start + " -> " + String.join(" -> ", path));
                }
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theConnectionLayerDoesNotKnowTheOrm() {
        assertThat(uses.get("io.posdb.database")).doesNotContain("io.posdb.orm");
    }

    @Test
    void theCustomChangeCatalogueUsesOnlyItselfAndTheSqlHelpers() {
        uses.forEach((from, to) -> {
            if (from.startsWith("io.posdb.migration")) {
                assertThat(to).as(from).allMatch(p -> p.startsWith("io.posdb.migration") || p.equals("io.posdb.sql"));
            }
        });
    }

    @Test
    void theUpgradeEnginesDoNotReachBackIntoTheFlow() {
        assertThat(uses.get("io.posdb.upgrade.sqlite")).doesNotContain("io.posdb.upgrade", "io.posdb.upgrade.postgres");
        assertThat(uses.get("io.posdb.upgrade.postgres")).doesNotContain("io.posdb.upgrade", "io.posdb.upgrade.sqlite");
    }

    @Test
    void theCliIsAClientOfTheApiAndTheReadOnlyQueryClassesOnly() {
        List<String> outside = new ArrayList<>();
        cliClassUses.forEach((from, used) -> used.stream().filter(to -> !cliMayUse(to))
                .forEach(to -> outside.add(from + " -> " + to)));
        assertThat(cliClassUses).as("jdeps found the command line's classes").isNotEmpty();
        assertThat(outside).as("what io.posdb.cli uses besides io.posdb.api and the read-only query classes "
                + "(a new read model of io.posdb.changelog goes into CLI_MAY_USE_CHANGELOG_CLASSES; a write goes "
                + "through an api entry point)").isEmpty();
    }

    private static boolean cliMayUse(String usedClass) {
        String usedPackage = packageOf(usedClass);
        if (usedPackage.equals("io.posdb.changelog")) {
            String simpleName = usedClass.substring(usedPackage.length() + 1).split("\\$")[0];
            return CLI_MAY_USE_CHANGELOG_CLASSES.contains(simpleName);
        }
        return CLI_MAY_USE_PACKAGES.contains(usedPackage)
                || CLI_MAY_USE_LIBRARIES.stream().anyMatch(usedClass::startsWith);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** A path from {@code from} to {@code target} through the dependencies, or null when there is none. */
    private static List<String> pathBack(String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return new ArrayList<>(List.of(target));
        }
        if (!seen.add(from)) {
            return null;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            List<String> rest = pathBack(next, target, seen);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }
}
