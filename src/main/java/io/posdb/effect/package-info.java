/**
 * What a changeset does, observed rather than guessed: {@link io.posdb.effect.ChangeSetEffects}
 * applies a changelog on a scratch SQLite file one changeset at a time, with rows seeded into
 * every table first ({@link io.posdb.effect.RowSeeder}), and records for each changeset and each
 * of its changes the schema catalog before and after ({@link io.posdb.schema.SchemaCatalog}'s one
 * differ), the rows inserted, deleted and changed per table ({@link io.posdb.effect.TableRows}),
 * what SQLite compiles its SQL to delete or drop, what it archived, and whether its rollback gives
 * back the state before it. Each changeset is applied from the changelog cut after it, so a later
 * changeset Liquibase refuses at validation stops none before it. The account
 * ({@link io.posdb.effect.ChangeSetEffect}) is cached by the changesets' Liquibase checksums, a failure
 * never; a failure that is the machine's (a full disk) is no changeset's, and is said as such. Lint's rules
 * read it.
 */
package io.posdb.effect;
