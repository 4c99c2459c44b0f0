package io.posdb.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.files.TemporaryFolder;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.PosdbProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code posdb lint} on a machine whose temporary folder is another file system than the project (a tmpfs
 * {@code /tmp}, as many Linux distributions mount it): the effect cache lives in the project's target/, and
 * each scratch copy must still move into it atomically. A process, because the JVM reads its temporary
 * folder once, at start.
 */
@Tag("process")
class LintWithTemporaryFolderOnAnotherFileSystemTest {

    private static final Path TMPFS = Path.of("/dev/shm");

    @TempDir
    Path dir;

    @Test
    void lintOfTheRealChangelogPassesWhenTheTemporaryFolderIsATmpfs() throws Exception {
        assumeThat(Files.isDirectory(TMPFS) && !Files.getFileStore(TMPFS).equals(Files.getFileStore(dir)))
                .as("a tmpfs apart from the test's folder").isTrue();
        Path tmp = Files.createTempDirectory(TMPFS, "posdb-lint-tmp");
        Path master = Changelogs.copyOfProjectChangelog(Files.createDirectories(dir.resolve("changelog")));
        Files.createDirectories(dir.resolve("target")); // the cache goes to the project's target/, on disk

        PosdbProcess.Result lint;
        try {
            lint = PosdbProcess.run(dir, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp),
                    "lint", "--changelog", master.toString());
        } finally {
            TemporaryFolder.deleteTree(tmp);
        }

        assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
        assertThat(lint.stdout()).contains("lint: 0 error(s)");
        try (var cached = Files.list(dir.resolve("target/posdb-effects"))) {
            assertThat(cached.filter(p -> p.toString().endsWith(".db")).count()).isPositive();
        }
    }
}
