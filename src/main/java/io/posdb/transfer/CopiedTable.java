package io.posdb.transfer;

import io.posdb.database.TillTimeText;
import io.posdb.failure.PosDatabaseException;
import io.posdb.schema.SchemaCatalog;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A table the transfer copies as the source declares it (its columns' types, the changelog's), and the money column
 * whose exact total must be equal on both sides (null when the table holds no money the transfer knows of). The
 * tables themselves come from the source's schema ({@link #inForeignKeyOrder}, the one catalog): every table but
 * Liquibase's own (the audit trail is copied too), parents before the tables that refer to them, so a table added by
 * a later release is copied and verified without changing this class. Only which text columns hold money is
 * knowledge the schema does not carry (legacy money is VARCHAR).
 */
record CopiedTable(SchemaCatalog.Table declared, String moneyColumn) {

    /** Money columns by table; sale items count quantity × unit price. */
    private static final Map<String, String> MONEY = Map.of("product", "price", "sale", "total",
            "saleitem", "unit_price");

    /** Every table in foreign-key order (ties by name); refuses a table it cannot order. */
    static List<CopiedTable> inForeignKeyOrder(Connection source) throws SQLException, PosDatabaseException {
        Map<String, Set<String>> parents = new TreeMap<>();
        Map<String, SchemaCatalog.Table> tables = SchemaCatalog.read(source).tables();
        for (SchemaCatalog.Table table : tables.values()) {
            // A self-reference orders nothing.
            parents.put(table.name(), table.foreignKeys().stream().map(SchemaCatalog.ForeignKey::referencedTable)
                    .filter(parent -> !parent.equals(table.name())).collect(Collectors.toCollection(TreeSet::new)));
        }
        for (Map.Entry<String, Set<String>> entry : parents.entrySet()) {
            for (String parent : entry.getValue()) {
                if (!parents.containsKey(parent)) {
                    throw ShopTransfer.refused("Cannot transfer table " + entry.getKey() + ": it refers to table "
                            + parent + ", which the source does not have; nothing was written");
                }
            }
        }
        List<CopiedTable> ordered = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (placed.size() < parents.size()) {
            String next = parents.entrySet().stream()
                    .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (next == null) {
                Set<String> cycle = new TreeSet<>(parents.keySet());
                cycle.removeAll(placed);
                throw ShopTransfer.refused("Cannot order tables " + cycle + " for the transfer: their foreign keys "
                        + "refer to each other in a cycle; nothing was written");
            }
            placed.add(next);
            ordered.add(new CopiedTable(tables.get(next), MONEY.get(next)));
        }
        return ordered;
    }

    String table() {
        return declared.name();
    }

    String quoted() {
        return SqlIdentifiers.quoteAny(table());
    }

