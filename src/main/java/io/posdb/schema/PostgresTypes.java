package io.posdb.schema;

import io.posdb.sql.NumberTypes;
import io.posdb.sql.SqlIdentifiers;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How PostgreSQL tells column types apart, as Hibernate's validation and PostgreSQL's {@code ALTER COLUMN ... TYPE}
 * do: the one rule for the generator's PostgreSQL changesets and for the undo a downgrade records on a server. SQLite's
 * affinity ({@link SchemaCatalog.Column#comparableType}) is not it: a boolean, an int and a long are one INTEGER to
 * SQLite, and BOOLEAN, INTEGER and BIGINT to PostgreSQL. Hibernate offers its rule only on JDBC type codes
 * ({@code Dialect.equivalentTypes}), with no server to read them from at generation time, so the names are sorted
 * into its kinds here; recheck it when Hibernate is upgraded. A type changed across kinds is written one way,
 * its default with it ({@link #alterType}, {@link #defaultAs}).
 */
public final class PostgresTypes {

    /** The integer kinds by width in bytes. */
    private static final Map<String, Integer> INTEGER_WIDTHS = Map.of("int2", 2, "int4", 4, "int8", 8);
    private static final Set<String> NUMBER_KINDS = Set.of("int2", "int4", "int8", "numeric", "float");
    private static final Set<String> TEXT_KINDS = Set.of("varchar", "char");
    /** A number as SQL writes one: {@code 0}, {@code -1}, {@code 2.50}, {@code 1e3}. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    /** A string literal, with the cast PostgreSQL's own text of a default adds ({@code 'staff'::character varying}). */
    private static final Pattern STRING = Pattern.compile("(?i)'((?:[^']|'')*)'(?:::[a-z ]+(?:\\([\\d, ]+\\))?)?");
    /** What PostgreSQL's boolean reads as true or false, in any case and with spaces around. */
    private static final Set<String> TRUE_WORDS = Set.of("t", "true", "y", "yes", "on", "1");
    private static final Set<String> FALSE_WORDS = Set.of("f", "false", "n", "no", "off", "0");
    /** The current time, and the kinds of type PostgreSQL assigns it to (as a column's values are cast). */
    private static final Pattern CURRENT_TIMESTAMP = Pattern.compile(
            "(?i)(?:current_timestamp|localtimestamp)(?:\\s*\\(\\s*\\d+\\s*\\))?|now\\s*\\(\\s*\\)|current_date");
    private static final Set<String> TIMESTAMP_KINDS = Set.of("timestamp", "timestamptz", "date");
    private static final Pattern CURRENT_TIME = Pattern.compile(
            "(?i)(?:current_time|localtime)(?:\\s*\\(\\s*\\d+\\s*\\))?");
    private static final Set<String> TIME_KINDS = Set.of("time", "timetz");

    private PostgresTypes() {
    }

    /**
     * Whether Hibernate's validation on PostgreSQL accepts a column of type {@code found} for an entity column whose
     * type Hibernate's PostgreSQL DDL writes {@code wanted}: the same type whatever its length or PostgreSQL's alias
     * for it ({@code INT4} is {@code INTEGER}), or one Hibernate counts as the same (any floating point type, any
     * numeric or decimal, any varchar or text: {@code Dialect.equivalentTypes}), or an integer at least as wide
     * ({@code BIGINT} for an {@code int}, never {@code INTEGER} for a {@code long}). Otherwise the column must be
     * altered on PostgreSQL, even where SQLite's affinity (one INTEGER for a boolean, an int, a long) sees no
     * change.
     */
    public static boolean validates(String found, String wanted) {
        String foundKind = kind(found);
        String wantedKind = kind(wanted);
        if (INTEGER_WIDTHS.containsKey(foundKind) && INTEGER_WIDTHS.containsKey(wantedKind)) {
            return INTEGER_WIDTHS.get(foundKind) >= INTEGER_WIDTHS.get(wantedKind);
        }
        return foundKind.equals(wantedKind);
    }

    /**
     * Whether PostgreSQL's {@code ALTER COLUMN ... TYPE} from {@code from} to {@code to} needs {@code USING}: the
     * types are of different kinds (text and a number, an integer and a boolean); a longer varchar or a wider
     * integer is cast by PostgreSQL itself.
     */
    public static boolean castNeeded(String from, String to) {
        String fromKind = kind(from);
        String toKind = kind(to);
        return !fromKind.equals(toKind)
                && !(INTEGER_WIDTHS.containsKey(fromKind) && INTEGER_WIDTHS.containsKey(toKind));
    }

    /**
     * The actions of {@code ALTER TABLE} that change {@code column}'s type (the name quoted already) to {@code to}:
     * the type alone where PostgreSQL casts by itself, which casts the default with it. Across kinds ({@code cast},
     * as the caller decided it with {@link #castNeeded}) the values are cast with {@code USING}, and the default
     * {@code defaultBefore} is dropped first and {@code defaultAfter} set after (null: none): PostgreSQL casts a
     * default only as it assigns a value, and refuses one of the other kind ("default for column ... cannot be cast
     * automatically": an integer's {@code 0} to a boolean, text's {@code '1.50'} to a number; its documentation of
     * ALTER TABLE drops the default first). The generator's PostgreSQL changesets, each way, and the undo a server
     * records, write a type so.
     */
    public static String alterType(String column, String to, boolean cast, String defaultBefore, String defaultAfter) {
        String alter = "ALTER COLUMN " + column;
        if (!cast) {
            return alter + " TYPE " + to;
        }
        String using = (defaultBefore == null ? "" : alter + " DROP DEFAULT, ") + alter + " TYPE " + to + " USING "
                + column + "::" + to;
        return defaultAfter == null ? using : using + ", " + alter + " SET DEFAULT " + defaultAfter;
    }

    /**
     * A column's default ({@code value}, as PostgreSQL's SQL writes it: {@code 0}, {@code TRUE}, {@code 'staff'},
     * {@code CURRENT_TIMESTAMP}) in a column of type {@code type}, the same value as the cast {@code USING c::type}
     * turns the column's values into: an integer's 0 is {@code FALSE} and any other {@code TRUE} in a boolean, a
     * flag is 1 or 0 in an integer and {@code 'true'} or {@code 'false'} in text, a number is its text in text, and
     * text is the number or flag it reads as (a number as the rows are verified, {@link NumberTypes}: within the
     * type's range and precision); {@code NULL} stays; the current time stays for a type of date or time. Empty
     * where the type holds no such value (text that reads as no number, a flag in a decimal, text longer than a
     * varchar's length, a date becoming a number) or the default is another expression: the caller refuses.
     */
    public static Optional<String> defaultAs(String value, String type) {
        String literal = value.strip();
        while (literal.startsWith("(") && literal.endsWith(")")) {
            literal = literal.substring(1, literal.length() - 1).strip();
        }
        String kind = kind(type);
        if (literal.equalsIgnoreCase("NULL")) {
            return Optional.of("NULL");
        }
        Matcher string = STRING.matcher(literal);
        String text = string.matches() ? string.group(1).replace("''", "'") : null;
        Boolean flag = literal.equalsIgnoreCase("TRUE") ? Boolean.TRUE : literal.equalsIgnoreCase("FALSE") ? Boolean.FALSE
                : null;
        if (text == null && flag == null && !NUMBER.matcher(literal).matches()) {
            boolean now = CURRENT_TIMESTAMP.matcher(literal).matches() && TIMESTAMP_KINDS.contains(kind)
                    || CURRENT_TIME.matcher(literal).matches() && TIME_KINDS.contains(kind);
            return now ? Optional.of(value.strip()) : Optional.empty();
        }
        if (kind.equals("boolean")) {
            if (flag != null) {
                return Optional.of(flag ? "TRUE" : "FALSE");
            }
            if (text != null) {
                String word = text.strip().toLowerCase(Locale.ROOT);
                return TRUE_WORDS.contains(word) ? Optional.of("TRUE")
                        : FALSE_WORDS.contains(word) ? Optional.of("FALSE") : Optional.empty();
            }
            // PostgreSQL casts an integer to a boolean (0 is false), a decimal not at all.
            return !literal.matches("[+-]?\\d+") ? Optional.empty()
                    : Optional.of(new BigInteger(literal).signum() == 0 ? "FALSE" : "TRUE");
        }
        if (NUMBER_KINDS.contains(kind)) {
            if (flag != null) {
                // PostgreSQL casts a boolean to an integer, to no other number.
                return INTEGER_WIDTHS.containsKey(kind) ? Optional.of(flag ? "1" : "0") : Optional.empty();
            }
            String number = (text != null ? text : literal).strip();
            return NumberTypes.holds(type, number) ? Optional.of(number) : Optional.empty();
        }
        if (TEXT_KINDS.contains(kind)) {
            String words = flag != null ? flag.toString() : text != null ? text : literal;
            Integer length = SchemaCatalog.declaredLength(type);
            return length != null && words.length() > length ? Optional.empty() : Optional.of(SqlIdentifiers.literal(words));
        }
        return Optional.empty();
    }

    /**
     * A type's kind as Hibernate's validation tells types apart on PostgreSQL: its name without length, precision or
     * PostgreSQL's and Liquibase's other names for it ({@code INT4}, {@code SERIAL}, {@code DATETIME}, {@code CLOB}).
     */
    private static String kind(String type) {
        String name = type.toLowerCase(Locale.ROOT).replaceAll("\\s*\\([^)]*\\)", "").replaceAll("\\s+", " ").strip();
        return switch (name) {
            case "smallint", "int2", "smallserial", "serial2", "tinyint" -> "int2";
            case "integer", "int", "int4", "serial", "serial4", "mediumint" -> "int4";
            case "bigint", "int8", "bigserial", "serial8" -> "int8";
            case "real", "float", "float4", "float8", "double", "double precision" -> "float";
            case "numeric", "decimal" -> "numeric";
            case "varchar", "character varying", "text", "clob", "nvarchar", "longvarchar" -> "varchar";
            case "char", "character", "bpchar", "nchar" -> "char";
            case "boolean", "bool" -> "boolean";
            case "timestamp", "timestamp without time zone", "datetime" -> "timestamp";
            case "timestamptz", "timestamp with time zone" -> "timestamptz";
            case "time", "time without time zone" -> "time";
            case "timetz", "time with time zone" -> "timetz";
            // Liquibase's BLOB is an oid on PostgreSQL (not bytea, Hibernate's byte[]).
            case "blob", "oid" -> "oid";
            default -> name;
        };
    }
}
