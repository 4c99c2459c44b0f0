package io.posdb.migration.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.migration.PosdbCustomChange;
import io.posdb.migration.ScratchDatabase;
import io.posdb.migration.RunningChangeSet;
import io.posdb.migration.SqlPreview;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value migration run as a Liquibase custom change: the subclass says what ({@link #facts()}),
 * this class does it the same way for every migration. It runs inside the changeset's
 * transaction: one audit row per changed (or unmappable) value, the update, progress logs,
 * stats; a database error rolls everything back and names the row. With no fallback a
 * value that cannot be mapped is left unchanged, counted in {@code error_count}, logged at
 * WARN and recorded ("don't fail the entire migration for one record"); the verification
 * changeset that follows ({@link AllowedValues}) halts naming those rows. {@link #rollback}
 * restores the old values from the audit, leaving rows changed since then alone.
 */
public abstract class AuditedValueChange extends PosdbCustomChange implements CustomTaskRollback {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Logger log = LoggerFactory.getLogger(getClass());
    private ValueChangeStats stats;
    private ValueRollbackStats rollbackStats;

    /** The migration's facts; called after {@link #parameterProblems()} found none. */
    protected abstract ValueChangeFacts facts();

    /** Problems with the parameters, each naming its parameter; by default, with the facts. */
    protected List<String> parameterProblems() {
        List<String> problems = new ArrayList<>();
        try {
            ValueChangeFacts facts = facts();
            if (facts.changeSetId() == null || facts.changeSetId().isBlank()) {
                problems.add("changeSetId must be set (the id written into each audit row)");
            }
            for (String name : new String[] {facts.table(), facts.keyColumn(), facts.column(), facts.labelColumn()}) {
                if (!SqlIdentifiers.isPlain(name)) {
                    problems.add("'" + name + "' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
                }
            }
            if (facts.mapping() == null) {
                problems.add("mapping must be set (ValueMapping.pairs or ValueMapping.function)");
            }
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /**
     * How the schema problems name the table, key column, column and label column: by what they are,
     * or, where a changeset's parameters name them, by the parameters' names.
     */
    protected List<String> schemaNames() {
        return List.of("table", "column", "column", "column");
    }

    /** Problems with the schema: the table and columns must exist (the table only when required). */
    List<String> schemaProblems(Connection connection, boolean tableRequired) throws SQLException {
        ValueChangeFacts facts = facts();
        List<String> names = schemaNames();
        List<String> problems = new ArrayList<>();
        if (!Jdbc.tableExists(connection, facts.table())) {
            if (tableRequired) {
                problems.add(names.get(0) + " '" + facts.table() + "' is not a table of this database");
            }
            return problems;
        }
        List<String> columns = Jdbc.columns(connection, facts.table());
        List<String> named = List.of(facts.keyColumn(), facts.column(), facts.labelColumn());
        for (int i = 0; i < named.size(); i++) {
            if (!columns.contains(named.get(i))) {
                problems.add(names.get(i + 1) + " '" + named.get(i) + "' is not a column of table " + facts.table());
            }
        }
        return problems;
    }

    /**
     * Where the changeset id of the audit rows is declared, for the message that says it is not the changeset's:
     * by default the facts' second argument.
     */
    protected String changeSetIdDeclaredIn() {
        return "its facts (new ValueChangeFacts(task, \"" + facts().changeSetId() + "\"))";
    }

    /**
     * The changeset that runs this change, when it is not the one the facts name: every audit row would name a
     * changeset that does not exist (a file renumbered, a class copied from another change), so {@code posdb audit
     * --changeset} and the rollback from the audit would find none of them. Liquibase says which changeset runs the
     * change ({@link RunningChangeSet}); called outside a changeset (a test calling the change), nothing to compare.
     */
    private Optional<String> changeSetIdMismatch() {
        String declared = facts().changeSetId();
        return RunningChangeSet.get().filter(running -> !running.getId().equals(declared))
                .map(running -> getClass().getName() + " writes its audit rows under changeset id '" + declared
                        + "' (" + changeSetIdDeclaredIn() + "), but changeset " + running.getId() + " ("
                        + running.getFilePath() + ") runs it: make the id " + running.getId()
                        + ", the changeset's own (a changeset's id is its file's name)");
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors();
        parameterProblems().forEach(errors::addError);
        if (!errors.hasErrors()) {
            changeSetIdMismatch().ifPresent(errors::addError);
        }
        if (errors.hasErrors() || database.getConnection() == null) {
            return errors;
        }
        try {
            // Liquibase validates before any changeset runs: on a fresh database the table
            // may not exist yet, and the changeset's precondition will mark it as ran.
            schemaProblems(Jdbc.connectionUnder(database), false).forEach(errors::addError);
        } catch (SQLException | RuntimeException e) {
            errors.addError(facts().task() + ": cannot read the schema: " + e.getMessage());
        }
        return errors;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        if (SqlPreview.describeIfPreview(database, previewText())) {
            return;
        }
        ValueChangeFacts facts = checkedFacts(database);
        Logger log = ScratchDatabase.quiet(this.log);
        Connection connection = Jdbc.connectionUnder(database);
        ValueChangeSql sql = new ValueChangeSql(facts, database instanceof PostgresDatabase);
        try {
            long[] countMinMax = sql.count().longs(connection, 3);
            long total = countMinMax[0];
            log.info("Found {} {}(s) to check for migration", total, facts.rowNoun());
            long auditBefore = sql.maxAuditId().longs(connection, 1)[0];
            long updated = total == 0 ? 0 : facts.mapping().setBased()
                    ? new SetBasedRun(connection, facts, sql, log).run(total, countMinMax[1], countMinMax[2])
                    : new RowByRowRun(connection, facts, sql, log).run();
            stats = new ValueChangeReport(connection, facts, sql, log).report(total, updated, auditBefore);
        } catch (SQLException e) {
            throw new CustomChangeException(facts.task() + ": " + facts.verb() + " table " + facts.table() + " failed: "
                    + e.getMessage(), e);
        }
        log.info("{} complete: {} updated, {} skipped, {} errors", facts.summary(), stats.updatedCount(),
                stats.skippedCount(), stats.errorCount());
    }

    @Override
    public void rollback(Database database) throws CustomChangeException {
        ValueChangeFacts facts = facts();
        if (SqlPreview.describeIfPreview(database, facts.task() + ": restore old values of " + facts.table() + "."
                + facts.column() + " from data_migration_audit")) {
            return;
        }
        checkedFacts(database);
        rollbackStats = new ValueRollbackRun(Jdbc.connectionUnder(database), facts,
                new ValueChangeSql(facts, database instanceof PostgresDatabase), ScratchDatabase.quiet(log)).run();
    }

    private String previewText() {
        ValueChangeFacts facts = facts();
        return facts.task() + ": " + facts.verb() + " " + facts.table() + "." + facts.column() + " with "
                + facts.mapping() + (facts.fallback() == null ? ", no fallback" : ", fallback " + facts.fallback())
                + ", one audit row per change";
    }

    private ValueChangeFacts checkedFacts(Database database) throws CustomChangeException {
        List<String> problems = new ArrayList<>(parameterProblems());
        try {
            if (problems.isEmpty()) {
                changeSetIdMismatch().ifPresent(problems::add);
                problems.addAll(schemaProblems(Jdbc.connectionUnder(database), true));
            }
        } catch (SQLException e) {
            throw new CustomChangeException(taskOrClass() + ": cannot read the schema of table " + facts().table(), e);
        }
        if (!problems.isEmpty()) {
            throw new CustomChangeException(taskOrClass() + ": invalid parameters: " + String.join("; ", problems));
        }
        return facts();
    }

    private String taskOrClass() {
        try {
            return facts().task();
        } catch (RuntimeException e) {
            return getClass().getSimpleName();
        }
    }

    /** The stats of the last execution, or null before it ran. */
    public ValueChangeStats valueStats() {
        return stats;
    }

    /** The stats of the last rollback, or null before one ran. */
    public ValueRollbackStats rollbackStats() {
        return rollbackStats;
    }

    /**
     * What the last run did, JSON-serialisable, for the run's report under the changeset's id (null before it ran):
     * the rollback's counts after a rollback, else the change's stats.
     */
    public Object report() {
        return rollbackStats != null ? rollbackStats : stats;
    }

    @Override
    public String getConfirmationMessage() {
        if (stats == null) {
            return taskOrClass() + ": nothing ran";
        }
        // Liquibase logs this beside the "<summary> complete: ..." line logged above: not the same line twice.
        try {
            return facts().summary() + " stats " + JSON.writeValueAsString(report());
        } catch (JsonProcessingException e) {
            return facts().summary() + " stats (stats not serialisable: " + e.getMessage() + ")";
        }
    }
}
