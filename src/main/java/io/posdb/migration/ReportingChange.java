package io.posdb.migration;

/**
 * A custom change that reports what it did (counts, changed rows) after it ran, so the
 * bootstrap and the CLI can show it under the changeset's id.
 */
public interface ReportingChange {

    /** A JSON-serialisable report of the last execution, or null when it has not run. */
    Object report();
}
