/**
 * The PostgreSQL side of the upgrade: one till upgrades at a time under an advisory lock,
 * each changeset in its own transaction.
 */
package io.posdb.upgrade.postgres;
