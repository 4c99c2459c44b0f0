package io.posdb.drift;

import io.posdb.changelog.HistoryEntry;
import io.posdb.schema.SchemaDifference;
import java.util.List;

/**
 * The applied changesets this changelog does not know (a newer release's), with what the database recorded
 * each one did when it was applied ({@code posdb_changeset}: its class and the objects it added, removed or
 * changed, in the differ's own words). An older release that starts on a database a newer one upgraded
 * compares it with what its own changesets produce: the objects the newer changesets recorded as theirs are
 * not drift, and neither a WARN nor a strict schema's refusal. A newer changeset that recorded nothing of its
 * objects (one written before posdb recorded them, or before a declared class kept them) accounts for
 * nothing: its objects are reported as before.
 */
record NewerChangeSets(List<HistoryEntry> entries) {

    /** The differences none of these changesets recorded as its own. */
    List<SchemaDifference> notTheirs(List<SchemaDifference> differences) {
        return differences.stream().filter(d -> !theirs(d)).toList();
    }

    /** The ids of these changesets, for the log. */
    List<String> ids() {
        return entries.stream().map(HistoryEntry::id).toList();
    }

    private boolean theirs(SchemaDifference difference) {
        String object = difference.object();
        return entries.stream().filter(entry -> entry.compatibility() != null)
                .flatMap(entry -> entry.compatibility().reasons().stream())
                .anyMatch(reason -> switch (difference.kind()) {
                    case NOT_IN_EXPECTED -> reason.equals(object + " added");
                    case MISSING -> reason.equals(object + " removed");
                    case CHANGED -> reason.startsWith(object + ": ");
                });
    }
}
