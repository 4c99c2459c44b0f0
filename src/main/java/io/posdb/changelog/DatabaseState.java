package io.posdb.changelog;

import java.util.Map;

/**
 * What a database holds at a moment: the last applied changeset, the tag it carries (null
 * when it carries none: the database is not at a tag), the last tag applied before it, row
 * counts per application table, and rows per value of each column an audited data change
 * touched, keyed {@code table.column} (shown after a rollback, for example).
 */
public record DatabaseState(String lastChangeSet, String tag, String previousTag, Map<String, Long> tables,
                            Map<String, Map<String, Long>> values) {
}
