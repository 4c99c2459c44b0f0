package io.posdb.drift;

import io.posdb.changelog.HistoryEntry;
import io.posdb.schema.SchemaCatalog;
import java.util.Comparator;
import java.util.List;

/**
 * The SHA-256 digests the drift shortcuts compare: of lines (a schema, a catalog) and of the
 * applied changesets with their checksums, the same on both engines.
 */
final class Digests {

    private Digests() {
    }

    /** Order-independent: the same set of changesets and checksums gives the same digest. */
    static String applied(List<HistoryEntry> rows) {
        return SchemaCatalog.digest(rows.stream().map(r -> r.id() + "\t" + r.author() + "\t" + r.file() + "\t" + r.checksum())
                .sorted(Comparator.naturalOrder()).toList());
    }
}
