package io.posdb.lint;

import java.util.List;

/** What rules may know beyond one changeset: the changelog, the release being built, earlier tables. */
record LintContext(Changelog changelog, String release, KnownTables tables) {

    /** The changesets before {@code changeSet}, in changelog order. */
    List<LintChangeSet> before(LintChangeSet changeSet) {
        List<LintChangeSet> all = changelog.changeSets();
        return all.subList(0, all.indexOf(changeSet));
    }
}
