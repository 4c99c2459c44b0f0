/**
 * {@code posdb lint}: checks the changelog on disk against the project's migration rules
 * (destructive and data-dependent changes, a foreign key's SET NULL on a NOT NULL column, SQLite hazards, rollbacks,
 * idempotence,
 * transactions, hygiene, released changesets) before a release carries it.
 * <p>Destructive, data-dependent and foreign key rules, and whether a rollback gives back the state before its
 * changeset, are decided from each changeset's effect observed on a seeded scratch database
 * ({@link io.posdb.effect.ChangeSetEffects}); the catalog before each changeset says which tables
 * exist. The text is read for what running cannot show (hygiene, labels, released.sum, a missing
 * rollback) and for a changeset that did not run on the scratch (another engine's, skipped by its
 * precondition, failed). A changeset that fails there is an error of its own; a scratch database the machine
 * stopped (a full disk) is an error too: lint cannot vouch for what it did not run.
 * <p>The YAML is read with SnakeYAML's node API so every finding keeps its file and line;
 * Liquibase's own parser is used only where its semantics matter (checksums), on the changelog as the jar
 * packages it ({@link io.posdb.changelog.ChangelogSource#packagedFrom}): a file a changeset names is found where a
 * till's boot finds it, or lint says so ({@link io.posdb.lint.Rule#SQL_FILE_NOT_PACKAGED}).
 * Rules are {@link io.posdb.lint.Rule} constants; suppression is a comment
 * {@code # lint: allow RULE because <reason>} on the changeset.
 */
package io.posdb.lint;
