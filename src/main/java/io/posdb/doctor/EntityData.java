package io.posdb.doctor;

import io.posdb.database.TillDatabase;
import io.posdb.database.TillTimeText;
import io.posdb.orm.Entities;
import io.posdb.orm.MoneyTextConverter;
import io.posdb.orm.Role;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rows the entities (or their constraints) would reject, as the old guide's "check for edge
 * cases" asked: NULL in a column the entity requires, empty text there, a role the {@link Role}
 * enum does not know, text longer than its column declares (any table's), an amount that is not a
 * decimal number, on SQLite a time in a text form the till cannot read or naming a date or time of
 * day that does not exist (which it reads as another). The rules are read from the entities' own
 * annotations ({@link Entities#ALL}), so they cannot differ from what Hibernate maps. Besides them, the rows
 * holding a value in a column a shop added by hand, which the changelog does not own
 * ({@link #valuesInColumnsMadeByHand}). A finding names the column, how many rows and their ids, never a
 * value: the report goes into support bundles.
 */
final class EntityData {

    private static final int IDS_SHOWN = 5;
    /** Rows screened per part of a large table: a part is read on its own connection, beside the others. */
    private static final long ROWS_PER_PART = 100_000;

    /**
     * One kind of rejected row in one column: what is wrong, how many, the first rows by their key ({@code id}, or
     * SQLite's {@code rowid} in a table without one), and the SELECT that lists them.
     */
    record Finding(String column, String problem, long rows, String key, List<String> ids, String select) {
        String text() {
            return column + ": " + rows + " row(s) " + problem + " (" + key + " " + String.join(", ", ids)
                    + (rows > ids.size() ? ", ..." : "") + ")";
        }
    }

    private EntityData() {
    }

    /**
     * The findings on the live catalog's tables. {@code rolesRemapPending}: the database has pending
     * changesets, which map legacy role values first (and halt on one they cannot map), so role
     * values (and their length) are judged only once the database is up to date.
     */
    static List<Finding> check(TillDatabase readable, Connection connection, SchemaCatalog live,
                               boolean rolesRemapPending, boolean sqlite) throws SQLException {
        return check(readable, connection, live, rolesRemapPending, sqlite, ROWS_PER_PART);
    }

    /** {@link #check}, a large table screened in parts of about {@code rowsPerPart} rows. */
    static List<Finding> check(TillDatabase readable, Connection connection, SchemaCatalog live,
                               boolean rolesRemapPending, boolean sqlite, long rowsPerPart) throws SQLException {
        List<TableRules> tables = new ArrayList<>();
        for (Class<?> entity : Entities.ALL) {
            String table = Entities.table(entity);
            if (live.table(table) == null) {
                continue;
            }
            List<Rule> rules = new ArrayList<>();
            for (Field field : entity.getDeclaredFields()) {
                Column column = field.getAnnotation(Column.class);
                if (column == null || live.table(table).column(column.name()) == null) {
                    continue;
                }
                String name = SqlIdentifiers.quoteAny(column.name());
                String label = table + "." + column.name();
                if (!column.nullable() && !live.table(table).column(column.name()).notNull()) {
                    // A NOT NULL column cannot hold NULL: SQLite enforces it always, so no scan is needed.
                    rules.add(new Rule(label, "with NULL, which the entity requires", name + " IS NULL", List.of()));
                }
                if (!column.nullable() && field.getType() == String.class) {
                    rules.add(new Rule(label, "with empty text", name + " = ?", List.of("")));
                }
                // A legacy role ('primary') is longer than the entity's column until the pending remap maps
                // it: its length is judged with the role values, once the database is up to date.
                boolean roleAwaitingRemap = field.getType() == Role.class && rolesRemapPending;
                if (!roleAwaitingRemap) {
                    lengthRule(live.table(table).column(column.name()), label).ifPresent(rules::add);
                }
                if (sqlite && Temporal.class.isAssignableFrom(field.getType())) {
                    // SQLite keeps a time as the text it was given; the till reads the form SQLite's
                    // CURRENT_TIMESTAMP and the legacy backend write (fractions of a second and an offset after
                    // it are ignored). Text in another form ('2024-03-01T08:00:00', '01/03/2024') fails the read;
                    // a date or time of day that does not exist ('2025-13-45', '2025-02-30', 25:00) is read as
                    // another: the shop's record would change without a word (TillTimeText, as transfer refuses).
                    String screen = TillTimeText.screen(name);
                    rules.add(new Rule(label, "with a time not written " + TillTimeText.FORMAT,
                            TillTimeText.notInTheForm(name), List.of(), screen));
                    rules.add(new Rule(label, "with a date or time of day that does not exist, which the till "
                            + "reads as another", TillTimeText.namingNoRealTime(name), List.of(), screen));
                }
                Convert converter = field.getAnnotation(Convert.class);
                if (converter != null && converter.converter() == MoneyTextConverter.class) {
                    // The converter reads exact decimal text; '2,50' or '€2.50' (a hand edit, an import) fails the read.
                    rules.add(new Rule(label, "with an amount that is not a decimal number", sqlite
                            ? "trim(" + name + ") GLOB '*[^0-9.eE+-]*' OR trim(" + name + ") NOT GLOB '*[0-9]*'"
                            : "trim(" + name + ") !~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'",
                            List.of()));
                }
                if (field.getType() == Role.class && !rolesRemapPending) {
                    List<String> known = Arrays.stream(Role.values()).map(Role::storedValue).toList();
                    rules.add(new Rule(label, "with a role the entity does not know (it knows "
                            + String.join(", ", known) + ")", name + " NOT IN ("
                            + String.join(", ", known.stream().map(v -> "?").toList()) + ")", known));
                }
            }
            tables.add(new TableRules(live.table(table), "id", rules));
        }
        // A table no entity maps (posdb's audit, a later release's table, one made by hand) holds text a server
        // refuses too: on SQLite, whose columns keep longer text, its rows are named by id, else by rowid, as the
        // transfer that refuses them names them. A server's column never holds such text: its tables are not read.
        List<String> mapped = Entities.ALL.stream().map(Entities::table).toList();
        for (SchemaCatalog.Table table : live.tables().values()) {
            if (sqlite && !mapped.contains(table.name())) {
                List<Rule> rules = new ArrayList<>();
                for (SchemaCatalog.Column column : table.columns()) {
                    lengthRule(column, table.name() + "." + column.name()).ifPresent(rules::add);
                }
                tables.add(new TableRules(table, table.rowKey(), rules));
            }
        }
        Set<String> suspect = sqlite ? screen(readable, connection, tables, rowsPerPart)
                : screen(connection, tables);
        List<Finding> findings = new ArrayList<>();
        for (TableRules table : tables) {
            if (suspect.contains(table.table().name())) {
                judge(findings, connection, table.table().name(), table.key(), table.rules());
            }
        }
        return findings;
    }

    /** A table's rules, and the column its rows are named by. */
    private record TableRules(SchemaCatalog.Table table, String key, List<Rule> rules) {
    }

    /**
     * The tables with a row meeting one of its rules' screens ({@link Rule#screen}), on a server: each table read
     * once, cheaply, stopping at the first such row (the server parallelises a scan itself).
     */
    private static Set<String> screen(Connection connection, List<TableRules> tables) throws SQLException {
        Set<String> suspect = new HashSet<>();
        for (TableRules table : tables) {
            for (ScreenedPart part : ScreenedPart.of(table, List.of())) {
                if (part.anyRowMeetsAScreen(connection)) {
                    suspect.add(part.table());
                }
            }
        }
        return suspect;
    }

    /**
     * The tables with a row meeting one of its rules' screens ({@link Rule#screen}), on SQLite: each table read once,
     * cheaply, stopping at the first such row (a healthy shop's tables are read once), a large one in parts (ranges
     * of its INTEGER PRIMARY KEY id, the rowid, whose ranges read disjoint pages), the parts on as many read-only
     * connections as the machine has processors, beside {@code PRAGMA quick_check}: on a large shop the screens are
     * most of the doctor's time (issue 22 holds it to twice quick_check's). Once a part finds a row, its table's
     * parts not yet started are skipped. Each connection reads at its own moment, as the doctor's other checks do:
     * a till writing meanwhile may add a row one part does not see, which the next doctor judges.
     */
    private static Set<String> screen(TillDatabase readable, Connection connection, List<TableRules> tables,
                                      long rowsPerPart) throws SQLException {
        List<ScreenedPart> parts = new ArrayList<>();
        for (TableRules table : tables) {
            parts.addAll(ScreenedPart.of(table, bounds(connection, table.table(), rowsPerPart)));
        }
        Set<String> suspect = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parts.size(),
                Runtime.getRuntime().availableProcessors())), runnable -> {
                    Thread thread = new Thread(runnable, "posdb-doctor-data");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Void>> screened = new ArrayList<>();
            for (ScreenedPart part : parts) {
                screened.add(pool.submit(() -> {
                    if (!suspect.contains(part.table())) {
                        try (Connection own = readable.open()) {
                            if (part.anyRowMeetsAScreen(own)) {
                                suspect.add(part.table());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> part : screened) {
                part.get();
            }
        } catch (ExecutionException e) {
            // A part's failure, as the read on this thread would have thrown it.
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the data", e);
        } finally {
            pool.shutdownNow();
        }
        return suspect;
    }

    /**
     * Where a table's parts meet: none for a small table, or one without an INTEGER PRIMARY KEY id (its
     * rows have no ranges that read disjoint pages). The first part reads all below the first bound, the
     * last all from the last, each other one from its bound to the next: together every row, once, whatever
     * the ids between (a WITHOUT ROWID table's integer key may hold text, which sorts after every number).
     */
    private static List<Long> bounds(Connection connection, SchemaCatalog.Table table, long rowsPerPart)
            throws SQLException {
        SchemaCatalog.Column id = table.column("id");
        if (id == null || !table.primaryKey().equals(List.of(id.name()))
                || !"INTEGER".equalsIgnoreCase(id.type())) {
            return List.of();
        }
        // Each read from an end of the table's b-tree: SQLite does so for a query of one min() or max() alone
        // (both in one SELECT, or a WHERE, would make it a scan of the table).
        String quoted = SqlIdentifiers.quoteAny(table.name());
        long[] range = Jdbc.rows(connection, "SELECT (SELECT min(id) FROM " + quoted + "), (SELECT max(id) FROM "
                + quoted + ")", List.of(), rs -> rs.getObject(1) instanceof Number first
                        && rs.getObject(2) instanceof Number last ? new long[] {first.longValue(), last.longValue()}
                        : null).get(0);
        if (range == null) {
            return List.of(); // an empty table, or one whose ids are not numbers
        }
        long from = range[0];
        long to = range[1];
        long parts = Math.min(16, (to - from) / rowsPerPart + 1);
        List<Long> bounds = new ArrayList<>();
        for (long part = 1; part < parts; part++) {
            bounds.add(from + (to - from) / parts * part);
        }
        return bounds;
    }

    /** The SELECT of one table's screens over one range of its rows, or all of them, with its values. */
    private record ScreenedPart(String table, String sql, List<Object> values) {

        /** The table's parts: one, or one more than {@code bounds} ({@link EntityData#bounds}). */
        static List<ScreenedPart> of(TableRules table, List<Long> bounds) {
            Map<String, List<?>> screens = new LinkedHashMap<>();
            for (Rule rule : table.rules()) {
                screens.putIfAbsent(rule.screen() == null ? rule.condition() : rule.screen(), rule.values());
            }
            if (screens.isEmpty()) {
                return List.of();
            }
            String name = table.table().name();
            String where = "(" + String.join(") OR (", screens.keySet()) + ")";
            List<Object> values = screens.values().stream().flatMap(List::stream).map(Object.class::cast).toList();
            List<ScreenedPart> parts = new ArrayList<>();
            for (int part = 0; part <= bounds.size(); part++) {
                List<Object> bound = new ArrayList<>();
                String range = "";
                if (part > 0) {
                    range += "id >= ? AND ";
                    bound.add(bounds.get(part - 1));
                }
                if (part < bounds.size()) {
                    range += "id < ? AND ";
                    bound.add(bounds.get(part));
                }
                bound.addAll(values);
                parts.add(new ScreenedPart(name, "SELECT 1 FROM " + SqlIdentifiers.quoteAny(name) + " WHERE " + range
                        + "(" + where + ") LIMIT 1", bound));
            }
            return parts;
        }

        boolean anyRowMeetsAScreen(Connection connection) throws SQLException {
            return !Jdbc.rows(connection, sql, values, rs -> true).isEmpty();
        }
    }

    /**
     * Text longer than the column's declared VARCHAR(n) ({@link SchemaCatalog.Column#length}: the changelog's, which
     * the entity's {@code @Column} length follows and PostgreSQL enforces, while SQLite keeps longer text); the one
     * limit the transfer refuses by too. None for a column that declares no length.
     */
    private static Optional<Rule> lengthRule(SchemaCatalog.Column column, String label) {
        Integer length = column.length();
        String name = SqlIdentifiers.quoteAny(column.name());
        // Screened by bytes, which SQLite reads from the row's header (no text is read): never fewer than characters.
        return length == null ? Optional.empty() : Optional.of(new Rule(label, "longer than its column's " + length
                + " characters", "LENGTH(" + name + ") > ?", List.of(length), "octet_length(" + name + ") > ?"));
    }

    /**
     * The rows holding a value in {@code columns}, columns a shop added by hand to the changelog's tables
     * ({@link SchemaDifference#columnsAddedToExpectedTables}): a finding for each that has any, counted and listed as
     * a rejected row is. A column with none holds nothing to lose and has no finding.
     */
    static List<Finding> valuesInColumnsMadeByHand(Connection connection, List<SchemaDifference> columns)
            throws SQLException {
        Map<String, List<Rule>> rulesByTable = new LinkedHashMap<>();
        for (SchemaDifference column : columns) {
            rulesByTable.computeIfAbsent(column.table(), table -> new ArrayList<>()).add(new Rule(column.name(),
                    "with a value in a column the changelog does not own",
                    SqlIdentifiers.quoteAny(column.column()) + " IS NOT NULL", List.of()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<Rule>> table : rulesByTable.entrySet()) {
            judge(findings, connection, table.getKey(), "id", table.getValue());
        }
        return findings;
    }

    /**
     * One rule on one column: the SQL condition a rejected row meets, with its values to bind, and a cheaper condition
     * every such row meets too ({@code screen}, binding the same values; null: the condition itself), which rules may
     * share.
     */
    private record Rule(String label, String problem, String condition, List<?> values, String screen) {
        Rule(String label, String problem, String condition, List<?> values) {
            this(label, problem, condition, values, null);
        }
    }

    /**
     * Every rule of a table judged in one pass over it (a large shop's file is read once per table, not once per
     * rule), and the rows of a rule that matched listed by their {@code key} column.
     */
    private static void judge(List<Finding> findings, Connection connection, String table, String key,
                              List<Rule> rules) throws SQLException {
        String sums = String.join(", ", rules.stream()
                .map(r -> "COALESCE(SUM(CASE WHEN " + r.condition() + " THEN 1 ELSE 0 END), 0)").toList());
        try (PreparedStatement statement = Jdbc.prepare(connection, "SELECT " + sums + " FROM "
                + SqlIdentifiers.quoteAny(table), rules.stream().flatMap(rule -> rule.values().stream()).toList());
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            for (int i = 0; i < rules.size(); i++) {
                if (rs.getLong(i + 1) > 0) {
                    finding(connection, table, key, rules.get(i)).ifPresent(findings::add);
                }
            }
        }
    }

    /**
     * Counts the rows matching the rule's condition with its values bound, and
     * keeps the first ids. The SELECT given to the operator to type has the values written in (a shell
     * command cannot bind); they are the entities' own lengths and enum values, never the data's.
     */
    private static Optional<Finding> finding(Connection connection, String table, String key, Rule rule)
            throws SQLException {
        // The key is id or rowid: plain words, left unquoted for the operator who types the SELECT.
        String select = "SELECT " + key + " FROM " + SqlIdentifiers.quoteAny(table) + " WHERE " + rule.condition()
                + " ORDER BY " + key;
        long rows = 0;
        List<String> ids = new ArrayList<>();
        try (PreparedStatement statement = Jdbc.prepare(connection, select, rule.values());
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (rows++ < IDS_SHOWN) {
                    ids.add(rs.getString(1));
                }
            }
        }
        String typed = select;
        for (Object value : rule.values()) {
            String written = value instanceof String text ? SqlIdentifiers.literal(text) : String.valueOf(value);
            typed = typed.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(written));
        }
        return rows == 0 ? Optional.empty()
                : Optional.of(new Finding(rule.label(), rule.problem(), rows, key, ids, typed));
    }
}
