package io.posdb.migration.data;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How old values become new ones: either {@link #pairs} (old → new, compared trimmed and
 * lower-cased, run set-based in SQL so a million rows take seconds) or {@link #function}
 * (a small Java function, run row by row). Either way a value that cannot be mapped is
 * left for the fallback, or, with no fallback, left unchanged and counted as an error.
 */
public final class ValueMapping {

    /** The blanks the set-based SQL trims (its trim() strips only spaces by default). */
    static final String BLANKS = " \t\n\r";
    /** What the SQL's trim strips: those blanks at either end (String.strip() would strip more). */
    private static final Pattern EDGE_BLANKS = Pattern.compile("\\A[" + BLANKS + "]+|[" + BLANKS + "]+\\z");

    private final Map<String, String> pairs;
    private final UnaryOperator<String> function;

    private ValueMapping(Map<String, String> pairs, UnaryOperator<String> function) {
        this.pairs = pairs;
        this.function = function;
    }

    /**
     * Old value (any case, blanks around) → new value. The targets are the canonical values:
     * exactly-canonical rows are skipped, and each canonical value also maps onto itself.
     */
    public static ValueMapping pairs(Map<String, String> oldToNew) {
        Map<String, String> normalized = new LinkedHashMap<>();
        oldToNew.forEach((from, to) -> normalized.put(from.trim().toLowerCase(Locale.ROOT), to));
        return new ValueMapping(normalized, null);
    }

    /**
     * A Java function from the stored value (possibly null) to the new value; it returns the
     * value itself when nothing is to change, and null when it cannot map the value.
     */
    public static ValueMapping function(UnaryOperator<String> oldToNew) {
        return new ValueMapping(null, Objects.requireNonNull(oldToNew, "function"));
    }

    public boolean setBased() {
        return pairs != null;
    }

    /** The canonical values: the targets of the pairs. */
    Set<String> canonical() {
        return new LinkedHashSet<>(pairs.values());
    }

    /**
     * New value → the old value it maps back to on rollback: the first declared old value
     * that gives it ({@code admin=primary,user=staff} for the role remap). Pairs only.
     */
    Map<String, String> inversePairs() {
        Map<String, String> inverse = new LinkedHashMap<>();
        pairs.forEach((oldValue, newValue) -> inverse.putIfAbsent(newValue, oldValue));
        return inverse;
    }

    /** Old value (trimmed, lower-case) → new value, including each canonical value onto itself. */
    Map<String, String> fullPairs() {
        Map<String, String> full = new LinkedHashMap<>(pairs);
        canonical().forEach(value -> full.putIfAbsent(value, value));
        return full;
    }

    /** The new value for {@code old}, or null when it cannot be mapped (the same rule as the SQL). */
    String apply(String old) {
        if (function != null) {
            return function.apply(old);
        }
        if (old == null) {
            return null;
        }
        return fullPairs().get(EDGE_BLANKS.matcher(old).replaceAll("").toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return pairs != null ? pairs.toString() : "a Java function";
    }
}
