package io.posdb.runner;

import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;

/** The one-line text of a failed update: the changeset and its cause, without Liquibase's class names. */
public final class MigrationFailureText {

    private MigrationFailureText() {
    }

    public static String of(Exception error) {
        return FailedChangeSet.in(error)
                .map(failed -> "changeset " + failed.id() + " (" + failed.file() + ") failed: " + failed.reason())
                .orElseGet(() -> FailedChangeSet.readable(FailureReason.of(error)));
    }
}
