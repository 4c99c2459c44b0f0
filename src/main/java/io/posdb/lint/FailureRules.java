package io.posdb.lint;

import io.posdb.effect.ChangeSetEffect;
import io.posdb.failure.FailedChangeSet;
import java.util.List;

/**
 * A changeset that fails on the scratch database, built by the changesets before it: it fails the same way at a
 * till's boot, which applies it on the database those changesets built (its SQL names a table or column that is
 * not there, its change is one Liquibase cannot do). The finding is on the change that failed, with Liquibase's
 * reason in one line, its quote of the SQL cut (the change's line has it whole). A failure that is the machine's
 * is no changeset's ({@link ChangelogLinter}'s SCRATCH_DATABASE_UNAVAILABLE), and is not observed as one.
 */
final class FailureRules implements ChangeSetRules {

    @Override
    public void check(LintChangeSet changeSet, LintContext context, List<Finding> findings) {
        ChangeSetEffect effect = context.effect(changeSet);
        if (effect == null || effect.outcome() != ChangeSetEffect.Outcome.FAILED
                // posdb's SQLite guard refused it when Liquibase validated the changelog: that rule says so, with
                // what to use instead (lint and boot refuse the same list).
                || findings.stream().anyMatch(f -> f.rule() == Rule.SQLITE_REBUILDS_TABLE)) {
            return;
        }
        findings.add(changeSet.finding(changeSet.lineOfChange(effect.failedChange()), Rule.CHANGESET_FAILS,
                "changeset " + changeSet.id() + " fails when applied after the changesets before it, on lint's "
                        + "scratch database: " + FailedChangeSet.withQuotedSqlCut(effect.reason())));
    }
}
