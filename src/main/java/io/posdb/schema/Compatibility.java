package io.posdb.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a release that does not know a changeset keeps working on the database after it:
 * decided from what the changeset did to the catalog (before and after it, on the database
 * itself), the way SQLite's own file header has a read version and a write version.
 *
 * <p>{@link Level#COMPATIBLE}: a new table (without a foreign key to an existing one), view or (non-unique)
 * index; a nullable column or one with a default; a constraint, index or view dropped; a column made nullable; a
 * default changed. An older release's Hibernate validation accepts the superset and its writes still fit.
 * {@link Level#BREAKING}: a table or column removed; a type changed; NOT NULL or a CHECK, a unique or foreign key, or
 * a trigger added on an existing table (the older release's writes may break), or a new table with a foreign key to
 * an existing one (the older release's deletes meet it: {@link #referencesToOlderTables}). A changeset that leaves
 * the catalog as it was but changes data (an update, a custom change) is breaking unless declared compatible: the
 * catalog cannot tell whether the older release accepts the new values.
 *
 * <p>A changeset declares its class in its {@code comment} (which Liquibase leaves out of the
 * checksum): {@code compatibility: compatible, because <reason>} or {@code compatibility:
 * breaking, because <reason>}. A declaration is honoured in the safe direction only: declared
 * breaking stays breaking; declared compatible is believed for a data change (which the
 * catalog cannot judge) but never over a breaking schema change.
 */
public record Compatibility(Level level, List<String> reasons) {

    /** The two classes, in the words the record and the messages use. */
    public enum Level {
        COMPATIBLE, BREAKING;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level of(String word) {
            return valueOf(word.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Why a data change is breaking unless declared: in the record's and the operator's words. How to declare it is
     * the developer's, which lint adds ({@code LintReport.Classified#format}).
     */
    public static final String CHANGES_DATA = "changes data, which the catalog cannot judge";
    private static final String RENAMED = " renamed to ";
    private static final Pattern DECLARED = Pattern.compile("(?i)compatibility:\\s*(compatible|breaking)\\b[,;:]?\\s*(.*)");

    /**
     * Why a column renamed with its values breaks older releases, which read its old name: {@code column user.name
     * renamed to user.full_name}. Only lint's scratch database, which sees every value arrive under the new name,
     * tells a rename from a column removed and another added.
     */
    public static String renamed(String table, String from, String to) {
        return "column " + table + "." + from + RENAMED + table + "." + to;
    }

    /** The reason is a column's rename ({@link #renamed}). */
    public static boolean isRename(String reason) {
        return reason.startsWith("column ") && reason.contains(RENAMED);
    }

    public Compatibility {
        reasons = List.copyOf(reasons);
    }

    public boolean breaking() {
        return level == Level.BREAKING;
    }

    /**
     * One line: the class and why, {@code breaking — changes data, which the catalog cannot judge}; without
     * parentheses, as messages put it in theirs ({@code 0101-fill-product-category (breaking — …)}).
     */
    public String text() {
        return level.word() + (reasons.isEmpty() ? "" : " — " + String.join("; ", reasons));
    }

    /**
     * The class of a changeset from the catalog before and after it; {@code changedData} says it ran
     * changes other than schema ones (an update, an insert, SQL, a custom change); {@code comment}
     * is the changeset's comment, which may declare the class.
     */
    public static Compatibility of(SchemaCatalog before, SchemaCatalog after, boolean changedData, String comment) {
        return observed(before, after, changedData).declaredIn(comment);
    }

    /**
     * The class of a changeset the catalog could not watch (it did not run on lint's scratch
     * database, as a data change with nothing to do on an empty one): a data change's, breaking
     * unless its comment declares otherwise.
     */
    public static Compatibility unobserved() {
        return new Compatibility(Level.BREAKING, List.of(CHANGES_DATA));
    }

    /** The class from what the changeset did alone, before any declaration. */
    public static Compatibility observed(SchemaCatalog before, SchemaCatalog after, boolean changedData) {
        List<String> breaking = new ArrayList<>();
        List<String> compatible = new ArrayList<>();
        for (SchemaDifference d : before.differencesFrom(after)) {
            String object = d.object();
            switch (d.kind()) {
                case MISSING -> (before.typed(object) instanceof SchemaCatalog.Table
                        || before.typed(object) instanceof SchemaCatalog.Column ? breaking : compatible)
                        .add(object + " removed");
                case NOT_IN_EXPECTED -> {
                    // The table, then why its keys break: the drift check of an older release reads "<object> added".
                    List<String> keys = newTableBreaks(after.typed(object), before);
                    boolean breaks = !keys.isEmpty() || addedBreaks(object, before, after);
                    (breaks ? breaking : compatible).add(object + " added");
                    breaking.addAll(keys);
                }
                case CHANGED -> (changeBreaks(d, before.typed(object)) ? breaking : compatible)
                        .add(object + ": " + d.attribute() + " '" + d.expected() + "' -> '" + d.actual() + "'");
            }
        }
        if (!breaking.isEmpty()) {
            return new Compatibility(Level.BREAKING, breaking);
        }
        if (changedData) {
            // The data change decides the class; the compatible objects stay listed after it, for a declaration
            // to keep and an older release's drift check to read as the changeset's own.
            return new Compatibility(Level.BREAKING, Stream.concat(Stream.of(CHANGES_DATA), compatible.stream()).toList());
        }
        return new Compatibility(Level.COMPATIBLE, compatible);
    }

    /**
     * This (observed) class with the changeset's declaration applied, in the safe direction only:
     * a declared class replaces a compatible one or a data change's; never a breaking schema change.
     * The declaration comes first in the reasons, followed by what was observed of the schema (the objects
     * added, removed or changed). An older release's drift check reads those objects as the changeset's own.
     */
    public Compatibility declaredIn(String comment) {
        Matcher m = declaration(comment);
        if (m == null || breaksSchema()) {
            return this;
        }
        Level declared = Level.of(m.group(1));
        return new Compatibility(declared, Stream.concat(Stream.of("declared " + declared.word()
                + (m.group(2).isBlank() ? "" : ": " + m.group(2).trim())),
                reasons.stream().filter(reason -> !reason.equals(CHANGES_DATA))).toList());
    }

    /** Declared compatible over a breaking schema change: what lint refuses. */
    public boolean contradictedBy(String comment) {
        Matcher m = declaration(comment);
        return m != null && Level.of(m.group(1)) == Level.COMPATIBLE && breaksSchema();
    }

    /** Breaking for what it did to the schema (not only for changing data, which a declaration may vouch for). */
    public boolean breaksSchema() {
        return breaking() && (reasons.isEmpty() || !reasons.get(0).equals(CHANGES_DATA));
    }

    /** The declaration in a changeset's comment (group 1 the class, group 2 the reason), or null. */
    private static Matcher declaration(String comment) {
        Matcher m = DECLARED.matcher(comment == null ? "" : comment);
        return m.find() ? m : null;
    }

    /**
     * The foreign keys of {@code created}, a new table, that refer to one of {@code tablesBefore}, the tables there
     * before it: what makes a new table breaking, as a foreign key added to an existing table is (docs/releases.md).
     * An older release deletes (and rekeys) that table's rows knowing nothing of the key: its delete is refused (NO
     * ACTION, RESTRICT), or silently deletes the new table's rows (CASCADE) or empties their reference (SET NULL).
     * A key to the table itself, or to another table new since, acts on nothing an older release writes. The one
     * rule for a till's record ({@link #observed}), lint's class (the same) and the generator's declaration.
     */
    public static List<SchemaCatalog.ForeignKey> referencesToOlderTables(SchemaCatalog.Table created,
                                                                         Collection<String> tablesBefore) {
        return created.foreignKeys().stream()
                // SQLite's catalog names the referenced table as the REFERENCES clause spells it: any case.
                .filter(key -> !key.referencedTable().equalsIgnoreCase(created.name())
                        && tablesBefore.stream().anyMatch(key.referencedTable()::equalsIgnoreCase))
                .toList();
    }

    /**
     * What a new foreign key does to an older release, in the words of the generator's declaration and a till's
     * record: {@code an older release's deletes of sale rows are checked against the new foreign key}.
     */
    public static String olderDeletesCheckedAgainst(SchemaCatalog.ForeignKey key) {
        return "an older release's deletes of " + key.referencedTable()
                + " rows are checked against the new foreign key";
    }

    /**
     * The reasons a new table breaks older releases, one per foreign key to an older table: {@code foreign key
     * payment(sale_id) to sale: an older release's deletes of sale rows are checked against the new foreign key}.
     */
    private static List<String> newTableBreaks(Object added, SchemaCatalog before) {
        if (!(added instanceof SchemaCatalog.Table table)) {
            return List.of();
        }
        return referencesToOlderTables(table, before.tables().keySet()).stream()
                .map(key -> SchemaCatalog.foreignKeyLabel(table.name(), key.columns()) + " to "
                        + key.referencedTable() + ": " + olderDeletesCheckedAgainst(key))
                .toList();
    }

    private static boolean addedBreaks(String object, SchemaCatalog before, SchemaCatalog after) {
        Object added = after.typed(object);
        if (added instanceof SchemaCatalog.Column column) {
            return after.table(after.tableOf(object)).requiresValue(column) && column.defaultValue() == null;
        }
        // An index or trigger on a table the changeset created acts on nothing an older release writes.
        if (added instanceof SchemaCatalog.Index index) {
            // A unique index on columns that are all new holds only NULLs an older release writes: it refuses nothing.
            SchemaCatalog.Table table = before.table(index.table());
            return index.unique() && table != null
                    && (index.columns().isEmpty() || index.columns().stream().anyMatch(c -> table.column(c) != null));
        }
        if (added instanceof SchemaCatalog.Trigger trigger) {
            return before.table(trigger.table()) != null;
        }
        // A new table, view: an older release never sees them (a new table's foreign keys to existing tables are
        // weighed by observed, as referencesToOlderTables). Parts of an existing table (a CHECK,
        // a unique or foreign key, a primary key) and triggers act on the older release's writes.
        return !(added instanceof SchemaCatalog.Table) && !(added instanceof SchemaCatalog.View);
    }

    private static boolean changeBreaks(SchemaDifference d, Object changed) {
        if (changed instanceof SchemaCatalog.Column) {
            return switch (d.attribute()) {
                case "not null" -> "true".equals(d.actual());
                case "default" -> false;
                default -> true;
            };
        }
        return !(changed instanceof SchemaCatalog.View) && !(changed instanceof SchemaCatalog.Index);
    }
}
