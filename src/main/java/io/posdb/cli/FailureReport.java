package io.posdb.cli;

import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a failed boot or update prints on stderr without --verbose: when a changeset failed, a
 * short block (which changeset, the cause in a line, what was restored, what to do); any other
 * refusal stays the one line it is. No exception class names, no stack trace: those go to the
 * log with --verbose.
 */
final class FailureReport {

    private static final String RESTORE_SEPARATOR = " — ";

    private FailureReport() {
    }

    static List<String> lines(String command, Throwable error, int exitCode) {
        Optional<FailedChangeSet> failed = FailedChangeSet.in(error);
        if (failed.isEmpty()) {
            return List.of("posdb " + command + ": " + FailureReason.of(error));
        }
        FailedChangeSet changeSet = failed.get();
        String message = FailureReason.of(error);
        int restore = message.lastIndexOf(RESTORE_SEPARATOR);
        List<String> lines = new ArrayList<>();
        lines.add("posdb " + command + ": changeset " + changeSet.id() + " failed (exit "
                + exitCode + ")");
        lines.add("  cause:    " + changeSet.reason());
        if (restore >= 0) {
            lines.add("  restored: " + message.substring(restore + RESTORE_SEPARATOR.length()));
        }
        lines.add("  to do:    fix what the cause names in " + changeSet.file()
                + " or in the data, then run " + command + " again (posdb rehearse tries it on a copy)");
        lines.add("  details:  run again with --verbose for Liquibase's full error and stack trace");
        return lines;
    }
}
