package io.posdb.drift;

import io.posdb.changelog.AppliedRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 digests the drift shortcuts compare: of lines (a schema, a catalog) and of the
 * applied changesets with their checksums, the same on both engines.
 */
final class Digests {

    private Digests() {
    }

    static String lines(List<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Order-independent: the same set of changesets and checksums gives the same digest. */
    static String applied(List<AppliedRow> rows) {
        return lines(rows.stream().map(r -> r.id() + "\t" + r.author() + "\t" + r.file() + "\t" + r.checksum())
                .sorted(Comparator.naturalOrder()).toList());
    }
}
