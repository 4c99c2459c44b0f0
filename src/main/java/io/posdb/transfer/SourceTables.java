package io.posdb.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables a transfer copies, read from the source's schema: every table but Liquibase's
 * own (the audit trail is copied too), parents before the tables that refer to them, so a
 * table added by a later release is copied and verified without changing this class.
 */
final class SourceTables {

    private SourceTables() {
    }

    /** Every table in foreign-key order (ties by name); refuses a table it cannot order. */
    static List<CopiedTable> inForeignKeyOrder(Connection source) throws SQLException, TransferException {
        Map<String, Set<String>> parents = new TreeMap<>();
        for (String table : tables(source)) {
            parents.put(table, referencedTables(source, table));
        }
        for (Map.Entry<String, Set<String>> entry : parents.entrySet()) {
            for (String parent : entry.getValue()) {
                if (!parents.containsKey(parent)) {
                    throw new TransferException("Cannot transfer table " + entry.getKey() + ": it refers to table "
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
                throw new TransferException("Cannot order tables " + cycle + " for the transfer: their foreign keys "
                        + "refer to each other in a cycle; nothing was written");
            }
            placed.add(next);
            ordered.add(CopiedTable.named(next));
        }
        return ordered;
    }

    private static List<String> tables(Connection source) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = source.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND upper(name) NOT IN (?, ?) ORDER BY name")) {
            statement.setString(1, "DATABASECHANGELOG");
            statement.setString(2, "DATABASECHANGELOGLOCK");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** The tables {@code table}'s foreign keys refer to, itself excluded (a self-reference orders nothing). */
    private static Set<String> referencedTables(Connection source, String table) throws SQLException {
        Set<String> referenced = new TreeSet<>();
        try (PreparedStatement statement = source.prepareStatement("SELECT \"table\" FROM pragma_foreign_key_list(?)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(table)) {
                        referenced.add(rs.getString(1));
                    }
                }
            }
        }
        return referenced;
    }
}
