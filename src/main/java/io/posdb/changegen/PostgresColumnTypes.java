package io.posdb.changegen;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.database.Engine;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.sql.SqlScript;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ColumnConfig;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddDefaultValueChange;
import liquibase.change.core.CreateTableChange;
import liquibase.change.core.DropColumnChange;
import liquibase.change.core.DropDefaultValueChange;
import liquibase.change.core.DropTableChange;
import liquibase.change.core.ModifyDataTypeChange;
import liquibase.change.core.RenameColumnChange;
import liquibase.change.core.RenameTableChange;
import liquibase.changelog.ChangeSet;
import liquibase.statement.DatabaseFunction;

/**
 * The column types the changelog's PostgreSQL changesets give, in PostgreSQL's words: {@code BIGINT} where the
 * SQLite changeset says {@code INT} (a foreign key), {@code BOOLEAN} for a flag SQLite keeps in an {@code INT}.
 * What a PostgreSQL rollback puts a changed or dropped column back to: the generator's scratch database
 * ({@link ChangelogSchema}) is SQLite, and generating needs no server, so the changesets that run on
 * PostgreSQL are read in order instead: their SQL ({@code CREATE TABLE}, {@code ALTER TABLE} ... {@code ADD},
 * {@code ALTER ... TYPE}, {@code ALTER ... SET/DROP DEFAULT}, {@code DROP}, {@code RENAME}) and Liquibase's changes
 * of the same kinds. With each type, the column's default in the same words ({@code TRUE} where SQLite's
 * changeset says {@code 1}): what a cast across kinds carries over and its rollback puts back.
 */
final class PostgresColumnTypes {

