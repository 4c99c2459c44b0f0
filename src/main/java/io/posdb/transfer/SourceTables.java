package io.posdb.transfer;

import io.posdb.failure.PosDatabaseException;
import io.posdb.schema.SchemaCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tables a transfer copies, read from the source's schema (the one catalog): every table but Liquibase's
 * own (the audit trail is copied too), parents before the tables that refer to them, so a
 * table added by a later release is copied and verified without changing this class.
 */
final class SourceTables {

    private SourceTables() {
    }

    /** Every table in foreign-key order (ties by name); refuses a table it cannot order. */
    static List<CopiedTable> inForeignKeyOrder(Connection source) throws SQLException, PosDatabaseException {
        Map<String, Set<String>> parents = new TreeMap<>();
        for (SchemaCatalog.Table table : SchemaCatalog.read(source).tables().values()) {
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
            ordered.add(CopiedTable.named(next));
        }
        return ordered;
    }
}
