package io.posdb.migration.sqlite.guard;

import io.posdb.sql.SqlScript;
import java.util.Arrays;
import java.util.Optional;
import liquibase.Scope;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;

/**
 * The one list of Liquibase change types that a changeset applying to SQLite must not use,
 * each with what to write instead, and of the one kind of {@code sql} or {@code sqlFile} change SQLite runs only in
 * part ({@link #SEVERAL_STATEMENTS_UNSPLIT}). The runtime guard ({@link SqliteHazardGuard}, Liquibase's
 * validator) refuses exactly these at validation, and lint's
 * SQLITE_REBUILDS_TABLE rule flags exactly these, so what lint passes boot accepts and the
 * other way round (issue 20 §3). The tests name every other change type of Liquibase 4.33
 * safe ({@code io.posdb.testsupport.SqliteHazards}), so a type a Liquibase upgrade adds is
 * noticed (they enumerate Liquibase's ChangeFactory) instead of passing silently.
 *
 * <p>The list is Liquibase 4.33's own behaviour on SQLite: {@link Why#REBUILDS} where its
 * SQLite support copies the table ({@code SQLiteDatabase.AlterTableVisitor},
 * {@code AddColumnGeneratorSQLite}, {@code AddDefaultValueGeneratorSQLite},
 * {@code AddAutoIncrementGeneratorSQLite}), {@link Why#UNSUPPORTED} where its SQL generator
 * does not support SQLite (or SQLite has no such object), which Liquibase reports as "not
 * supported", skips, or only finds out when it runs.
 */
public enum SqliteHazard {

    ADD_COLUMN("addColumn", Why.REBUILDS, "sql: ALTER TABLE \"t\" ADD COLUMN \"c\" ... (SQLite adds a column in "
            + "place), or " + Alternatives.REBUILD),
    ADD_AUTO_INCREMENT("addAutoIncrement", Why.REBUILDS, Alternatives.REBUILD),
    ADD_DEFAULT_VALUE("addDefaultValue", Why.REBUILDS, Alternatives.REBUILD),
    ADD_NOT_NULL_CONSTRAINT("addNotNullConstraint", Why.REBUILDS, Alternatives.REBUILD),
    DROP_COLUMN("dropColumn", Why.REBUILDS, Alternatives.REBUILD + " with the column in dropColumns (its values are "
            + "archived first)"),
    DROP_PRIMARY_KEY("dropPrimaryKey", Why.REBUILDS, Alternatives.REBUILD),
    MERGE_COLUMNS("mergeColumns", Why.REBUILDS, "sql: ALTER TABLE \"t\" ADD COLUMN for the merged column and an "
            + "UPDATE under a MARK_RAN precondition, keeping both old columns"),
    ADD_FOREIGN_KEY_CONSTRAINT("addForeignKeyConstraint", Why.UNSUPPORTED, Alternatives.REBUILD
            + " with the REFERENCES clause in createTableSql"),
    DROP_FOREIGN_KEY_CONSTRAINT("dropForeignKeyConstraint", Why.UNSUPPORTED, Alternatives.REBUILD
            + " without the REFERENCES clause"),
    DROP_ALL_FOREIGN_KEY_CONSTRAINTS("dropAllForeignKeyConstraints", Why.UNSUPPORTED, Alternatives.REBUILD
            + " without the REFERENCES clauses"),
    ADD_PRIMARY_KEY("addPrimaryKey", Why.UNSUPPORTED, Alternatives.REBUILD),
    ADD_UNIQUE_CONSTRAINT("addUniqueConstraint", Why.UNSUPPORTED, "createIndex with unique: true (or sql: CREATE "
            + "UNIQUE INDEX), after a duplicate check"),
    DROP_UNIQUE_CONSTRAINT("dropUniqueConstraint", Why.UNSUPPORTED, "dropIndex of the unique index, or "
            + Alternatives.REBUILD),
    DROP_DEFAULT_VALUE("dropDefaultValue", Why.UNSUPPORTED, Alternatives.REBUILD),
    DROP_NOT_NULL_CONSTRAINT("dropNotNullConstraint", Why.UNSUPPORTED, Alternatives.REBUILD),
    MODIFY_DATA_TYPE("modifyDataType", Why.UNSUPPORTED, Alternatives.REBUILD),
    ADD_LOOKUP_TABLE("addLookupTable", Why.UNSUPPORTED, "createTable and sql: INSERT ... SELECT DISTINCT, then "
            + Alternatives.REBUILD + " with the REFERENCES clause"),
    CREATE_PROCEDURE("createProcedure", Why.UNSUPPORTED, Alternatives.NONE_ON_SQLITE),
    DROP_PROCEDURE("dropProcedure", Why.UNSUPPORTED, Alternatives.NONE_ON_SQLITE),
    CREATE_SEQUENCE("createSequence", Why.UNSUPPORTED, "an INTEGER PRIMARY KEY AUTOINCREMENT column (SQLite has "
            + "no sequences), or " + Alternatives.NONE_ON_SQLITE),
    ALTER_SEQUENCE("alterSequence", Why.UNSUPPORTED, Alternatives.NONE_ON_SQLITE),
    DROP_SEQUENCE("dropSequence", Why.UNSUPPORTED, Alternatives.NONE_ON_SQLITE),
    RENAME_SEQUENCE("renameSequence", Why.UNSUPPORTED, Alternatives.NONE_ON_SQLITE),
    SET_COLUMN_REMARKS("setColumnRemarks", Why.UNSUPPORTED, "a comment: in the changeset (SQLite keeps no "
            + "remarks), or " + Alternatives.NONE_ON_SQLITE),
    SET_TABLE_REMARKS("setTableRemarks", Why.UNSUPPORTED, "a comment: in the changeset (SQLite keeps no "
            + "remarks), or " + Alternatives.NONE_ON_SQLITE),
    /**
     * Not a change type but one kind of {@code sql} change, and of {@code sqlFile} change, whose file Liquibase runs
     * the same way ({@link #ofSql}, {@link #of(Change)}): sqlite-jdbc's Statement.execute prepares and runs only the
     * first statement of the text it is given, silently, and Liquibase hands it an unsplit block whole, so the
     * changeset is recorded applied without the rest (PostgreSQL's driver runs them all).
     */
    SEVERAL_STATEMENTS_UNSPLIT("sql", "sql or sqlFile with splitStatements: false holding several statements",
            Why.FIRST_STATEMENT_ONLY, "splitStatements: true (the default; a CREATE TRIGGER's BEGIN ... END body stays "
            + "one statement), or one statement per sql change (or sqlFile)");

