/**
 * The changelog plan, read without running it: where the changelog is, its manifest
 * (changesets and checksums), the plan against DATABASECHANGELOG, release labels and the
 * guards on a plan (newer database, edited changeset), and the read models of what ran: history,
 * audit, state, and the changesets an update or rollback just handled ({@code AppliedChangeSet}).
 */
package io.posdb.changelog;
