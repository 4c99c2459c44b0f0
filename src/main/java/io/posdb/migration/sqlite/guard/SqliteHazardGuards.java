package io.posdb.migration.sqlite.guard;

import java.util.function.Function;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.AddAutoIncrementChange;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddDefaultValueChange;
import liquibase.change.core.AddForeignKeyConstraintChange;
import liquibase.change.core.AddLookupTableChange;
import liquibase.change.core.AddNotNullConstraintChange;
import liquibase.change.core.AddPrimaryKeyChange;
import liquibase.change.core.AddUniqueConstraintChange;
import liquibase.change.core.AlterSequenceChange;
import liquibase.change.core.CreateProcedureChange;
import liquibase.change.core.CreateSequenceChange;
import liquibase.change.core.DropAllForeignKeyConstraintsChange;
import liquibase.change.core.DropColumnChange;
import liquibase.change.core.DropDefaultValueChange;
import liquibase.change.core.DropForeignKeyConstraintChange;
import liquibase.change.core.DropNotNullConstraintChange;
import liquibase.change.core.DropPrimaryKeyChange;
import liquibase.change.core.DropProcedureChange;
import liquibase.change.core.DropSequenceChange;
import liquibase.change.core.DropUniqueConstraintChange;
import liquibase.change.core.MergeColumnChange;
import liquibase.change.core.ModifyDataTypeChange;
import liquibase.change.core.RenameSequenceChange;
import liquibase.change.core.SetColumnRemarksChange;
import liquibase.change.core.SetTableRemarksChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.core.SQLiteDatabase;
import liquibase.exception.ValidationErrors;

/**
 * The runtime guard: one subclass of each Liquibase change type that {@link SqliteHazard} lists,
 * registered in META-INF/services/liquibase.change.Change with a priority above Liquibase's own,
 * so that on SQLite validation refuses the change with the list's words (naming the changeset,
 * why, and what to write instead) before anything runs; on other databases each defers to
 * Liquibase's own change. They are shims for Liquibase's plugin lookup, one line of behaviour
 * each, so they live together here; a test keeps them and the list the same.
 *
 * <p>On SQLite a guard must be the class Liquibase picks even where Liquibase's own change does
 * not support SQLite (its ChangeFactory drops plugins that do not, and fails the parse when none
 * is left): {@code supports} says yes on SQLite.
 */
public final class SqliteHazardGuards {

    private static final String REFUSED = "refused on SQLite (SqliteHazard)";
    private static final int PRIORITY = ChangeMetaData.PRIORITY_DEFAULT + 1;

    private SqliteHazardGuards() {
    }

    static boolean guarded(Database database) {
        return database instanceof SQLiteDatabase;
    }

    /**
     * On SQLite, for a change whose type is in {@link SqliteHazard}, the refusal (and nothing else
     * matters); otherwise Liquibase's own validation. A guard whose type is not in the list
     * refuses nothing.
     */
    static ValidationErrors validate(Change change, Database database, Function<Database, ValidationErrors> own) {
        if (!guarded(database)) {
            return own.apply(database);
        }
        String type = Scope.getCurrentScope().getSingleton(ChangeFactory.class).getChangeMetaData(change).getName();
        SqliteHazard hazard = SqliteHazard.of(type).orElse(null);
        if (hazard == null) {
            return own.apply(database);
        }
        ChangeSet changeSet = change.getChangeSet();
        String where = changeSet == null ? "" : "changeset " + changeSet.getId() + " (" + changeSet.getFilePath() + "): ";
        ValidationErrors refusal = new ValidationErrors();
        refusal.addError(where + hazard.refusal());
        return refusal;
    }

