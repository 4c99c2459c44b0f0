package io.posdb.lint;

import io.posdb.effect.ChangeSetEffect;
import java.util.List;

/**
 * A changeset that declares itself compatible with older releases ({@code compatibility: compatible}
 * in its comment) while what it does breaks them (observed: a column removed, NOT NULL or a CHECK
 * added, a type changed) is refused: the declaration would let an older till start on a database it
 * cannot write. A declaration in the safe direction, or one vouching for a data change the catalog
 * cannot judge, passes.
 */
final class CompatibilityRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.observed(changeSet);
        String comment = changeSet.node().text("comment");
        if (effect != null && effect.compatibility() != null && effect.compatibility().contradictedBy(comment)) {
            findings.add(changeSet.finding(changeSet.lineOf("comment"), Rule.COMPATIBILITY_CONTRADICTED,
                    "declared compatible with older releases, but it is " + effect.compatibility().text()));
        }
    }
}
