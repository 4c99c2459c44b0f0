package io.posdb.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which text a column of a number type holds as a number, judged the same for SQLite and PostgreSQL: the
 * stricter of the two, PostgreSQL's cast. SQLite stores text that reads as a number as one and keeps any other
 * text as it is; PostgreSQL's {@code USING c::type} refuses it, and a number too large for the type, in the
 * middle of the upgrade. So an integer type holds an optional sign and digits within its range ({@code 3.0}
 * too is refused: PostgreSQL's integer cast does), a {@code NUMERIC(p,s)} a decimal with at most {@code p - s}
 * digits before the point once rounded to {@code s} places, any other number type a decimal. Spaces around the
 * number are allowed by both. {@code NaN} and {@code Infinity}, which PostgreSQL's {@code NUMERIC} accepts, are
 * refused: the application's {@code BigDecimal} cannot hold them. The generator reads a default that becomes a
 * number the same way ({@code io.posdb.schema.PostgresTypes#defaultAs}).
 */
public final class NumberTypes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern PRECISION = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private NumberTypes() {
    }

    /** Whether a column of {@code type} ("INTEGER", "BIGINT", "NUMERIC(12,2)", "REAL") holds {@code text}. */
    public static boolean holds(String type, String text) {
        String value = text.strip();
        String upper = type.toUpperCase(Locale.ROOT);
        if (upper.contains("INT")) {
            if (!INTEGER.matcher(value).matches()) {
                return false;
            }
            BigDecimal number = new BigDecimal(value);
            BigDecimal largest = BigDecimal.valueOf(largestInteger(upper));
            return number.compareTo(largest) <= 0 && number.compareTo(largest.negate().subtract(BigDecimal.ONE)) >= 0;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException notANumber) {
            return false;
        }
        Matcher precision = PRECISION.matcher(upper);
        if (!upper.startsWith("NUMERIC") && !upper.startsWith("DECIMAL") || !precision.find()) {
            return true;
        }
        int digits = Integer.parseInt(precision.group(1));
        int scale = precision.group(2) == null ? 0 : Integer.parseInt(precision.group(2));
        return number.setScale(scale, RoundingMode.HALF_UP).abs().compareTo(BigDecimal.TEN.pow(digits - scale)) < 0;
    }

    /**
     * The largest value of an integer type, by its name's width: PostgreSQL's {@code INT8}/{@code INT2} are
     * {@code BIGINT}/{@code SMALLINT}; a {@code TINYINT} (what a {@code byte} field maps to) holds a byte, which
     * PostgreSQL's {@code SMALLINT} would pass and the application's {@code byte} would read wrapped around.
     */
    private static long largestInteger(String upper) {
        if (upper.contains("BIG") || upper.contains("INT8")) {
            return Long.MAX_VALUE;
        }
        if (upper.contains("SMALL") || upper.contains("INT2")) {
            return Short.MAX_VALUE;
        }
        return upper.contains("TINY") ? Byte.MAX_VALUE : Integer.MAX_VALUE;
    }
}
