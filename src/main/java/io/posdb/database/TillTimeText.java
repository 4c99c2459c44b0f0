package io.posdb.database;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * The text a till's SQLite file keeps a time in, and the SQL that tells text the till would not read as the time
 * it says. The one place this is known: {@link SqliteDatabase} gives every connection {@link #FORMAT}, the doctor's
 * data check lists the rows these conditions match, and the transfer refuses them, so the two cannot disagree.
 *
 * <p>The till reads {@link #FORMAT} as sqlite-jdbc parses it, in no zone ({@link #wallClock}): six numbers of any
 * width ('2025-2-3 9:05:00' is February 3, '2025-02-03 10:00:00' too), each fitting a Java int, separated by exactly
 * '-', '-', ' ', ':', ':';
 * what follows the seconds' digits is ignored (a fraction, an offset: what Python's sqlite3 writes). Text in another
 * form ('2025-02-03T10:00:00', '01/03/2024', a missing second) fails the read. The parse is lenient: a date or time
 * of day that does not exist is read as another one ('2025-13-45 10:00:00' as 2026-02-14 10:00, '2025-2-30' as
 * March 2, hour 25 as 1:00 the next day, year 0 as 1 BC), so a row would silently change. The conditions split
 * the text into its fields as the till does, whatever their widths, and judge the numbers: a time of day by its
 * ranges, a day by SQLite's {@code date()} with a modifier (which normalises '2025-02-30' to March 2, on the
 * operator's sqlite3 as in posdb; without one, older SQLite keeps it as written), in a year of the same leap rule
 * below 10000 (the Gregorian calendar repeats every 400 years), since SQLite's dates end at 9999. Text in
 * {@link #FORMAT}'s own widths naming a real time, nearly every row, is told apart first by {@code datetime()}
 * alone ({@link #notSurelyRead}), with the same answer.
 */
public final class TillTimeText {

    /** The form the till reads a time's text in (sqlite-jdbc's date format); never epoch milliseconds. */
    public static final String FORMAT = "yyyy-MM-dd HH:mm:ss";

    /**
     * The calendar a time's text is read and written in: UTC, which skips no hour. The text is a wall-clock time in no
     * zone (SQLite's CURRENT_TIMESTAMP writes UTC's); sqlite-jdbc without a calendar parses it in the JVM's default
     * zone, where a zone with daylight saving skips an hour in spring: in Europe/Berlin '2025-03-30 02:30:00' does not
     * exist and would be read as 03:30, though the text names a time. The entities ({@code io.posdb.orm}'s dialect)
     * and the transfer read and write with this one. A new instance each time, for one thread to use: a Calendar is
     * not thread-safe.
     */
    public static Calendar wallClock() {
        return Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC));
    }

    /** The wall-clock time a Timestamp read with {@link #wallClock} says. */
    public static LocalDateTime wallClockTime(Timestamp read) {
        return LocalDateTime.ofInstant(read.toInstant(), ZoneOffset.UTC);
    }

    /** The Timestamp to write with {@link #wallClock} for a wall-clock time. */
    public static Timestamp wallClockTimestamp(LocalDateTime time) {
        return Timestamp.from(time.toInstant(ZoneOffset.UTC));
    }

    private static final String DIGITS = "'0123456789'";

    private TillTimeText() {
    }

    /**
     * The SQL condition (SQLite) on a quoted column whose value is text the till fails to read: not {@link #FORMAT}
     * ('2024-03-01T08:00:00', a day-first '01/03/2024'), or a number too large for it. It binds no value.
     */
    public static String notInTheForm(String quotedColumn) {
        return "typeof(" + quotedColumn + ") = 'text' AND " + notSurelyRead(quotedColumn) + " AND (SELECT NOT ("
                + READ + ") FROM " + fields(quotedColumn) + ")";
    }

    /**
     * The SQL condition (SQLite) on a quoted column whose value is text the till reads ({@link #FORMAT}, its numbers
     * of any width) naming a date or time of day that does not exist, which the till reads as another. It binds no
     * value. No row matches both this and {@link #notInTheForm}.
     */
    public static String namingNoRealTime(String quotedColumn) {
        return "typeof(" + quotedColumn + ") = 'text' AND " + notSurelyRead(quotedColumn) + " AND (SELECT " + READ
                + " AND NOT (" + REAL + ") FROM " + fields(quotedColumn) + ")";
    }

    /**
     * The SQL condition (SQLite) on a quoted column matching every value {@link #notInTheForm} or
     * {@link #namingNoRealTime} matches, and few others: it holds for any value but text in {@link #FORMAT}'s own
     * widths naming a real time from year 1, whatever follows the seconds' digits, which is what SQLite's
     * CURRENT_TIMESTAMP, the legacy backend and posdb write: nearly every row. SQLite's {@code datetime()} with a
     * modifier gives such text back as it is (any other text it gives back changed, normalised, or not at all), in
     * one call a row, where the split into fields ({@link #fields}), which judges any widths, costs tens of
     * microseconds. The whole text is read first (a fraction of a second or a 'Z' after the time), then, only for
     * text that fails that, its first 19 characters followed by no digit (an offset, which SQLite would apply and the
     * till ignores). It binds no value, and gives the same answer on the operator's sqlite3 as in posdb: the full
     * conditions, which the doctor prints to be typed, carry it. A large shop's doctor screens its rows with the
     * cheaper {@link #screen}.
     */
    public static String notSurelyRead(String quotedColumn) {
        return notSurelyRead(quotedColumn, "datetime(" + quotedColumn + ", '+0 seconds') IS "
                + firstNineteen(quotedColumn));
    }

    /**
     * {@link #notSurelyRead}'s answer on posdb's own SQLite, for about two thirds of its time on a large shop (the
     * doctor's screen, never printed). posdb's SQLite normalises a day that does not exist ('2025-02-30') in
     * {@code datetime()} without a modifier, which costs a third of the call, but keeps an hour 24 as written: the
     * hour is compared as text instead. Older SQLite (an operator's sqlite3) keeps the day too, so this stays out of
     * anything printed.
     */
    public static String screen(String quotedColumn) {
        return notSurelyRead(quotedColumn, "datetime(" + quotedColumn + ") IS " + firstNineteen(quotedColumn)
                + " AND substr(" + quotedColumn + ", 12, 2) < '24'");
    }

    /**
     * Not text from year 1 of which {@code wholeTextRead} holds, nor text whose first 19 characters name a real time
     * followed by no digit. The year is compared as text: {@code +} takes the column's affinity away, since a time's
     * column (TIMESTAMP, DATETIME) has NUMERIC affinity, under which SQLite would compare '0001' as the number 1, and
     * year 0 ('0000-01-01 ...', more than 1) would pass.
     */
    private static String notSurelyRead(String quotedColumn, String wholeTextRead) {
        String written = firstNineteen(quotedColumn);
        return "NOT (+" + quotedColumn + " >= '0001' AND (" + wholeTextRead + " OR datetime(" + written
                + ", '+0 seconds') IS " + written + " AND NOT (substr(" + quotedColumn + ", 20, 1) BETWEEN '0' AND "
                + "'9')))";
    }

    private static String firstNineteen(String quotedColumn) {
        return "substr(" + quotedColumn + ", 1, 19)";
    }

    /** The fields split as the till reads them: numbers of one digit or more and the separators the form has. */
    private static final String READ = "f1 <> '' AND f2 <> '' AND f3 <> '' AND f4 <> '' AND f5 <> '' AND f6 <> '' "
            + "AND s1 = '-' AND s2 = '-' AND s3 = ' ' AND s4 = ':' AND s5 = ':' AND max(CAST(f1 AS INTEGER), "
            + "CAST(f2 AS INTEGER), CAST(f3 AS INTEGER), CAST(f4 AS INTEGER), CAST(f5 AS INTEGER), "
            + "CAST(f6 AS INTEGER)) <= 2147483647";

    /** The day the first three numbers name, written as SQLite writes a date, in a year of the same leap rule. */
    private static final String DAY = "printf('%04d-%02d-%02d', 2000 + CAST(f1 AS INTEGER) % 400, "
            + "CAST(f2 AS INTEGER), CAST(f3 AS INTEGER))";

    /** The numbers name a time that exists: a year from 1, a month, a day of that month, 0-23, 0-59, 0-59. */
    private static final String REAL = "CAST(f1 AS INTEGER) >= 1 AND CAST(f2 AS INTEGER) BETWEEN 1 AND 12 "
            + "AND date(" + DAY + ", '+0 days') IS " + DAY + " AND CAST(f4 AS INTEGER) <= 23 "
            + "AND CAST(f5 AS INTEGER) <= 59 AND CAST(f6 AS INTEGER) <= 59";

    /**
     * A one-row subquery on the column's value: its numbers f1 to f6 (the leading digits of what is left, '' when
     * none) and s1 to s5, the one character after each of the first five.
     */
    private static String fields(String quotedColumn) {
        String from = "(SELECT " + quotedColumn + " AS r0)";
        StringBuilder carried = new StringBuilder();
        for (int field = 1; field <= 6; field++) {
            String rest = "r" + (field - 1);
            String digits = "length(" + rest + ") - length(ltrim(" + rest + ", " + DIGITS + "))";
            // What follows the seconds' digits is not read: the last field needs no separator.
            String separatorAndRest = field == 6 ? "" : ", substr(" + rest + ", " + digits + " + 1, 1) AS s" + field
                    + ", substr(" + rest + ", " + digits + " + 2) AS r" + field;
            // OFFSET 0 keeps SQLite from flattening the levels into one expression, which would repeat each level's
            // text three times in the next: 3^6 copies, milliseconds a row.
            from = "(SELECT " + carried + "substr(" + rest + ", 1, " + digits + ") AS f" + field + separatorAndRest
                    + " FROM " + from + " LIMIT 1 OFFSET 0)";
            carried.append("f").append(field).append(", s").append(field).append(", ");
        }
        return from;
    }
}