    private static final String NAME = SqlIdentifiers.NAME_IN_SQL;
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + NAME + "\\s*\\((.*)\\)$");
    private static final Pattern ALTER_TABLE = Pattern.compile("(?is)^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?"
            + "(?:ONLY\\s+)?" + NAME + "\\s+(.*)$");
    private static final Pattern DROP_TABLE = Pattern.compile("(?is)^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME
            + ".*");
    private static final Pattern TABLE_CONSTRAINT = Pattern.compile(
            "(?is)^(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE|LIKE)\\b.*");
    private static final Pattern ADD_COLUMN = Pattern.compile("(?is)^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + "(?!(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\\b)(.*)$");
    private static final Pattern COLUMN_TYPE = Pattern.compile("(?is)^ALTER\\s+(?:COLUMN\\s+)?" + NAME
            + "\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+(.*?)(?:\\s+(?:USING|COLLATE)\\b.*)?$");
    private static final Pattern COLUMN_DEFAULT = Pattern.compile("(?is)^ALTER\\s+(?:COLUMN\\s+)?" + NAME
            + "\\s+(?:SET\\s+DEFAULT\\s+(.*)|DROP\\s+DEFAULT)$");
    private static final Pattern DROP_COLUMN = Pattern.compile("(?is)^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?"
            + "(?!(?:CONSTRAINT|DEFAULT|NOT|IDENTITY|EXPRESSION)\\b)" + NAME + "(?:\\s+(?:CASCADE|RESTRICT))?$");
    private static final Pattern RENAME_COLUMN = Pattern.compile("(?is)^RENAME\\s+(?:COLUMN\\s+)?(?!TO\\b)" + NAME
            + "\\s+TO\\s+" + NAME + "$");
    private static final Pattern RENAME_TABLE = Pattern.compile("(?is)^RENAME\\s+TO\\s+" + NAME + "$");
    /** A serial is its integer type with a sequence: what ALTER COLUMN ... TYPE takes is the integer. */
    private static final Map<String, String> SERIALS = Map.of("SMALLSERIAL", "SMALLINT", "SERIAL", "INTEGER",
            "BIGSERIAL", "BIGINT", "SERIAL2", "SMALLINT", "SERIAL4", "INTEGER", "SERIAL8", "BIGINT");

    /** A column as the changesets leave it: its type, upper case, and its default as written (null: none). */
    private record Column(String type, String defaultValue) {
    }

    /** Columns by table, then column; names in lower case, as PostgreSQL folds the unquoted ones. */
    private final Map<String, Map<String, Column>> tables = new HashMap<>();

    /** The types after {@code changeSets}, those that run on PostgreSQL, in the changelog's order. */
    static PostgresColumnTypes of(List<ChangeSet> changeSets) {
        PostgresColumnTypes types = new PostgresColumnTypes();
        changeSets.stream().filter(changeSet -> ChangelogManifest.appliesTo(changeSet, Engine.POSTGRESQL))
                .flatMap(changeSet -> changeSet.getChanges().stream()).forEach(types::apply);
        return types;
    }

    /**
     * The type of {@code table.column} on PostgreSQL, upper case. A column whose type the changesets do not say
     * (SQL this reading does not follow) is refused by the generator, never given SQLite's type in its place.
     */
    String type(String table, String column) {
        return Optional.ofNullable(known(table, column)).orElseThrow(() -> new IllegalStateException("the changelog's "
                + "PostgreSQL changesets do not say the type of " + table + "." + column + " in a way the generator "
                + "reads; write this changeset by hand (docs/writing-migrations.md, \"How to add a new migration\")"));
    }

    /** The type of {@code table.column} on PostgreSQL, upper case, or null where the changesets do not say it. */
    String known(String table, String column) {
        Column known = tables.getOrDefault(key(table), Map.of()).get(key(column));
        return known == null ? null : known.type();
    }

    /** The default of {@code table.column} on PostgreSQL, as the changesets write it; null for none. */
    String defaultValue(String table, String column) {
        Column known = tables.getOrDefault(key(table), Map.of()).get(key(column));
        return known == null ? null : known.defaultValue();
    }

    private void apply(Change change) {
        if (change instanceof AbstractSQLChange sql && sql.getSql() != null) {
            SqlScript.statements(sql)
                    .forEach(statement -> statement(SqlScript.withoutComments(statement).strip().replaceAll(";$", "")));
        } else if (change instanceof CreateTableChange create) {
            Map<String, Column> columns = new LinkedHashMap<>();
            create.getColumns().forEach(c -> columns.put(key(c.getName()), column(c)));
            tables.put(key(create.getTableName()), columns);
        } else if (change instanceof AddColumnChange add) {
            for (ColumnConfig c : add.getColumns()) {
                columns(add.getTableName()).put(key(c.getName()), column(c));
            }
        } else if (change instanceof ModifyDataTypeChange modify) {
            retype(modify.getTableName(), modify.getColumnName(), modify.getNewDataType());
        } else if (change instanceof AddDefaultValueChange add) {
            // Its number is text here (ColumnConfig's is a Number): written as it is, as a function's.
            setDefault(add.getTableName(), add.getColumnName(), written(add.getDefaultValueComputed() != null
                    ? add.getDefaultValueComputed() : add.getDefaultValueBoolean() != null ? add.getDefaultValueBoolean()
                    : add.getDefaultValueNumeric() != null ? new DatabaseFunction(add.getDefaultValueNumeric())
                    : add.getDefaultValueDate() != null ? add.getDefaultValueDate() : add.getDefaultValue()));
        } else if (change instanceof DropDefaultValueChange drop) {
            setDefault(drop.getTableName(), drop.getColumnName(), null);
        } else if (change instanceof RenameColumnChange rename) {
            renameColumn(rename.getTableName(), rename.getOldColumnName(), rename.getNewColumnName());
        } else if (change instanceof RenameTableChange rename) {
            renameTable(rename.getOldTableName(), rename.getNewTableName());
        } else if (change instanceof DropColumnChange drop) {
            if (drop.getColumnName() != null) {
                columns(drop.getTableName()).remove(key(drop.getColumnName()));
            }
            drop.getColumns().forEach(c -> columns(drop.getTableName()).remove(key(c.getName())));
        } else if (change instanceof DropTableChange drop) {
            tables.remove(key(drop.getTableName()));
        }
    }

    private void statement(String statement) {
        Matcher m;
        if ((m = CREATE_TABLE.matcher(statement)).matches()) {
            Map<String, Column> columns = new LinkedHashMap<>();
            for (String item : SqlScript.listItems(m.group(2))) {
                if (!TABLE_CONSTRAINT.matcher(item.strip()).matches()) {
                    columns.put(key(SqlScript.terms(item).get(0)), column(item.strip()));
                }
            }
            tables.put(key(m.group(1)), columns);
        } else if ((m = ALTER_TABLE.matcher(statement)).matches()) {
            String table = m.group(1);
            SqlScript.listItems(m.group(2)).forEach(action -> alter(table, action.strip()));
        } else if ((m = DROP_TABLE.matcher(statement)).matches()) {
            tables.remove(key(m.group(1)));
        }
    }

    private void alter(String table, String action) {
        Matcher m;
        if ((m = COLUMN_TYPE.matcher(action)).matches()) {
            retype(table, m.group(1), m.group(2));
        } else if ((m = COLUMN_DEFAULT.matcher(action)).matches()) {
            setDefault(table, m.group(1), m.group(2) == null ? null : m.group(2).strip());
        } else if ((m = RENAME_TABLE.matcher(action)).matches()) {
            renameTable(table, m.group(1));
        } else if ((m = RENAME_COLUMN.matcher(action)).matches()) {
            renameColumn(table, m.group(1), m.group(2));
        } else if ((m = DROP_COLUMN.matcher(action)).matches()) {
            columns(table).remove(key(m.group(1)));
        } else if ((m = ADD_COLUMN.matcher(action)).matches()) {
            columns(table).put(key(SqlScript.terms(m.group(1)).get(0)), column(m.group(1).strip()));
        }
    }

    /** A new type; PostgreSQL keeps the column's default, cast (a changeset that drops it says so itself). */
    private void retype(String table, String column, String type) {
        Column was = columns(table).get(key(column));
        columns(table).put(key(column), new Column(type(type), was == null ? null : was.defaultValue()));
    }

    private void setDefault(String table, String column, String value) {
        Column was = columns(table).get(key(column));
        if (was != null) {
            columns(table).put(key(column), new Column(was.type(), value));
        }
    }

    private void renameColumn(String table, String from, String to) {
        Column column = columns(table).remove(key(from));
        if (column != null) {
            columns(table).put(key(to), column);
        }
    }

    private void renameTable(String from, String to) {
        Map<String, Column> columns = tables.remove(key(from));
        if (columns != null) {
            tables.put(key(to), columns);
        }
    }

    private Map<String, Column> columns(String table) {
        return tables.computeIfAbsent(key(table), t -> new LinkedHashMap<>());
    }

    /** A name as the catalog compares it: unquoted, lower case. */
    private static String key(String name) {
        return name.replaceAll("^[\"`\\[]|[\"`\\]]$", "").toLowerCase(Locale.ROOT);
    }

    /** A column from its SQL definition ({@code "c" INTEGER NOT NULL DEFAULT 0}). */
    private static Column column(String definition) {
        return new Column(type(ColumnSql.declaredType(definition)), ColumnSql.declaredDefault(definition));
    }

    /** A column from Liquibase's createTable or addColumn. */
    private static Column column(ColumnConfig c) {
        return new Column(type(c.getType()), written(c.getDefaultValueObject()));
    }

    /** A default Liquibase holds as an object in SQL's words: a function or number as it is, a flag, else text. */
    private static String written(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof DatabaseFunction function) {
            return function.getValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? "TRUE" : "FALSE";
        }
        return value instanceof Number ? value.toString() : SqlIdentifiers.literal(value.toString());
    }

    private static String type(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String type = declared.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return SERIALS.getOrDefault(type, type);
    }
}
