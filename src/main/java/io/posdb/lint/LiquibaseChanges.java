package io.posdb.lint;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.DataChanges;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.database.Engine;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.change.ColumnConfig;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddForeignKeyConstraintChange;
import liquibase.change.core.AddNotNullConstraintChange;
import liquibase.change.core.CreateTableChange;
import liquibase.change.core.DropNotNullConstraintChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * What lint asks of a change that only Liquibase's own reading of it can answer, decided from its Change objects
 * inside the scope that read the changelog, by the accounts boot and a till use themselves: the SQLite hazard of each
 * change and rollback change ({@link SqliteHazard#of(Change)}, the guard's: an {@code sqlFile}'s text is the file as
 * Liquibase resolves and reads it), and whether a change writes rows ({@link DataChanges#changesData(Change)}: an
 * sqlFile's by the SQL in its file), without auditing them ({@link DataChanges#writesRowsUnaudited}, what a till
 * records as {@code unauditedRowsChanged}), for every changeset whatever its dbms: a {@code dbms: postgresql}
 * changeset's sqlFile is read as Liquibase reads it too, though lint's SQLite scratch database does not run it; and
 * what its changes say of NOT NULL and foreign keys ({@link ColumnsRead}). Kept by id and file as Liquibase names
 * them and by whether the changeset applies to SQLite: an SQLite changeset and its other engine's twin may share an
 * identifier (Liquibase runs one of them), and each is judged by its own changes.
 */
record LiquibaseChanges(Map<String, ChangeSetChanges> changeSets, Map<String, List<ColumnsRead>> columnsRead) {

    /**
     * What one change says of its columns' NOT NULL and the foreign key it adds, as Liquibase read it (a changelog
     * parameter substituted, whatever way the YAML spells it), for every changeset whatever its dbms: the account
     * {@code ForeignKeyRules} judges a changeset by where lint's scratch database does not run it. {@code type} is the
     * change's name; {@code madeNotNull} and {@code madeNullable} name {@code table.column} in lower case;
     * {@code foreignKey} is null for a change that adds none.
     */
    record ColumnsRead(String type, List<String> madeNotNull, List<String> madeNullable, ForeignKeyRead foreignKey) {
    }

    /** A foreign key an {@code addForeignKeyConstraint} adds: its columns, the table it refers to, its actions. */
    record ForeignKeyRead(String table, List<String> columns, String referencedTable, String onDelete,
                          String onUpdate) {
    }

    /**
     * One change as Liquibase read it: its type, its SQLite hazard (null: none), whether it writes rows (an sqlFile by
     * the SQL in its file, {@link DataChanges#changesData(Change)}) and whether it writes them unaudited.
     */
    record Read(String type, SqliteHazard hazard, boolean writesRows, boolean writesRowsUnaudited,
                Optional<Set<String>> insertsOnlyInto) {
    }

    /** A changeset's changes and its rollback block's, in the order it lists them. */
    record ChangeSetChanges(List<Read> changes, List<Read> rollback) {

        static final ChangeSetChanges NONE = new ChangeSetChanges(List.of(), List.of());

        /**
         * The hazard of the change of {@code type} at {@code index} of the changes (or of the rollback block), if
         * Liquibase read one of that type there.
         */
        Optional<SqliteHazard> hazard(boolean inRollback, int index, String type) {
            return at(inRollback ? rollback : changes, index).filter(read -> read.type().equals(type))
                    .map(Read::hazard);
        }

        /**
         * Whether the change of {@code type} at {@code index} of the changes writes rows, as a till judges it; empty
         * where Liquibase read no change of that type there.
         */
        Optional<Boolean> writesRows(int index, String type) {
            return at(changes, index).filter(read -> read.type().equals(type)).map(Read::writesRows);
        }

        /** Whether the change at {@code index} of the changes (the observed change's index) writes rows unaudited. */
        boolean writesRowsUnaudited(int index) {
            return at(changes, index).map(Read::writesRowsUnaudited).orElse(false);
        }

        /** The tables the change at {@code index} writes only by inserting into ({@link DataChanges#insertTargets}). */
        Optional<Set<String>> insertsOnlyInto(int index) {
            return at(changes, index).flatMap(Read::insertsOnlyInto);
        }

        private static Optional<Read> at(List<Read> reads, int index) {
            return index < reads.size() ? Optional.of(reads.get(index)) : Optional.empty();
        }
    }

    /** Of {@code parsed}, Liquibase's reading of the changelog, inside {@link LiquibaseScope#run}. */
    static LiquibaseChanges of(DatabaseChangeLog parsed) {
        Map<String, ChangeSetChanges> changeSets = new HashMap<>();
        Map<String, List<ColumnsRead>> columnsRead = new HashMap<>();
        ChangeFactory factory = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
        for (ChangeSet changeSet : parsed.getChangeSets()) {
            String key = key(changeSet.getId(), changeSet.getFilePath(),
                    ChangelogManifest.appliesTo(changeSet, Engine.SQLITE));
            changeSets.putIfAbsent(key, new ChangeSetChanges(reads(changeSet.getChanges()),
                    reads(changeSet.getRollback().getChanges())));
            columnsRead.putIfAbsent(key, changeSet.getChanges().stream()
                    .map(change -> columnsRead(factory.getChangeMetaData(change).getName(), change)).toList());
        }
        return new LiquibaseChanges(Map.copyOf(changeSets), Map.copyOf(columnsRead));
    }

    /**
     * The changes of the changeset of that id and file that applies to SQLite, or not ({@code appliesToSqlite}), as
     * Liquibase read them; none when it read no such changeset.
     */
    ChangeSetChanges of(String id, String file, boolean appliesToSqlite) {
        return changeSets.getOrDefault(key(id, file, appliesToSqlite), ChangeSetChanges.NONE);
    }

    /** What each change of the changeset says of its columns' NOT NULL and foreign keys, in order; any dbms. */
    List<ColumnsRead> columnsOf(String id, String file, boolean appliesToSqlite) {
        return columnsRead.getOrDefault(key(id, file, appliesToSqlite), List.of());
    }

    private static ColumnsRead columnsRead(String type, Change change) {
        List<String> notNull = new ArrayList<>();
        List<String> nullable = new ArrayList<>();
        ForeignKeyRead foreignKey = null;
        if (change instanceof CreateTableChange create) {
            create.getColumns().stream().filter(LiquibaseChanges::declaredNotNull)
                    .forEach(column -> notNull.add(column(create.getTableName(), column.getName())));
        } else if (change instanceof AddColumnChange add) {
            add.getColumns().stream().filter(LiquibaseChanges::declaredNotNull)
                    .forEach(column -> notNull.add(column(add.getTableName(), column.getName())));
        } else if (change instanceof AddNotNullConstraintChange set) {
            notNull.add(column(set.getTableName(), set.getColumnName()));
        } else if (change instanceof DropNotNullConstraintChange drop) {
            nullable.add(column(drop.getTableName(), drop.getColumnName()));
        } else if (change instanceof AddForeignKeyConstraintChange key && key.getBaseTableName() != null
                && key.getBaseColumnNames() != null) {
            foreignKey = new ForeignKeyRead(key.getBaseTableName(), Arrays.stream(key.getBaseColumnNames().split(","))
                    .map(String::strip).toList(), key.getReferencedTableName(), key.getOnDelete(), key.getOnUpdate());
        }
        return new ColumnsRead(type, List.copyOf(notNull), List.copyOf(nullable), foreignKey);
    }

    /** A column whose constraints say NOT NULL ({@code nullable: false}, or part of the primary key). */
    private static boolean declaredNotNull(ColumnConfig column) {
        ConstraintsConfig constraints = column.getConstraints();
        return constraints != null && (Boolean.FALSE.equals(constraints.isNullable())
                || Boolean.TRUE.equals(constraints.isPrimaryKey()));
    }

    /** {@code table.column} in lower case: how ColumnsRead names a column. */
    static String column(String table, String column) {
        return (table + "." + column).toLowerCase(Locale.ROOT);
    }

    private static List<Read> reads(List<Change> changes) {
        ChangeFactory factory = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
        return changes.stream().map(change -> new Read(factory.getChangeMetaData(change).getName(),
                SqliteHazard.of(change).orElse(null), DataChanges.changesData(change),
                DataChanges.writesRowsUnaudited(change), DataChanges.insertTargets(change))).toList();
    }

    private static String key(String id, String file, boolean appliesToSqlite) {
        return id + "\t" + file + "\t" + appliesToSqlite;
    }
}
