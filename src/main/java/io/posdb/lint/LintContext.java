package io.posdb.lint;

import io.posdb.database.Engine;
import io.posdb.effect.ChangeSetEffect;
import io.posdb.effect.ChangeSetEffects;
import io.posdb.schema.SchemaCatalog;
import java.util.List;
import java.util.Map;

/**
 * What rules may know beyond one changeset's text: the changelog, the release being built, the
 * observed effects of the changesets ({@link ChangeSetEffects}) and, for each changeset, the tables
 * and their columns before it, with their declared types (the catalog of the scratch database before it; for a
 * changeset of another engine, the catalog after the SQLite changesets before it: a text column there has the
 * length the changelog gave it on both engines, as the baselines do, unless an SQLite changeset before it already
 * changed it); and what Liquibase's own reading of the changes says of them ({@link LiquibaseChanges}).
 */
record LintContext(Changelog changelog, String release, ChangeSetEffects effects,
                   Map<LintChangeSet, Map<String, List<SchemaCatalog.Column>>> tablesBefore,
                   LiquibaseChanges liquibase) {

    /** The changesets before {@code changeSet}, in changelog order. */
    List<LintChangeSet> before(LintChangeSet changeSet) {
        List<LintChangeSet> all = changelog.changeSets();
        return all.subList(0, all.indexOf(changeSet));
    }

    /** The changeset's effect where it ran on the scratch database; null where the text must speak. */
    ChangeSetEffect observed(LintChangeSet changeSet) {
        ChangeSetEffect effect = effect(changeSet);
        return effect != null && effect.ran() ? effect : null;
    }

    ChangeSetEffect effect(LintChangeSet changeSet) {
        return effects.of(changeSet.id(), recordedPath(changeSet.file()));
    }

    /** The changeset's changes as Liquibase read them; any dbms. */
    LiquibaseChanges.ChangeSetChanges readByLiquibase(LintChangeSet changeSet) {
        return liquibase.of(changeSet.id(), recordedPath(changeSet.file()), changeSet.appliesTo(Engine.SQLITE));
    }

    /** What each change of the changeset says of NOT NULL and foreign keys, as Liquibase read it; any dbms. */
    List<LiquibaseChanges.ColumnsRead> columnsReadByLiquibase(LintChangeSet changeSet) {
        return liquibase.columnsOf(changeSet.id(), recordedPath(changeSet.file()), changeSet.appliesTo(Engine.SQLITE));
    }

    /**
     * The file name Liquibase gives the file's changesets (the effects and Liquibase's reading are keyed by it): its own
     * logicalFilePath; without one, the master's, which Liquibase 4 passes on to the files it includes
     * (lint's LOGICAL_FILE_PATH rule flags the file); else its path.
     */
    private String recordedPath(ChangelogFile file) {
        if (file.logicalFilePath() != null) {
            return file.logicalFilePath();
        }
        String inherited = file == changelog.master() ? null : changelog.master().logicalFilePath();
        return inherited != null ? inherited : file.name();
    }

    /**
     * Whether the table existed before the changeset. A table the catalog does not know counts as
     * existing unless the changeset itself creates it: lint cannot prove it empty.
     */
    boolean existsBefore(String table, LintChangeSet changeSet) {
        return columnsBefore(table, changeSet) != null || table != null && !changeSet.createdTables().contains(
                table.toLowerCase(java.util.Locale.ROOT));
    }

    /** The names of the table's columns before the changeset, or null when the catalog before it has no such table. */
    List<String> columnsBefore(String table, LintChangeSet changeSet) {
        List<SchemaCatalog.Column> columns = tableBefore(table, changeSet);
        return columns == null ? null : columns.stream().map(SchemaCatalog.Column::name).toList();
    }

    /** The column (its declared type) before the changeset, or null when the catalog before it has no such column. */
    SchemaCatalog.Column columnBefore(String table, String column, LintChangeSet changeSet) {
        List<SchemaCatalog.Column> columns = tableBefore(table, changeSet);
        return columns == null ? null : columns.stream().filter(c -> c.name().equalsIgnoreCase(column))
                .findFirst().orElse(null);
    }

    private List<SchemaCatalog.Column> tableBefore(String table, LintChangeSet changeSet) {
        return tablesBefore.getOrDefault(changeSet, Map.of()).entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(table)).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