    /** {@link SqliteHazard#ADD_COLUMN}. */
    @DatabaseChange(name = "addColumn", description = "addColumn, " + REFUSED, priority = PRIORITY)
    public static class AddColumn extends AddColumnChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_AUTO_INCREMENT}. */
    @DatabaseChange(name = "addAutoIncrement", description = "addAutoIncrement, " + REFUSED, priority = PRIORITY)
    public static class AddAutoIncrement extends AddAutoIncrementChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_DEFAULT_VALUE}. */
    @DatabaseChange(name = "addDefaultValue", description = "addDefaultValue, " + REFUSED, priority = PRIORITY)
    public static class AddDefaultValue extends AddDefaultValueChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_NOT_NULL_CONSTRAINT}. */
    @DatabaseChange(name = "addNotNullConstraint", description = "addNotNullConstraint, " + REFUSED, priority = PRIORITY)
    public static class AddNotNullConstraint extends AddNotNullConstraintChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_COLUMN}. */
    @DatabaseChange(name = "dropColumn", description = "dropColumn, " + REFUSED, priority = PRIORITY)
    public static class DropColumn extends DropColumnChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_PRIMARY_KEY}. */
    @DatabaseChange(name = "dropPrimaryKey", description = "dropPrimaryKey, " + REFUSED, priority = PRIORITY)
    public static class DropPrimaryKey extends DropPrimaryKeyChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#MERGE_COLUMNS}. */
    @DatabaseChange(name = "mergeColumns", description = "mergeColumns, " + REFUSED, priority = PRIORITY)
    public static class MergeColumns extends MergeColumnChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_FOREIGN_KEY_CONSTRAINT}. */
    @DatabaseChange(name = "addForeignKeyConstraint", description = "addForeignKeyConstraint, " + REFUSED, priority = PRIORITY)
    public static class AddForeignKeyConstraint extends AddForeignKeyConstraintChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_FOREIGN_KEY_CONSTRAINT}. */
    @DatabaseChange(name = "dropForeignKeyConstraint", description = "dropForeignKeyConstraint, " + REFUSED, priority = PRIORITY)
    public static class DropForeignKeyConstraint extends DropForeignKeyConstraintChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_ALL_FOREIGN_KEY_CONSTRAINTS}. */
    @DatabaseChange(name = "dropAllForeignKeyConstraints", description = "dropAllForeignKeyConstraints, " + REFUSED, priority = PRIORITY)
    public static class DropAllForeignKeyConstraints extends DropAllForeignKeyConstraintsChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_PRIMARY_KEY}. */
    @DatabaseChange(name = "addPrimaryKey", description = "addPrimaryKey, " + REFUSED, priority = PRIORITY)
    public static class AddPrimaryKey extends AddPrimaryKeyChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_UNIQUE_CONSTRAINT}. */
    @DatabaseChange(name = "addUniqueConstraint", description = "addUniqueConstraint, " + REFUSED, priority = PRIORITY)
    public static class AddUniqueConstraint extends AddUniqueConstraintChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_UNIQUE_CONSTRAINT}. */
    @DatabaseChange(name = "dropUniqueConstraint", description = "dropUniqueConstraint, " + REFUSED, priority = PRIORITY)
    public static class DropUniqueConstraint extends DropUniqueConstraintChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_DEFAULT_VALUE}. */
    @DatabaseChange(name = "dropDefaultValue", description = "dropDefaultValue, " + REFUSED, priority = PRIORITY)
    public static class DropDefaultValue extends DropDefaultValueChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_NOT_NULL_CONSTRAINT}. */
    @DatabaseChange(name = "dropNotNullConstraint", description = "dropNotNullConstraint, " + REFUSED, priority = PRIORITY)
    public static class DropNotNullConstraint extends DropNotNullConstraintChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#MODIFY_DATA_TYPE}. */
    @DatabaseChange(name = "modifyDataType", description = "modifyDataType, " + REFUSED, priority = PRIORITY)
    public static class ModifyDataType extends ModifyDataTypeChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ADD_LOOKUP_TABLE}. */
    @DatabaseChange(name = "addLookupTable", description = "addLookupTable, " + REFUSED, priority = PRIORITY)
    public static class AddLookupTable extends AddLookupTableChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#CREATE_PROCEDURE}. */
    @DatabaseChange(name = "createProcedure", description = "createProcedure, " + REFUSED, priority = PRIORITY)
    public static class CreateProcedure extends CreateProcedureChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_PROCEDURE}. */
    @DatabaseChange(name = "dropProcedure", description = "dropProcedure, " + REFUSED, priority = PRIORITY)
    public static class DropProcedure extends DropProcedureChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#CREATE_SEQUENCE}. */
    @DatabaseChange(name = "createSequence", description = "createSequence, " + REFUSED, priority = PRIORITY)
    public static class CreateSequence extends CreateSequenceChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#ALTER_SEQUENCE}. */
    @DatabaseChange(name = "alterSequence", description = "alterSequence, " + REFUSED, priority = PRIORITY)
    public static class AlterSequence extends AlterSequenceChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#DROP_SEQUENCE}. */
    @DatabaseChange(name = "dropSequence", description = "dropSequence, " + REFUSED, priority = PRIORITY)
    public static class DropSequence extends DropSequenceChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#RENAME_SEQUENCE}. */
    @DatabaseChange(name = "renameSequence", description = "renameSequence, " + REFUSED, priority = PRIORITY)
    public static class RenameSequence extends RenameSequenceChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#SET_COLUMN_REMARKS}. */
    @DatabaseChange(name = "setColumnRemarks", description = "setColumnRemarks, " + REFUSED, priority = PRIORITY)
    public static class SetColumnRemarks extends SetColumnRemarksChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }

    /** {@link SqliteHazard#SET_TABLE_REMARKS}. */
    @DatabaseChange(name = "setTableRemarks", description = "setTableRemarks, " + REFUSED, priority = PRIORITY)
    public static class SetTableRemarks extends SetTableRemarksChange {
        @Override
        public boolean supports(Database database) {
            return guarded(database) || super.supports(database);
        }

        @Override
        public ValidationErrors validate(Database database) {
            return SqliteHazardGuards.validate(this, database, super::validate);
        }
    }
}
