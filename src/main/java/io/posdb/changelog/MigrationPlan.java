package io.posdb.changelog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The changelog compared with what a database has applied, computed from one read of
 * DATABASECHANGELOG: what is pending, what the database has that this release does not
 * know (a newer release wrote it), and which applied changesets were edited since.
 */
public record MigrationPlan(List<PendingChangeSet> pending, List<HistoryEntry> unknown, List<ManifestEntry> modified,
                            boolean checksumsNeedUpgrade) {

    /** Nothing to do and nothing wrong: the boot may skip Liquibase entirely. */
    public boolean upToDate() {
        return pending.isEmpty() && unknown.isEmpty() && modified.isEmpty() && !checksumsNeedUpgrade;
    }

    /** Whether Liquibase has work: a pending changeset, or older-format checksums it recomputes itself. */
    public boolean needsLiquibase() {
        return !pending.isEmpty() || checksumsNeedUpgrade;
    }

    /** The ids of the pending changesets, in the order they run. */
    public List<String> pendingIds() {
        return pending.stream().map(PendingChangeSet::id).toList();
    }

    /** The line a boot logs about the plan, in the same words on every engine (operators search for them). */
    public String pendingSummary() {
        return needsLiquibase() ? "Pending migrations detected: " + String.join(", ", pendingIds())
                : "No pending migrations detected";
    }

    /**
     * The changesets this release does not know that the database recorded as compatible with it: a newer
     * release applied them, and this release runs on the database as they left it (PlanGuards lets it start).
     */
    public List<HistoryEntry> newerCompatible() {
        return unknown.stream().filter(r -> r.compatibility() != null && !r.compatibility().breaking()).toList();
    }

    /**
     * Whether every changeset this release does not know is a newer release's; otherwise some are of this release or
     * an older one, and this changelog lost them (the way out is the changelog, not a release).
     */
    public boolean unknownAllOfNewerReleases() {
        return unknown.stream().allMatch(HistoryEntry::ofANewerRelease);
    }

    /** The changesets this release does not know, newest first: the order a downgrade undoes them in. */
    public List<HistoryEntry> unknownNewestFirst() {
        List<HistoryEntry> newestFirst = new ArrayList<>(unknown);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public static MigrationPlan of(ChangelogManifest manifest, List<HistoryEntry> applied) {
        String currentVersion = checksumVersion(manifest.entries().isEmpty() ? null
                : manifest.entries().get(0).checksum());
        List<PendingChangeSet> pending = new ArrayList<>();
        List<ManifestEntry> modified = new ArrayList<>();
        boolean needUpgrade = false;
        for (ManifestEntry entry : manifest.entries()) {
            HistoryEntry row = applied.stream()
                    .filter(r -> entry.sameChangeSet(r.id(), r.author(), r.file())).findFirst().orElse(null);
            if (row == null) {
                // A rollback deletes the changeset's row: history cannot tell "new" from "rolled back".
                pending.add(new PendingChangeSet(entry.id(), entry.file(), "pending: not in this database's "
                        + "history (new in this release, or rolled back); its preconditions decide at run time whether "
                        + "it runs or is marked as ran"));
            } else if (entry.runAlways()) {
                pending.add(new PendingChangeSet(entry.id(), entry.file(), "runs at every update (runAlways)"));
            } else if (row.checksum() == null || !checksumVersion(row.checksum()).equals(currentVersion)) {
                // Liquibase recomputes missing or older-format checksums itself during update.
                needUpgrade = true;
            } else if (!row.checksum().equals(entry.checksum())) {
                if (entry.runOnChange()) {
                    pending.add(new PendingChangeSet(entry.id(), entry.file(), "changed since applied (runOnChange)"));
                } else {
                    modified.add(entry);
                }
            }
        }
        List<HistoryEntry> unknown = applied.stream()
                .filter(r -> manifest.entries().stream().noneMatch(e -> e.sameChangeSet(r.id(), r.author(), r.file())))
                .toList();
        return new MigrationPlan(List.copyOf(pending), unknown, List.copyOf(modified), needUpgrade);
    }

    private static String checksumVersion(String checksum) {
        if (checksum == null) {
            return "";
        }
        int colon = checksum.indexOf(':');
        return colon < 0 ? "" : checksum.substring(0, colon);
    }
}
