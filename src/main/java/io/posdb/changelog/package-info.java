/**
 * The changelog plan, read without running it: where the changelog is, its manifest
 * (changesets and checksums), the plan against DATABASECHANGELOG, release labels and the
 * guards on a plan (newer database, edited changeset), and the history/audit read models.
 */
package io.posdb.changelog;
