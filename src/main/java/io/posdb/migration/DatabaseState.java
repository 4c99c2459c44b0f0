package io.posdb.migration;

import java.util.Map;

/**
 * What a database holds at a moment: the last applied changeset and tag, row counts per
 * application table, and users per role (shown after a rollback, for example).
 */
public record DatabaseState(String lastChangeSet, String tag, Map<String, Long> tables, Map<String, Long> roles) {
}
