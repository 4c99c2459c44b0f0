package io.posdb.lint;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.DataChanges;
import io.posdb.database.Engine;
import io.posdb.effect.ChangeEffect;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** One changeset as lint sees it: its node, file and the lines of comments it owns. */
record LintChangeSet(ChangelogFile file, int line, YamlNode node, int firstCommentLine, int lastCommentLine) {

    /** A finding on this changeset's file, at {@code line}. */
    Finding finding(int line, Rule rule, String message) {
        return new Finding(file.name(), line, rule, message);
    }

    String id() {
        return node.text("id");
    }

    String author() {
        return node.text("author");
    }

    /** The file Liquibase identifies the changeset by: its own logicalFilePath, else its file's, else the file. */
    String identifyingFile() {
        String own = node.text("logicalFilePath");
        String declared = file.logicalFilePath();
        return own != null ? own : declared != null ? declared : file.name();
    }

    /** Liquibase's identifier of the changeset: file::id::author. */
    String identifier() {
        return identifyingFile() + "::" + id() + "::" + author();
    }

    /** The line of a key in the changeset, or the changeset's own line. */
    int lineOf(String key) {
        YamlNode value = node.get(key);
        return value.exists() ? value.line() : line;
    }

    List<String> dbms() {
        String dbms = node.text("dbms");
        return dbms == null ? List.of() : Arrays.stream(dbms.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    boolean appliesTo(Engine engine) {
        return ChangelogManifest.appliesTo(dbms(), engine);
    }

    List<LintChange> changes() {
        return LintChange.of(node.get("changes"));
    }

    /**
     * The written change an observed one is (by its index in {@code changes}, this changeset's
     * {@link #changes()}, read once by the caller); past the written ones, a change of the observed type on the
     * changeset's own line.
     */
    LintChange written(List<LintChange> changes, ChangeEffect change) {
        return change.index() < changes.size() ? changes.get(change.index())
                : new LintChange(change.type(), YamlNode.MISSING, line);
    }

    /**
     * The first change that writes rows, by the one account the till records ({@link DataChanges}): every
     * customChange but the table rebuild (lint cannot see what Java code writes), a {@code sql} change by its
     * statements, an {@code sqlFile} by the statements of its file as Liquibase read it ({@code read}: this
     * changeset's changes as Liquibase read them, whatever its dbms); one Liquibase did not read cannot be looked into
     * and counts. Empty when the changeset writes none.
     */
    Optional<LintChange> dataChange(LiquibaseChanges.ChangeSetChanges read) {
        List<LintChange> changes = changes();
        for (int index = 0; index < changes.size(); index++) {
            LintChange c = changes.get(index);
            boolean writesRows = c.type().equals("sqlFile") ? read.writesRows(index, "sqlFile").orElse(true)
                    : DataChanges.writesRows(c.type(), c.customClass()) || SqlText.of(c).writesRows();
            if (writesRows) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The line of the change at {@code index} of {@link #changes()} (a failed one), else the changeset's own. */
    int lineOfChange(Integer index) {
        List<LintChange> changes = changes();
        return index != null && index < changes.size() ? changes.get(index).line() : line;
    }

    YamlNode rollback() {
        return node.get("rollback");
    }

    YamlNode preConditions() {
        return node.get("preConditions");
    }

    /** The precondition's onFail value (MARK_RAN, HALT, ...), or null. */
    String onFail() {
        return preConditions().find("onFail").text();
    }

    String onFailMessage() {
        return preConditions().find("onFailMessage").text();
    }

    boolean runsInTransaction() {
        return !"false".equalsIgnoreCase(node.text("runInTransaction"));
    }

    /** Tables its text creates (createTable, CREATE TABLE), lower case: they hold no rows before it. */
    List<String> createdTables() {
        return changes().stream().flatMap(change -> Stream.concat(Stream.ofNullable(
                        change.type().equals("createTable") ? change.tableName() : null),
                SqlText.of(change).createdTables().stream())).map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    String labels() {
        return node.text("labels");
    }
}
