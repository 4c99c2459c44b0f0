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
 * A cache entry of lint's observed effects that is present but damaged (its scratch database garbage or another
 * entry's, its effect another changeset's) is treated as missing: that changeset and the ones after it are
 * observed again, with one warning naming the entry, and lint finds what it found with a sound cache.
 */
class DamagedEffectsCacheLintTest {

    private static final Path MASTER = Path.of("changelog/db.changelog-master.yaml");

    /** The cache the first lint filled: each test damages its own copy. */
    @TempDir
    static Path filled;

    private static List<ManifestEntry> manifest;
    private static LintReport first;
    private static ChangeSetEffects firstEffects;
    /** The changeset in the middle of the changelog, whose entry each test damages, and the one before it. */
    private static int middle;

    @TempDir
    Path dir;

    @BeforeAll
    static void lintTheProjectsChangelogIntoAnEmptyCache() throws Exception {
        manifest = ChangelogManifest.parse(ChangelogSource.file(MASTER), Engine.SQLITE).entries();
        first = new ChangelogLinter(Release.current()).lint(MASTER, filled);
        firstEffects = ChangeSetEffects.observe(MASTER, filled);
        assertThat(firstEffects.fromCache()).isEqualTo(manifest.size());
        middle = manifest.size() / 2;
        assertThat(middle).as("an entry before the middle one").isPositive();
    }

    @Test
    void anEntryWhoseDatabaseIsGarbageIsObservedAgainWithTheOnesAfterIt() throws Exception {
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);

        assertObservedAgainFromTheMiddle(cache -> Files.write(entry(cache, middle, ".db"), garbage), ".db");
    }

    @Test
    void anEntryWhoseDatabaseIsAnEarlierEntrysIsObservedAgainWithTheOnesAfterIt() throws Exception {
        assertObservedAgainFromTheMiddle(cache -> Files.copy(entry(cache, middle - 1, ".db"), entry(cache, middle, ".db"),
                StandardCopyOption.REPLACE_EXISTING), ".db");
    }

    @Test
    void anEntryWhoseEffectIsAnotherChangeSetsIsObservedAgainWithTheOnesAfterIt() throws Exception {
        assertObservedAgainFromTheMiddle(cache -> Files.copy(entry(cache, middle - 1, ".json"),
                entry(cache, middle, ".json"), StandardCopyOption.REPLACE_EXISTING), ".json");
    }

    private interface Damage {
        void to(Path cache) throws Exception;
    }

    private void assertObservedAgainFromTheMiddle(Damage damage, String damagedFile) throws Exception {
        Path cache = copyOf(filled, "observed");
        Path damaged = entry(cache, middle, damagedFile);
        damage.to(cache);
        try (CapturedLogs logs = new CapturedLogs()) {
            ChangeSetEffects observed = ChangeSetEffects.observe(MASTER, cache);

            assertThat(observed.fromCache()).as("the entries before the damaged one").isEqualTo(middle);
            assertThat(observed.all()).isEqualTo(firstEffects.all());
            assertThat(logs.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("Lint's cache entry " + damaged,
                            "is damaged", "observed again"));
        }
        assertThat(ChangeSetEffects.observe(MASTER, cache).fromCache()).as("the entries rewritten")
                .isEqualTo(manifest.size());

        Path linted = copyOf(filled, "linted");
        damage.to(linted);
        LintReport again = new ChangelogLinter(Release.current()).lint(MASTER, linted);
        assertThat(again.findings()).isEqualTo(first.findings());
        assertThat(again.compatibility()).isEqualTo(first.compatibility());
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
