package io.posdb.lint;

import java.util.List;

/** A group of rules checked on each changeset, in changelog order. */
interface ChangeSetRules {

    void check(LintChangeSet changeSet, LintContext context, List<Finding> findings);
}
