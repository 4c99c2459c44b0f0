package io.posdb.lint;

/**
 * Every lint rule: a stable id (the constant's name, used in suppressions), its severity
 * and the fix a finding proposes. The rule table of docs/writing-migrations.md lists the same.
 */
public enum Rule {
    // Destructive: business data would be lost.
    DROP_TABLE("archive the rows and keep the table; dropping it needs a suppression with a reason"),
    DROP_COLUMN("rebuild with io.posdb.migration.sqlite.SqliteTableRebuild and list the column in dropColumns "
            + "(its values are archived into data_migration_audit)"),
    DELETE_ROWS("archive the rows first (an audited custom change) instead of deleting them"),
    DESTRUCTIVE_SQL("archive instead: keep the table and rows; an audited custom change may move them"),
    REBUILD_DROPS_COLUMN("list the column in the rebuild's dropColumns so its values are archived first"),
    // Data-dependent: succeeds or fails depending on the rows a shop has.
    NOT_NULL_WITHOUT_DEFAULT("give the new NOT NULL column a default value"),
    ADD_NOT_NULL_CONSTRAINT("fill the NULLs in an audited data changeset first, verify it (onFail: HALT, naming the "
            + "table and the column, as bin/new-changeset's RowsMeetNarrowing with notNull), then add the constraint"),
    UNIQUE_WITHOUT_DUPLICATE_CHECK("add a precondition that counts duplicates (GROUP BY ... HAVING COUNT(*) > 1) "
            + "with onFail: HALT"),
    CHECK_WITHOUT_VERIFICATION("add a verification changeset before it (precondition onFail: HALT naming the table "
            + "and the column), as 0009 guards 0010 and bin/new-changeset's RowsMeetNarrowing with check does"),
    SHORTER_LENGTH_WITHOUT_VERIFICATION("add a verification changeset before it (precondition onFail: HALT naming the "
            + "table and the column): io.posdb.migration.data.RowsMeetNarrowing with maxLength, as bin/new-changeset "
            + "writes it"),
    // A foreign key at odds with its column: applies, then a delete in the shop fails.
    SET_NULL_ON_NOT_NULL_COLUMN("give the foreign key the action the entity declares (@OnDelete: CASCADE, ...), "
            + "else none (NO ACTION refuses to delete a row still referred to), in the rebuild that makes the column "
            + "NOT NULL (and on PostgreSQL drop and add the constraint), as bin/new-changeset writes it; or keep the "
            + "column nullable"),
    // Failures: what fails on lint's scratch database fails at a till's boot; what lint could not run, it cannot vouch for.
    CHANGESET_FAILS("make it apply after the changesets before it (Liquibase's reason says what failed); when only "
            + "the scratch database's generated rows make it fail, guard it with a precondition, or suppress with the "
            + "reason"),
    SCRATCH_DATABASE_UNAVAILABLE("free space in, or give this account write access to, the folder the message names, "
            + "then lint again: lint's cache target/posdb-effects (run from the project), else the temporary folder "
            + "(-Djava.io.tmpdir=<folder>; for posdb: JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=<folder>), where SQLite's "
            + "library is unpacked unless -Dorg.sqlite.tmpdir=<folder> says otherwise"),
    // SQLite hazards.
    SQLITE_REBUILDS_TABLE("use what the message names (the list is io.posdb.migration.sqlite.guard.SqliteHazard, "
            + "which boot refuses too); or limit the changeset to dbms: postgresql"),
    // Files a changeset names.
    SQL_FILE_NOT_PACKAGED("name the file as the jar holds it: beside the changeset's file with "
            + "relativeToChangelogFile: true (path: NNNN-what.sql), or from the class path's root without it (path: "
            + "changelog/changes/NNNN-what.sql); keep it under changelog/, which the jar packages"),
    // Rollback.
    NO_ROLLBACK("add a rollback: block, or use a custom change implementing CustomTaskRollback"),
    // Keeping the table or column instead is no fix: ROLLBACK_DOES_NOT_RESTORE finds it left behind. An archive
    // (data_migration_audit, archived_<table>) counts as kept rows, and is what the generator's rollbacks write.
    ROLLBACK_DROPS_DATA("archive before dropping, as the rollbacks bin/new-changeset writes do: a column's values "
            + "into data_migration_audit (with their '# lint: allow ROLLBACK_DROPS_DATA because ...'); a table renamed "
            + "to archived_<table> (renameTable), or dropped only when empty with "
            + "io.posdb.migration.rollback.DropTableIfEmpty"),
    ROLLBACK_DOES_NOT_RESTORE("make the rollback give back the schema and the rows from before the changeset "
            + "(restore values from data_migration_audit; archived rows count as kept)"),
    // Downgrades.
    DATA_CHANGE_NOT_DOWNGRADABLE(Severity.WARNING, "write the data change as an audited one (bin/new-changeset --data: "
            + "an io.posdb.migration.data.AuditedValueChange, whose data_migration_audit rows a downgrade restores); or, "
            + "when no till will go back past it, suppress with the reason"),
    // Compatibility with older releases.
    COMPATIBILITY_CONTRADICTED("it breaks older releases (see the reasons): declare 'compatibility: breaking, because "
            + "...' in its comment, or write it so an older release keeps working (a nullable column, a new table)"),
    // Idempotence.
    DATA_CHANGE_NOT_IDEMPOTENT("add preConditions with onFail: MARK_RAN and an onFailMessage that decide "
            + "whether there is anything to do"),
    // Transactions.
    NEEDLESS_NO_TRANSACTION("remove runInTransaction: false; only a SqliteTableRebuild or an ArchiveTable needs it"),
    // Hygiene.
    ID_NOT_FILE_NAME("name the changeset after its file (NNNN-what, or NNNN-what-postgresql for the counterpart)"),
    DUPLICATE_CHANGESET("give the second changeset an id of its own (Liquibase refuses a changelog in which two "
            + "changesets for the same database share id, author and file)"),
    LOGICAL_FILE_PATH("set logicalFilePath: changelog/changes/<file>.yaml"),
    LABEL_MISSING("add labels: release-X.Y (the release that ships the changeset)"),
    LABEL_NEWER_THAN_RELEASE("label it with the release being built, or raise the pom's <version>"),
    FILE_NOT_INCLUDED("include the file in changelog/db.changelog-master.yaml"),
    FILE_INCLUDED_TWICE("include the file once"),
    INCLUDE_ORDER("include the files in number order"),
    DUPLICATE_NUMBER("renumber one of the files after the last number on main"),
    SQLITE_WITHOUT_POSTGRESQL("add a dbms: postgresql counterpart in the same file, or suppress with the reason "
            + "PostgreSQL needs nothing"),
    // Released changesets never change.
    RELEASED_CHANGESET_CHANGED("restore the changeset as released; put the change in a new changeset"),
    LABEL_OF_A_RELEASED_RELEASE("label it with the next release (the one after the newest in changelog/released.sum), "
            + "raising the pom's <version> to it if it is not yet: a released release has only the changesets "
            + "released.sum lists"),
    RELEASED_SUM_MISSING(Severity.WARNING, "record released changesets: posdb lint --update-released-sum --release X.Y"),
    RELEASE_WITHOUT_TAG(Severity.WARNING, "add the release's tag changeset, changelog/changes/NNNN-tag-release-X.Y.yaml "
            + "(a tagDatabase of vX.Y labelled release-X.Y, as 0011-tag-release-2.0), include it, and run posdb lint "
            + "--update-released-sum --release X.Y again"),
    // Comments.
    REVIEW_REQUIRED("review the changeset, then remove the # review-required comment"),
    SUPPRESSION_WITHOUT_REASON("write # lint: allow RULE because <reason>, with a known rule id and a reason");

    private final Severity severity;
    private final String fix;

    Rule(String fix) {
        this(Severity.ERROR, fix);
    }

    Rule(Severity severity, String fix) {
        this.severity = severity;
        this.fix = fix;
    }

    public Severity severity() {
        return severity;
    }

    public String fix() {
        return fix;
    }

    /** The rule with this id, or null. */
    static Rule byId(String id) {
        return java.util.Arrays.stream(values()).filter(rule -> rule.name().equals(id)).findFirst().orElse(null);
    }
}
