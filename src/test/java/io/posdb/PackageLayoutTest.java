package io.posdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.posdb[\\w.]*)\\s+->\\s+(io\\.posdb[\\w.]*)\\s",
            Pattern.MULTILINE);
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readDependencies() throws Exception {
        Path classes = Path.of(PosDatabase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new AssertionError("jdeps is missing: run the tests on a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                classes.toString());
        assertThat(exit).as(out.toString()).isZero();
        uses = new TreeMap<>();
        Matcher edge = EDGE.matcher(out.toString());
        while (edge.find()) {
            uses.computeIfAbsent(edge.group(1), p -> new TreeSet<>());
            if (!edge.group(1).equals(edge.group(2))) {
                uses.get(edge.group(1)).add(edge.group(2));
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
    void theCliGoesThroughTheUpgradeFlowNotItsEngineParts() {
        assertThat(uses.get("io.posdb.cli")).doesNotContain("io.posdb.upgrade.sqlite", "io.posdb.upgrade.postgres",
                "io.posdb.migration", "io.posdb.sql");
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
