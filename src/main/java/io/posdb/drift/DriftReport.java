package io.posdb.drift;

import java.util.List;

/**
 * The differences of a live schema from what its applied changesets produce, in words;
 * {@code fingerprintMatched} says the check was settled by a fingerprint known to be clean
 * (SQLite: the one the build recorded; PostgreSQL: the one recorded on the server after a
 * clean full comparison), with no scratch database.
 */
public record DriftReport(String database, List<String> differences, boolean fingerprintMatched) {

    public boolean drift() {
        return !differences.isEmpty();
    }
}
