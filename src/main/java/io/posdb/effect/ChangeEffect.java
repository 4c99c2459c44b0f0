package io.posdb.effect;

import io.posdb.schema.SchemaDifference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What one change of a changeset did on the scratch database, in the changeset's order
 * ({@code index} from 0, the order of the changeset's {@code changes:} list): the rows each table
 * held before it, the catalog differences before to after, the rows per table, what SQLite
 * compiled its statements to delete or drop, what it archived, and the schema facts the
 * data-dependent rules ask about (read from the catalogs while both were at hand). Tables and
 * columns are named as the database names them; columns as {@code table.column}. {@code checkAddedOn}
 * names each CHECK added or changed on a table that existed by its column (the first its expression names,
 * {@link io.posdb.schema.SchemaCatalog.Check#column}), {@code table.column}, or by the table alone when it
 * names none of the table's columns; {@code shortened} the existing columns whose declared length it shortened.
 * {@code rowsWrittenByTheEngine} is SQLite's count of the rows the change inserted, updated or deleted
 * ({@code total_changes()}), an UPDATE that set a value it already held included: the count a till records by.
 */
public record ChangeEffect(int index, String type, Map<String, Integer> rowsBefore,
                           List<SchemaDifference> differences, Map<String, TableRows> rows,
                           List<String> droppedTables, List<String> removedColumns, List<String> compiledDeletes,
                           List<String> archived, List<String> addedNotNullWithoutDefault, List<String> madeNotNull,
                           List<String> uniqueAddedOn, List<String> checkAddedOn, List<Shortened> shortened,
                           long rowsWrittenByTheEngine) {

    /**
     * A column of an existing table whose declared length became shorter ({@code lengthBefore} null: it had none,
     * {@link io.posdb.schema.SchemaCatalog.Column#shorterThan}): a value that fitted may not now.
     */
    public record Shortened(String table, String column, Integer lengthBefore, int lengthAfter) {
    }

    /** Whether the table existed when the change started. */
    public boolean existedBefore(String table) {
        return rowsBefore.keySet().stream().anyMatch(t -> t.equalsIgnoreCase(table));
    }

    /**
     * Tables that existed before the change and lost rows to it, or that a statement of it
     * compiles to delete from: neither dropped by it (that is reported as a drop) nor archived.
     */
    public List<String> deletedFrom() {
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Stream<String> lostRows = rows.values().stream().filter(r -> r.deleted() > 0).map(TableRows::table);
        return Stream.concat(compiledDeletes.stream(), lostRows)
                .filter(table -> existedBefore(table) && droppedTables.stream().noneMatch(table::equalsIgnoreCase)
                        && !archived(table) && seen.add(table))
                .toList();
    }

    /**
     * The rows the change wrote, per table, in words ({@code product: 2 inserted, values of stock changed}): every
     * table whose rows it inserted, deleted or changed, a table it created included; empty when it wrote none.
     */
    public List<String> rowsWritten() {
        return rows.values().stream().map(r -> r.table() + ": " + String.join(", ", Stream.of(
                r.inserted() > 0 ? r.inserted() + " inserted" : null, r.deleted() > 0 ? r.deleted() + " deleted" : null,
                r.changedColumns().isEmpty() ? null : "values of " + String.join(", ", r.changedColumns()) + " changed")
                .filter(java.util.Objects::nonNull).toList())).toList();
    }

    /** Rows of {@code table} were written to data_migration_audit or an archived_* table by this change. */
    public boolean archived(String table) {
        return archived.stream().anyMatch(a -> a.equalsIgnoreCase(table));
    }

    /** The values of {@code table.column} were archived by this change. */
    public boolean archivedColumn(String table, String column) {
        return archived.stream().anyMatch(a -> a.equalsIgnoreCase(table + "." + column));
    }
}