    /** Why Liquibase's change is not usable on SQLite. */
    public enum Why {
        REBUILDS("Liquibase does it by rebuilding the table (copy, DROP TABLE, rename), and with foreign keys on "
                + "the DROP TABLE cascades (ON DELETE CASCADE / SET NULL) into the rows that refer to the table"),
        UNSUPPORTED("SQLite cannot do it in place and Liquibase's SQLite support does not do it (it would "
                + "report it unsupported, skip it, or fail half-way through the update)"),
        FIRST_STATEMENT_ONLY("SQLite runs only the first statement of an unsplit block (sqlite-jdbc prepares the "
                + "first and ignores the rest), so the others never run and the changeset is recorded applied");

        private final String explanation;

        Why(String explanation) {
            this.explanation = explanation;
        }
    }

    private final String changeType;
    /** What the refusal names: the change type, or which changes of it. */
    private final String subject;
    private final Why why;
    private final String instead;

    SqliteHazard(String changeType, Why why, String instead) {
        this(changeType, changeType, why, instead);
    }

    SqliteHazard(String changeType, String subject, Why why, String instead) {
        this.changeType = changeType;
        this.subject = subject;
        this.why = why;
        this.instead = instead;
    }

    /** Liquibase's name of the change type, as written in a changelog. */
    public String changeType() {
        return changeType;
    }

    /** What a changeset that applies to SQLite uses instead. */
    public String instead() {
        return instead;
    }

    /** Whether every change of the type is refused (not only some, as {@link #SEVERAL_STATEMENTS_UNSPLIT}). */
    public boolean refusesTheWholeType() {
        return subject.equals(changeType);
    }

    /** The hazard every change of {@code changeType} is, if the list names the type. */
    public static Optional<SqliteHazard> of(String changeType) {
        return Arrays.stream(values()).filter(h -> h.refusesTheWholeType() && h.changeType.equals(changeType))
                .findFirst();
    }

    /**
     * The hazard a {@code sql} change's text is: several statements as SQLite counts them
     * ({@link SqlScript#sqliteStatementCount}: a trigger's body is one, a trailing {@code ;} or a comment none) with
     * {@code splitStatements} false.
     */
    public static Optional<SqliteHazard> ofSql(String sql, boolean splitStatements) {
        return !splitStatements && SqlScript.sqliteStatementCount(sql) > 1
                ? Optional.of(SEVERAL_STATEMENTS_UNSPLIT) : Optional.empty();
    }

    /**
     * The hazard Liquibase's {@code change} is on SQLite: its type, or for an {@code sql} or {@code sqlFile} change its
     * unsplit statements. An sqlFile's text is the file Liquibase runs, read by the change itself (through the
     * scope's resource accessor, relative to its changelog when it says so): call it inside the scope that read the
     * changelog. Only an unsplit change's text is read. A file Liquibase cannot read is no hazard here: its own
     * validation of the change refuses it, naming the path.
     */
    public static Optional<SqliteHazard> of(Change change) {
        // Liquibase's default is to split: only an explicit false hands SQLite the block whole.
        if (change instanceof AbstractSQLChange sql && Boolean.FALSE.equals(sql.isSplitStatements())) {
            String text = SqlScript.sqlOf(sql);
            Optional<SqliteHazard> unsplit = text == null ? Optional.empty() : ofSql(text, false);
            if (unsplit.isPresent()) {
                return unsplit;
            }
        }
        return of(Scope.getCurrentScope().getSingleton(ChangeFactory.class).getChangeMetaData(change).getName());
    }

    /** The sentence the guard refuses with and lint reports: why, and what to use instead. */
    public String refusal() {
        return subject + " is refused on SQLite: " + why.explanation + ". Use instead " + instead
                + " (see docs/writing-migrations.md, How to add a new migration)";
    }

    private static final class Alternatives {
        static final String REBUILD = "io.posdb.migration.sqlite.SqliteTableRebuild (runInTransaction: false), "
                + "which rebuilds the table with the new definition without cascading";
        static final String NONE_ON_SQLITE = "limit the changeset to dbms: postgresql (SQLite has no such object)";
    }
}
