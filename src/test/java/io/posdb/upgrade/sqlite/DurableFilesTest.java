package io.posdb.upgrade.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-or-nothing write the upgrade's marker and the doctor's support bundle share: a write
 * that fails half-way leaves the previous file as it was and no temporary file beside it.
 */
class DurableFilesTest {

    @TempDir
    Path folder;

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
        Path file = Files.writeString(folder.resolve("bundle.zip"), "previous");
        Path temporary = folder.resolve(".bundle.zip.tmp");

        assertThatThrownBy(() -> DurableFiles.write(file, temporary, PrivateFiles::createOwnerOnly, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }, true)).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Files.readString(file)).isEqualTo("previous");
        assertThat(namesIn(folder)).containsExactly("bundle.zip");
    }

    @Test
    void anExistingFileIsKeptUnlessReplacedAndTheTemporaryFileIsRemoved() throws Exception {
        Path file = Files.writeString(folder.resolve("bundle.zip"), "previous");
        Path temporary = folder.resolve(".bundle.zip.tmp");

        assertThatThrownBy(() -> DurableFiles.write(file, temporary, PrivateFiles::createOwnerOnly,
                out -> out.write("new".getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("previous");
        assertThat(namesIn(folder)).containsExactly("bundle.zip");

        DurableFiles.write(file, temporary, PrivateFiles::createOwnerOnly,
                out -> out.write("new".getBytes(StandardCharsets.UTF_8)), true);
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(namesIn(folder)).containsExactly("bundle.zip");
    }

    private static java.util.List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
