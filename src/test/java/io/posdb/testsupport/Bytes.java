package io.posdb.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A file's (or a folder's files') content, as a digest tests can compare before and after: its size and CRC-32C. A
 * checksum, not a cryptographic digest: nothing here is forged, and any change of up to 32 bits in a row is seen.
 * SHA-256 was a fortieth of the in-process suite's CPU: the tests' JVMs run C1 only (pom.xml), and the JVM's fast
 * SHA-256 is C2's; C1 has CRC-32C's.
 */
public final class Bytes {

    private Bytes() {
    }

    public static String digest(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            CRC32C crc = new CRC32C();
            crc.update(content);
            return content.length + " bytes, CRC-32C " + Long.toHexString(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every file of the folder by name with its digest: a command that must write nothing leaves the
     * same files (no side file appears or goes, a {@code -wal} is not checkpointed away) with the same bytes.
     */
    public static Map<String, String> folder(Path folder) {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    contents.put(f.getFileName().toString(), digest(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }
}