    /**
     * The exact total of the table's money (null when it holds none), summed in Java with BigDecimal over
     * the stored text on either side (never through a database's floating point): prices, sale totals,
     * and quantity × unit price of sale items.
     */
    BigDecimal moneyTotal(Connection connection) throws SQLException, PosDatabaseException {
        if (moneyColumn == null) {
            return null;
        }
        boolean perItem = table().equals("saleitem");
        BigDecimal total = BigDecimal.ZERO;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + SqlIdentifiers.quoteAny(moneyColumn)
                + ", " + SqlIdentifiers.quoteAny("id") + (perItem ? ", " + SqlIdentifiers.quoteAny("quantity") : "")
                + " FROM " + quoted())) {
            statement.setFetchSize(10_000);
            ResultSet rs = statement.executeQuery(); // closed with its statement
            while (rs.next()) {
                BigDecimal amount = amount(rs.getString(1), rs.getString(2));
                total = total.add(perItem ? amount.multiply(BigDecimal.valueOf(rs.getLong(3))) : amount);
            }
        }
        return total;
    }

    /**
     * Every time of the table read as the till reads it (the source's connection parses a time's text with the
     * till's date format, {@code SqliteDatabase}, in no zone, {@link TillTimeText#wallClock}; Hibernate reads the
     * entities' {@code LocalDateTime} through the same {@code getTimestamp}: '2025-03-01 10:00:00+02:00' is 10:00,
     * its fraction and offset ignored, and '2025-03-30 02:30:00' 02:30 in a zone that skips that hour), which
     * is what the copy moves. A time the till cannot read either ('2025-03-01T10:00:00', a day-first date) is
     * refused here, before the target is touched, naming its row and value (a time is no secret, unlike a PIN), and so
     * is empty text, which it reads as no time;
     * so is one naming a date or time of day that does not exist, whatever the width of its numbers
     * ('2025-13-45 10:00:00', '2025-2-30 10:00:00'), which the till reads leniently as another (in 2026, on March
     * 2): moved, the shop's record would change without a word. Which text that is {@link TillTimeText} tells, as it
     * tells the doctor's data check.
     */
    void requireTimesTheTillReads(Connection source) throws SQLException, PosDatabaseException {
        List<String> times = new ArrayList<>();
        // A result's metadata, not getColumns: sqlite-jdbc's getColumns says VARCHAR for every declared TIMESTAMP.
        try (PreparedStatement all = source.prepareStatement("SELECT * FROM " + quoted())) {
            ResultSetMetaData meta = all.getMetaData();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                if (meta.getColumnType(column) == Types.TIMESTAMP) {
                    times.add(meta.getColumnName(column));
                }
            }
        }
        String id = declared.rowKey();
        for (String time : times) {
            String quotedTime = SqlIdentifiers.quoteAny(time);
            try (PreparedStatement statement = Jdbc.prepare(source, "SELECT " + quotedTime + ", "
                    + SqlIdentifiers.quoteAny(id) + ", " + TillTimeText.namingNoRealTime(quotedTime) + " FROM "
                    + quoted() + " WHERE " + quotedTime + " IS NOT NULL", List.of())) {
                statement.setFetchSize(10_000);
                ResultSet rs = statement.executeQuery(); // closed with its statement
                while (rs.next()) {
                    Timestamp read;
                    try {
                        read = rs.getTimestamp(1, TillTimeText.wallClock());
                    } catch (SQLException unreadable) {
                        throw ShopTransfer.refused("Cannot transfer: " + table() + "." + time + " of row " + id + " "
                                + rs.getString(2) + " is '" + rs.getString(1) + "', a time the till cannot read "
                                + "either (it reads " + TillTimeText.FORMAT + "). Nothing was written. Correct it in "
                                + "the file first (posdb doctor lists every such row)", unreadable);
                    }
                    if (read == null) {
                        // Text without a time (''): sqlite-jdbc reads it as no time at all, the doctor lists it as
                        // not written in the form; moved, a value would become NULL (or fail a NOT NULL mid-copy).
                        throw ShopTransfer.refused("Cannot transfer: " + table() + "." + time + " of row " + id + " "
                                + rs.getString(2) + " is '" + rs.getString(1) + "', text the till reads as no time at "
                                + "all (it reads " + TillTimeText.FORMAT + "). Nothing was written. Correct it in the "
                                + "file first (posdb doctor lists every such row)");
                    }
                    if (rs.getBoolean(3)) {
                        throw ShopTransfer.refused("Cannot transfer: " + table() + "." + time + " of row " + id + " "
                                + rs.getString(2) + " is '" + rs.getString(1) + "', a date or time of day that does "
                                + "not exist, which the till reads as another (" + TillTimeText.wallClockTime(read)
                                .format(DateTimeFormatter.ofPattern(TillTimeText.FORMAT)) + "). Nothing was "
                                + "written. Correct it in the file first (posdb doctor lists every such row)");
                    }
                }
            }
        }
    }

    /**
     * Text longer than its column allows: SQLite keeps it (a hand edit, an import), the server's VARCHAR(n) refuses
     * it, and the copy would fail half way, after the target was migrated. The limit is the one the column declares
     * ({@link SchemaCatalog.Column#length}, the changelog's VARCHAR(n), the server's too, as the doctor's data check
     * judges it), so a table no entity maps (posdb's audit, a later release's table) is judged as an entity's is.
     * Refused here, before the target is touched, naming the first such row by its id and the text's length against
     * the limit, never the value: it may be a PIN hash or a customer's name.
     */
    void requireTextThatFits(Connection source) throws SQLException, PosDatabaseException {
        record TooLong(String id, long length, long rows) {
        }
        String id = declared.rowKey();
        for (SchemaCatalog.Column column : declared.columns()) {
            if (column.length() == null) {
                continue;
            }
            String quotedColumn = SqlIdentifiers.quoteAny(column.name());
            List<TooLong> tooLong = Jdbc.rows(source, "SELECT " + SqlIdentifiers.quoteAny(id) + ", LENGTH("
                    + quotedColumn + "), COUNT(*) OVER () FROM " + quoted() + " WHERE LENGTH(" + quotedColumn
                    + ") > ? ORDER BY " + SqlIdentifiers.quoteAny(id) + " LIMIT 1", List.of(column.length()),
                    rs -> new TooLong(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            if (!tooLong.isEmpty()) {
                TooLong first = tooLong.get(0);
                throw ShopTransfer.refused("Cannot transfer: " + table() + "." + column.name() + " of row " + id + " "
                        + first.id() + " is " + first.length() + " characters long, longer than the " + column.length()
                        + " the server's column holds (" + first.rows() + " such row(s) in the table). Nothing was "
                        + "written. Correct it in the file first (posdb doctor lists every such row)");
            }
        }
    }

    /** The stored text as an exact amount; text that is none ('2,50', a hand edit) is refused, naming its row, not its value. */
    private BigDecimal amount(String text, String id) throws PosDatabaseException {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException | NullPointerException notAnAmount) {
            throw ShopTransfer.refused("Cannot transfer: " + table() + "." + moneyColumn + " of row id " + id
                    + " is not a decimal number, so its total cannot be verified. Nothing was written. Correct it in "
                    + "the file first (posdb doctor lists every such row)");
        }
    }
}
