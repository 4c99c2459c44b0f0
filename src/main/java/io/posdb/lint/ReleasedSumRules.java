package io.posdb.lint;

import io.posdb.failure.MigrationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Released changesets never change: each one listed in released.sum still has its checksum. */
final class ReleasedSumRules {

    void check(Changelog changelog, Path master, List<Finding> findings) throws MigrationException {
        Path sum = ReleasedSum.location(changelog);
        if (!Files.isRegularFile(sum)) {
            findings.add(new Finding(changelog.master().name(), 1, Rule.RELEASED_SUM_MISSING,
                    changelog.name(sum) + " does not exist: released changesets are not protected"));
            return;
        }
        Map<String, String> current = ReleasedSum.currentChecksums(master);
        for (ReleasedSum.Entry entry : ReleasedSum.read(sum)) {
            String now = current.get(entry.key());
            if (now == null) {
                findings.add(new Finding(changelog.name(sum), 1, Rule.RELEASED_CHANGESET_CHANGED, "released changeset "
                        + entry.id() + " (" + entry.release() + ", " + entry.file() + ") is no longer in the changelog"));
            } else if (!now.equals(entry.checksum())) {
                LintChangeSet changeSet = find(changelog, entry);
                findings.add(new Finding(changeSet == null ? entry.file() : changeSet.file().name(),
                        changeSet == null ? 1 : changeSet.line(), Rule.RELEASED_CHANGESET_CHANGED,
                        "released changeset " + entry.id() + " (" + entry.release() + ") has changed: checksum " + now
                                + ", released as " + entry.checksum()));
            }
        }
    }

    private static LintChangeSet find(Changelog changelog, ReleasedSum.Entry entry) {
        return changelog.changeSets().stream()
                .filter(c -> entry.id().equals(c.id()) && entry.file().equals(c.file().logicalFilePath()))
                .findFirst().orElse(null);
    }
}
