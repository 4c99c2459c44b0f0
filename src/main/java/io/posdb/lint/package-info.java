/**
 * {@code posdb lint}: checks the changelog on disk against the project's migration rules
 * (destructive and data-dependent changes, SQLite hazards, rollbacks, idempotence,
 * transactions, hygiene, released changesets) before a release carries it.
 * <p>The YAML is read with SnakeYAML's node API so every finding keeps its file and line;
 * Liquibase's own parser is used only where its semantics matter (checksums).
 * Rules are {@link io.posdb.lint.Rule} constants; suppression is a comment
 * {@code # lint: allow RULE because <reason>} on the changeset.
 */
package io.posdb.lint;
