package io.posdb.schema;

import java.util.Locale;
import java.util.Map;

/**
 * How PostgreSQL tells column types apart, as Hibernate's validation and PostgreSQL's {@code ALTER COLUMN ... TYPE}
 * do: the one rule for the generator's PostgreSQL changesets and for the undo a downgrade records on a server. SQLite's
 * affinity ({@link SchemaCatalog.Column#comparableType}) is not it: a boolean, an int and a long are one INTEGER to
 * SQLite, and BOOLEAN, INTEGER and BIGINT to PostgreSQL. Hibernate offers its rule only on JDBC type codes
 * ({@code Dialect.equivalentTypes}), with no server to read them from at generation time, so the names are sorted
 * into its kinds here; recheck it when Hibernate is upgraded. A type changed across kinds is written one way,
 * its default with it ({@link #alterType}).
 */
public final class PostgresTypes {

    /** The integer kinds by width in bytes. */
    private static final Map<String, Integer> INTEGER_WIDTHS = Map.of("int2", 2, "int4", 4, "int8", 8);

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
     * The actions of {@code ALTER TABLE} that change {@code column}'s type (the name quoted already) from {@code from}
     * to {@code to}: the type alone where PostgreSQL casts by itself, which casts the default with it. Across kinds
     * ({@link #castNeeded}) the values are cast with {@code USING}, and the default {@code defaultBefore} is dropped
     * first and {@code defaultAfter} set after (null: none): PostgreSQL casts a default only as it assigns a value,
     * and refuses one of the other kind ("default for column ... cannot be cast automatically": an integer's
     * {@code 0} to a boolean, text's {@code '1.50'} to a number; its documentation of ALTER TABLE drops the default
     * first). The generator's PostgreSQL changesets, each way, and the undo a server records, write a type so.
     */
    public static String alterType(String column, String from, String to, String defaultBefore, String defaultAfter) {
        String alter = "ALTER COLUMN " + column;
        if (!castNeeded(from, to)) {
            return alter + " TYPE " + to;
        }
        String cast = (defaultBefore == null ? "" : alter + " DROP DEFAULT, ") + alter + " TYPE " + to + " USING "
                + column + "::" + to;
        return defaultAfter == null ? cast : cast + ", " + alter + " SET DEFAULT " + defaultAfter;
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
