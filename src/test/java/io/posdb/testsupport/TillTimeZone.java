package io.posdb.testsupport;

import java.util.TimeZone;

/**
 * Runs a test's steps in a JVM whose default time zone is a till's (one with daylight saving), and puts the zone
 * back: the tests of one JVM run one after another, so no other test sees it.
 */
public final class TillTimeZone {

    /** Skips the hour from 02:00 to 03:00 on 2025-03-30 and repeats the one from 02:00 on 2025-10-26. */
    public static final String BERLIN = "Europe/Berlin";

    /** A step that may throw. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private TillTimeZone() {
    }

    public static void during(String zone, Step step) throws Exception {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            step.run();
        } finally {
            TimeZone.setDefault(before);
        }
    }
}
