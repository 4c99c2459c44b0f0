package io.posdb.database;

/**
 * The text a till's SQLite file keeps a time in, and the SQL that tells text the till would not read as the time
 * it says. The one place this is known: {@link SqliteDatabase} gives every connection {@link #FORMAT}, the doctor's
 * data check lists the rows these conditions match, and the transfer refuses them, so the two cannot disagree.
 *
 * <p>The till reads {@link #FORMAT} and ignores what follows the seconds (a fraction, an offset: what Python's
 * sqlite3 writes). sqlite-jdbc parses leniently: text in another form fails the read, but a date or time of day
 * that does not exist is read as another one ('2025-13-45 10:00:00' as 2026-02-14 10:00, '2025-02-30' as
 * March 2, hour 25 as 1:00 the next day), so a row would silently change. SQLite's own {@code datetime()} with a
 * modifier normalises such a date the same way, or returns NULL for a field out of its range (month 13, hour 25,
 * minute 61): a time exists when that leaves its first 19 characters as they are. Without a modifier
 * {@code date()} keeps '2025-02-30' as written on older SQLite (3.40) and normalises it on newer, and
 * {@code time('24:00:00')} stays as written on both: the modifier makes the check the same on the operator's
 * sqlite3 as in posdb.
 */
public final class TillTimeText {

    /** The form the till reads a time's text in (sqlite-jdbc's date format); never epoch milliseconds. */
    public static final String FORMAT = "yyyy-MM-dd HH:mm:ss";
    /** {@link #FORMAT} as a GLOB pattern, anything after the seconds; bound to each condition's {@code ?}. */
    public static final String GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*";

    private TillTimeText() {
    }

    /**
     * The SQL condition (SQLite) on a quoted column whose value is text not written {@link #FORMAT}
     * ('2024-03-01T08:00:00', a day-first date), which the till fails to read; its one {@code ?} is {@link #GLOB}.
     */
    public static String notInTheForm(String quotedColumn) {
        return "typeof(" + quotedColumn + ") = 'text' AND " + quotedColumn + " NOT GLOB ?";
    }

    /**
     * The SQL condition (SQLite) on a quoted column whose value is text written {@link #FORMAT} naming a date or
     * time of day that does not exist, which the till reads as another; its one {@code ?} is {@link #GLOB}. No
     * row matches both this and {@link #notInTheForm}.
     */
    public static String namingNoRealTime(String quotedColumn) {
        String written = "substr(" + quotedColumn + ", 1, 19)";
        return "typeof(" + quotedColumn + ") = 'text' AND " + quotedColumn + " GLOB ? AND datetime(" + written
                + ", '+0 seconds') IS NOT " + written;
    }
}
