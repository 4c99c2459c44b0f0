package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.changelog.Release;
import io.posdb.database.Engine;
import io.posdb.effect.ChangeSetEffects;
import io.posdb.testsupport.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache entry of lint's observed effects that is present but damaged (the scratch database lint continues from
 * garbage or another entry's, an effect another changeset's) is treated as missing: that changeset and the ones after
 * it are observed again, with one warning naming the entry, and lint finds what it found with a sound cache. Only the
 * scratch database lint continues from (the last entry's) is read: an earlier entry's {@code .db} is not opened, so
 * its damage changes nothing.
 */
class DamagedEffectsCacheLintTest {

    private static final Path MASTER = Path.of("changelog/db.changelog-master.yaml");

    /** The cache the first lint filled: each test damages its own copy. */
    @TempDir
    static Path filled;

    private static List<ManifestEntry> manifest;
    private static LintReport first;
    private static ChangeSetEffects firstEffects;
    /** The changeset in the middle of the changelog, whose effect a test damages. */
    private static int middle;
    /** The last changeset, whose entry's scratch database lint continues from. */
    private static int last;

    @TempDir
    Path dir;

    @BeforeAll
    static void lintTheProjectsChangelogIntoAnEmptyCache() throws Exception {
        manifest = ChangelogManifest.parse(ChangelogSource.file(MASTER), Engine.SQLITE).entries();
        first = new ChangelogLinter(Release.current()).lint(MASTER, filled);
        firstEffects = ChangeSetEffects.observe(MASTER, filled);
        assertThat(firstEffects.fromCache()).isEqualTo(manifest.size());
        middle = manifest.size() / 2;
        last = manifest.size() - 1;
        assertThat(middle).as("an entry before the middle one").isPositive();
        assertThat(last).as("an entry after the middle one").isGreaterThan(middle);
    }

    @Test
    void theEntryWhoseDatabaseLintContinuesFromIsGarbageAndIsObservedAgain() throws Exception {
        byte[] garbage = garbage();

        assertObservedAgainFrom(last, cache -> Files.write(entry(cache, last, ".db"), garbage), ".db");
    }

    @Test
    void theEntryWhoseDatabaseLintContinuesFromIsAnEarlierEntrysAndIsObservedAgain() throws Exception {
        assertObservedAgainFrom(last, cache -> Files.copy(entry(cache, last - 1, ".db"), entry(cache, last, ".db"),
                StandardCopyOption.REPLACE_EXISTING), ".db");
    }

    @Test
    void anEntryWhoseEffectIsAnotherChangeSetsIsObservedAgainWithTheOnesAfterIt() throws Exception {
        assertObservedAgainFrom(middle, cache -> Files.copy(entry(cache, middle - 1, ".json"),
                entry(cache, middle, ".json"), StandardCopyOption.REPLACE_EXISTING), ".json");
    }

    @Test
    void garbageInTheDatabasesOfTheEntriesBeforeTheLastIsNotReadAndNothingIsObservedAgain() throws Exception {
        byte[] garbage = garbage();
        Damage earlierDatabases = cache -> {
            for (int k = 0; k < last; k++) {
                Files.write(entry(cache, k, ".db"), garbage);
            }
        };
        Path cache = copyOf(filled, "observed");
        earlierDatabases.to(cache);
        try (CapturedLogs logs = new CapturedLogs()) {
            ChangeSetEffects observed = ChangeSetEffects.observe(MASTER, cache);

            assertThat(observed.fromCache()).as("every entry").isEqualTo(manifest.size());
            assertThat(observed.all()).isEqualTo(firstEffects.all());
            assertThat(logs.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        }

        assertLintFindsWhatItFoundWithASoundCache(earlierDatabases);
    }

    @Test
    void whenTheEntryBeforeTheDamagedOneIsDamagedTooLintContinuesFromTheOneBeforeThatNamingBoth() throws Exception {
        byte[] garbage = garbage();
        Path cache = copyOf(filled, "observed");
        List<Path> damaged = List.of(entry(cache, last, ".db"), entry(cache, last - 1, ".db"));
        for (Path db : damaged) {
            Files.write(db, garbage);
        }
        try (CapturedLogs logs = new CapturedLogs()) {
            ChangeSetEffects observed = ChangeSetEffects.observe(MASTER, cache);

            assertThat(observed.fromCache()).as("the entries before the damaged ones").isEqualTo(last - 1);
            assertThat(observed.all()).isEqualTo(firstEffects.all());
            assertThat(logs.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getFormattedMessage()).satisfiesExactly(
                            m -> assertThat(m).contains("Lint's cache entry " + damaged.get(0), "is damaged"),
                            m -> assertThat(m).contains("Lint's cache entry " + damaged.get(1), "is damaged"));
        }
        assertThat(ChangeSetEffects.observe(MASTER, cache).fromCache()).as("the entries rewritten")
                .isEqualTo(manifest.size());
    }

    private interface Damage {
        void to(Path cache) throws Exception;
    }

    /** Entries before {@code k} come from the cache, {@code k}'s damaged file is named once, and then rewritten. */
    private void assertObservedAgainFrom(int k, Damage damage, String damagedFile) throws Exception {
        Path cache = copyOf(filled, "observed");
        Path damaged = entry(cache, k, damagedFile);
        damage.to(cache);
        try (CapturedLogs logs = new CapturedLogs()) {
            ChangeSetEffects observed = ChangeSetEffects.observe(MASTER, cache);

            assertThat(observed.fromCache()).as("the entries before the damaged one").isEqualTo(k);
            assertThat(observed.all()).isEqualTo(firstEffects.all());
            assertThat(logs.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("Lint's cache entry " + damaged,
                            "is damaged", "observed again"));
        }
        assertThat(ChangeSetEffects.observe(MASTER, cache).fromCache()).as("the entries rewritten")
                .isEqualTo(manifest.size());

        assertLintFindsWhatItFoundWithASoundCache(damage);
    }

    private void assertLintFindsWhatItFoundWithASoundCache(Damage damage) throws Exception {
        Path linted = copyOf(filled, "linted");
        damage.to(linted);
        LintReport again = new ChangelogLinter(Release.current()).lint(MASTER, linted);
        assertThat(again.findings()).isEqualTo(first.findings());
        assertThat(again.compatibility()).isEqualTo(first.compatibility());
    }

    private static byte[] garbage() {
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        return garbage;
    }

    /** The cache entry (.json or .db) of the k-th SQLite changeset: the one whose effect names it. */
    private static Path entry(Path cache, int k, String extension) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(cache)) {
            Path effect = files.filter(f -> f.toString().endsWith(".json")).filter(f -> {
                try {
                    return json.readTree(f.toFile()).get("id").asText().equals(manifest.get(k).id());
                } catch (Exception e) {
                    throw new IllegalStateException(f.toString(), e);
                }
            }).findFirst().orElseThrow();
            return effect.resolveSibling(effect.getFileName().toString().replace(".json", extension));
        }
    }

    /** A copy of the cache, this account's alone as lint requires. */
    private Path copyOf(Path cache, String name) throws Exception {
        Path copy = Files.createDirectory(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (Stream<Path> files = Files.list(cache)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
