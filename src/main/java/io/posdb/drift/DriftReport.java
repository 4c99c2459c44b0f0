package io.posdb.drift;

import java.util.List;

/**
 * The differences of a live schema from what its applied changesets produce, in words;
 * {@code fingerprintMatched} says the check was settled by the build-time fingerprint
 * (no scratch database needed).
 */
public record DriftReport(String database, List<String> differences, boolean fingerprintMatched) {

    public boolean drift() {
        return !differences.isEmpty();
    }
}
